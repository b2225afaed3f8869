package org.sparkmlp.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.UserDefinedType;
import org.sparkmlp.data.InvalidRowException;
import org.sparkmlp.math.Checks;
import org.sparkmlp.data.RowProblem;
import org.sparkmlp.data.TableEncoding;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.StringType;

/**
 * One input column and how its values are read: a number of any numeric type, a Spark ML vector (dense
 * or sparse, expanded to {@code width} values) or an array of numbers ({@code width} of them). Values are
 * read from Spark's internal rows, primitives straight out of the row's memory, or from columnar batches.
 *
 * <p>A vector or array column {@code features} of width 3 gives the network the features
 * {@code features[0]}, {@code features[1]} and {@code features[2]}: those are the names a model keeps.
 */
final class InputColumn implements Serializable {
    /** How a column holds its numbers. */
    enum Kind { NUMBER, VECTOR, ARRAY, ENCODED, CLASS_NAME }

    private static final long serialVersionUID = 1L;

    private final String name;
    private final Kind kind;
    private final int width;
    private final DataType type;
    private final NumberType number;
    private final DecimalType decimal;
    /** The encoding an {@code ENCODED} column (its column {@code index}) or a {@code CLASS_NAME} label is read by. */
    private final TableEncoding table;
    private final int index;
    /** Whether an {@code ENCODED} column fills a missing value; else it refuses the row. */
    private final boolean imputes;
    private transient TableEncoding.Encoder encoder;

    private InputColumn(String name, Kind kind, int width, DataType type) {
        this(name, kind, width, type, null, -1, false);
    }

    private InputColumn(String name, Kind kind, int width, DataType type, TableEncoding table, int index,
                        boolean imputes) {
        this.imputes = imputes;
        this.table = table;
        this.index = index;
        this.name = name;
        this.kind = kind;
        this.width = width;
        this.type = type;
        this.number = kind == Kind.NUMBER || kind == Kind.ENCODED || kind == Kind.CLASS_NAME ? NumberType.of(type)
            : kind == Kind.ARRAY ? NumberType.of(((ArrayType) type).elementType()) : NumberType.DOUBLE;
        DataType numbers = kind == Kind.ARRAY ? ((ArrayType) type).elementType() : type;
        this.decimal = numbers instanceof DecimalType d ? d : null;
    }

    /** The column {@code field} as a number column, or null when its type holds no numbers this way. */
    static InputColumn number(StructField field) {
        return NumberType.of(field.dataType()) == null ? null : new InputColumn(field.name(), Kind.NUMBER, 1,
            field.dataType());
    }

    /**
     * The column {@code field} read as column {@code index} of {@code table}: strings (levels, or the text of
     * numbers), booleans, or numbers; a null is a missing value.
     */
    static InputColumn encoded(StructField field, TableEncoding table, int index, String source, boolean imputes) {
        DataType t = field.dataType();
        if (!(t instanceof StringType) && !(t instanceof BooleanType) && NumberType.of(t) == null) {
            throw new IllegalArgumentException("column '" + field.name() + "' in " + source + " is " + t.simpleString()
                + "; expected " + (table.columns().get(index).categorical() ? "strings" : "numbers"));
        }
        return new InputColumn(field.name(), Kind.ENCODED, table.columns().get(index).width(), t, table, index,
            imputes);
    }

    /** The label column {@code field}, holding the class names of {@code table}. */
    static InputColumn className(StructField field, TableEncoding table) {
        return new InputColumn(field.name(), Kind.CLASS_NAME, 1, field.dataType(), table, -1, false);
    }

    private TableEncoding.Encoder encoder() {
        if (encoder == null) {
            encoder = table.encoder();
        }
        return encoder;
    }

    /** The column {@code field} as a vector or array of {@code width} numbers. */
    static InputColumn multi(StructField field, int width) {
        Kind kind = kindOf(field.dataType());
        if (kind == null || kind == Kind.NUMBER) {
            throw new IllegalArgumentException("column '" + field.name() + "' is " + field.dataType().simpleString()
                + ", not a vector or an array of numbers");
        }
        return new InputColumn(field.name(), kind, width, field.dataType());
    }

    /** How a column of type {@code t} holds its numbers, or null for a type that holds none this way. */
    static Kind kindOf(DataType t) {
        if (NumberType.of(t) != null) {
            return Kind.NUMBER;
        }
        if (isVector(t)) {
            return Kind.VECTOR;
        }
        if (t instanceof ArrayType a && NumberType.of(a.elementType()) != null) {
            return Kind.ARRAY;
        }
        return null;
    }

    /**
     * Whether {@code t} is a Spark ML (or MLlib) vector: a user-defined type stored as Spark's vector struct
     * (type, size, indices, values). Recognised by its storage, so that spark-mlp needs no MLlib classes.
     */
    static boolean isVector(DataType t) {
        if (!(t instanceof UserDefinedType<?> udt) || !(udt.sqlType() instanceof StructType s) || s.size() != 4) {
            return false;
        }
        String[] names = s.fieldNames();
        return names[0].equals("type") && names[1].equals("size") && names[2].equals("indices")
            && names[3].equals("values");
    }

    String name() {
        return name;
    }

    Kind kind() {
        return kind;
    }

    int width() {
        return width;
    }

    /** The names of the features this column gives: its own name, or {@code name[i]} for each element. */
    List<String> featureNames() {
        if (kind == Kind.ENCODED) {
            return table.columns().get(index).inputNames();
        }
        if (kind == Kind.NUMBER || kind == Kind.CLASS_NAME) {
            return List.of(name);
        }
        List<String> names = new ArrayList<>(width);
        for (int i = 0; i < width; i++) {
            names.add(name + "[" + i + "]");
        }
        return names;
    }

    /** What the column is, for messages: "a vector of 784 numbers". */
    String describe() {
        return switch (kind) {
            case NUMBER -> "a number";
            case VECTOR -> "a vector of " + width + " numbers";
            case ARRAY -> "an array of " + width + " numbers";
            case ENCODED -> table.columns().get(index).categorical() ? "a value" : "a finite number";
            case CLASS_NAME -> "one of the classes " + table.classes();
        };
    }

    /**
     * Reads the column at {@code ordinal} of an internal row into {@code x[off..off+width)}. Every value
     * must be a finite number within single precision (the blocks hold float32).
     *
     * @throws InvalidRowException naming the column (and the element) and what was expected
     */
    void read(InternalRow row, int ordinal, double[] x, int off) {
        if (kind == Kind.ENCODED) {
            readEncoded(row, ordinal, x);
            return;
        }
        if (kind == Kind.CLASS_NAME) {
            String s = row.isNullAt(ordinal) ? "" : type instanceof StringType ? row.getUTF8String(ordinal).toString()
                : number != null ? Double.toString(number.get(row, ordinal, decimal)) : "";
            x[off] = encoder().classOf(name, s, 0, s.length());
            return;
        }
        if (row.isNullAt(ordinal)) {
            throw missing();
        }
        switch (kind) {
            case NUMBER -> x[off] = check(number.get(row, ordinal, decimal), -1);
            case VECTOR -> readVector(row.getStruct(ordinal, 4), x, off);
            case ARRAY -> readArray(row.getArray(ordinal), x, off);
        }
    }

    /** An encoded column's inputs, at the places its encoding gives them in a row of all the table's inputs. */
    private void readEncoded(InternalRow row, int ordinal, double[] x) {
        TableEncoding.Encoder e = encoder();
        if (row.isNullAt(ordinal)) {
            if (!imputes) {
                throw missing();
            }
            e.missing(index, x, true);
        } else if (type instanceof StringType) {
            String s = row.getUTF8String(ordinal).toString();
            e.text(index, s, 0, s.length(), x, imputes);
        } else if (type instanceof BooleanType) {
            e.level(index, Boolean.toString(row.getBoolean(ordinal)), x);
        } else {
            e.number(index, number.get(row, ordinal, decimal), x, imputes);
        }
    }

    /**
     * Reads a number column's values {@code from..from+n)} from a column vector into
     * {@code out[r * stride + at]} for {@code r} in {@code 0..n)}, null flags into {@code nulls} alike.
     */
    void readColumn(org.apache.spark.sql.vectorized.ColumnVector v, int from, int n, double[] out, int stride,
                    int at, boolean[] nulls) {
        switch (number) {
            case INT -> {
                for (int r = 0, o = at; r < n; r++, o += stride) {
                    out[o] = v.getInt(from + r);
                }
            }
            case DOUBLE -> {
                for (int r = 0, o = at; r < n; r++, o += stride) {
                    out[o] = v.getDouble(from + r);
                }
            }
            case FLOAT -> {
                for (int r = 0, o = at; r < n; r++, o += stride) {
                    out[o] = v.getFloat(from + r);
                }
            }
            case LONG -> {
                for (int r = 0, o = at; r < n; r++, o += stride) {
                    out[o] = v.getLong(from + r);
                }
            }
            default -> {
                for (int r = 0, o = at; r < n; r++, o += stride) {
                    out[o] = v.isNullAt(from + r) ? 0 : number.get(v, from + r, decimal);
                }
            }
        }
        boolean mayBeNull = v.hasNull();
        for (int r = 0, o = at; r < n; r++, o += stride) {
            nulls[o] = mayBeNull && v.isNullAt(from + r);
        }
    }

    /** The number of values of the (non-null) column at {@code ordinal}. */
    int widthOf(InternalRow row, int ordinal) {
        return switch (kind) {
            case NUMBER, ENCODED, CLASS_NAME -> width;
            case VECTOR -> {
                InternalRow v = row.getStruct(ordinal, 4);
                yield v.getByte(0) == 1 ? v.getArray(3).numElements() : v.getInt(1);
            }
            case ARRAY -> row.getArray(ordinal).numElements();
        };
    }

    /**
     * Reads the vector column at {@code ordinal} as a sparse row: its stored values (a dense vector's
     * non-zero ones) into {@code values} at the columns {@code columns}, ascending; returns their count.
     * Every value must be a finite number within single precision.
     *
     * @throws InvalidRowException naming the column and what was expected
     */
    int readSparse(InternalRow row, int ordinal, int[] columns, float[] values) {
        Checks.state(kind == Kind.VECTOR, "column '%s' is not a vector column", name);
        if (row.isNullAt(ordinal)) {
            throw missing();
        }
        InternalRow v = row.getStruct(ordinal, 4);
        ArrayData stored = v.getArray(3);
        int n = 0;
        if (v.getByte(0) == 1) {
            int size = stored.numElements();
            if (size != width) {
                throw wrongSize(size);
            }
            for (int i = 0; i < size; i++) {
                double x = stored.getDouble(i);
                if (x != 0) {
                    columns[n] = i;
                    values[n++] = (float) check(x, i);
                }
            }
            return n;
        }
        int size = v.getInt(1);
        if (size != width) {
            throw wrongSize(size);
        }
        ArrayData indices = v.getArray(2);
        int nnz = indices.numElements();
        int last = -1;
        for (int k = 0; k < nnz; k++) {
            int i = indices.getInt(k);
            if (i <= last || i >= width) {
                throw new InvalidRowException(RowProblem.FIELD_COUNT, "column '" + name + "': a sparse vector has index "
                    + i + (i >= width ? ", outside 0.." + (width - 1) : " after " + last + ", out of order")
                    + "; expected " + describe());
            }
            last = i;
            double x = stored.getDouble(k);
            if (x != 0) {
                columns[n] = i;
                values[n++] = (float) check(x, i);
            }
        }
        return n;
    }

    /** Spark's vector struct: type 0 sparse (size, indices, values), 1 dense (values). */
    private void readVector(InternalRow v, double[] x, int off) {
        ArrayData values = v.getArray(3);
        if (v.getByte(0) == 1) {
            int n = values.numElements();
            if (n != width) {
                throw wrongSize(n);
            }
            for (int i = 0; i < n; i++) {
                x[off + i] = check(values.getDouble(i), i);
            }
            return;
        }
        int size = v.getInt(1);
        if (size != width) {
            throw wrongSize(size);
        }
        ArrayData indices = v.getArray(2);
        java.util.Arrays.fill(x, off, off + width, 0.0);
        int nnz = indices.numElements();
        for (int k = 0; k < nnz; k++) {
            int i = indices.getInt(k);
            if (i < 0 || i >= width) {
                throw new InvalidRowException(RowProblem.FIELD_COUNT, "column '" + name + "': a sparse vector has index "
                    + i + ", outside 0.." + (width - 1) + "; expected " + describe());
            }
            x[off + i] = check(values.getDouble(k), i);
        }
    }

    private void readArray(ArrayData a, double[] x, int off) {
        int n = a.numElements();
        if (n != width) {
            throw wrongSize(n);
        }
        for (int i = 0; i < n; i++) {
            if (a.isNullAt(i)) {
                throw missingElement(i);
            }
            x[off + i] = check(number.get(a, i, decimal), i);
        }
    }

    /** {@code v} if finite and within single precision; element {@code i} (or -1 for a number) names it. */
    double check(double v, int i) {
        if (Math.abs(v) <= Float.MAX_VALUE) {
            return v;
        }
        String where = i < 0 ? "column '" + name + "'" : "column '" + name + "', element " + i;
        throw new InvalidRowException(RowProblem.NOT_FINITE, where + ": " + v
            + (Double.isFinite(v) ? " is beyond single precision; expected a finite number within ±" + Float.MAX_VALUE
            : "; expected a finite number"));
    }

    InvalidRowException missing() {
        return new InvalidRowException(RowProblem.MISSING, "column '" + name + "' is null"
            + (kind == Kind.NUMBER ? " or not a number" : "") + "; expected " + describe());
    }

    private InvalidRowException missingElement(int i) {
        return new InvalidRowException(RowProblem.MISSING, "column '" + name + "', element " + i
            + " is null; expected a finite number");
    }

    private InvalidRowException wrongSize(int n) {
        return new InvalidRowException(RowProblem.FIELD_COUNT, "column '" + name + "' has " + n + " values; expected "
            + describe());
    }

    /** The numeric types, each read as a double from an internal row or array without boxing. */
    enum NumberType {
        BYTE, SHORT, INT, LONG, FLOAT, DOUBLE, DECIMAL;

        static NumberType of(DataType t) {
            if (!(t instanceof NumericType)) {
                return null;
            }
            return t instanceof ByteType ? BYTE : t instanceof ShortType ? SHORT : t instanceof IntegerType ? INT
                : t instanceof LongType ? LONG : t instanceof FloatType ? FLOAT : t instanceof DoubleType ? DOUBLE
                : t instanceof DecimalType ? DECIMAL : null;
        }

        /** Value {@code r} of a column vector; {@code decimal} is the column's type when it is a decimal. */
        double get(org.apache.spark.sql.vectorized.ColumnVector v, int r, DecimalType decimal) {
            return switch (this) {
                case BYTE -> v.getByte(r);
                case SHORT -> v.getShort(r);
                case INT -> v.getInt(r);
                case LONG -> v.getLong(r);
                case FLOAT -> v.getFloat(r);
                case DOUBLE -> v.getDouble(r);
                case DECIMAL -> v.getDecimal(r, decimal.precision(), decimal.scale()).toDouble();
            };
        }

        /**
         * Values {@code 0..n)} of a column vector into {@code out}, one loop per type; a null row's value is
         * whatever the vector holds there (0 for a decimal).
         */
        void read(org.apache.spark.sql.vectorized.ColumnVector v, int n, DecimalType decimal, double[] out) {
            switch (this) {
                case INT -> {
                    for (int r = 0; r < n; r++) {
                        out[r] = v.getInt(r);
                    }
                }
                case DOUBLE -> {
                    for (int r = 0; r < n; r++) {
                        out[r] = v.getDouble(r);
                    }
                }
                case FLOAT -> {
                    for (int r = 0; r < n; r++) {
                        out[r] = v.getFloat(r);
                    }
                }
                case LONG -> {
                    for (int r = 0; r < n; r++) {
                        out[r] = v.getLong(r);
                    }
                }
                default -> {
                    for (int r = 0; r < n; r++) {
                        out[r] = v.isNullAt(r) ? 0 : get(v, r, decimal);
                    }
                }
            }
        }

        /** Value {@code i} of {@code g}; {@code decimal} is the column's type when it is a decimal. */
        double get(org.apache.spark.sql.catalyst.expressions.SpecializedGetters g, int i, DecimalType decimal) {
            return switch (this) {
                case BYTE -> g.getByte(i);
                case SHORT -> g.getShort(i);
                case INT -> g.getInt(i);
                case LONG -> g.getLong(i);
                case FLOAT -> g.getFloat(i);
                case DOUBLE -> g.getDouble(i);
                case DECIMAL -> g.getDecimal(i, decimal.precision(), decimal.scale()).toDouble();
            };
        }
    }
}
