package org.sparkmlp.spark;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.sparkmlp.data.ColumnProfile;
import org.sparkmlp.math.Checks;

/**
 * The profiles of a table's columns, one per candidate feature column and the label's (null for several
 * labels), from one pass over the input, for {@link org.sparkmlp.data.TableEncoding#learn}.
 */
public record TableProfiles(List<ColumnProfile> features, ColumnProfile label) {

    /**
     * Profiles {@code features} (numbers, strings or booleans) of {@code input} and its label column, when
     * {@code labels} names one: a null is a missing value, as is NaN; strings and booleans are words. The pass
     * reads the columns the caching pass reads (the features, every label and the {@code weight}, null for
     * none), so that the two share their scan.
     */
    static TableProfiles of(TableScan input, List<StructField> features, List<String> labels, String weight,
                            String source) {
        List<StructField> fields = new ArrayList<>(features);
        String label = labels.size() == 1 ? labels.get(0) : null;
        if (label != null) {
            fields.add(input.field(label));
        }
        List<String> selected = input.read(features.stream().map(StructField::name).toList(), labels, weight);
        int[] at = fields.stream().mapToInt(f -> selected.indexOf(f.name())).toArray();
        int numFeatures = features.size();
        input.sparkContext().setJobDescription("spark-mlp: profile the columns of " + source);
        boolean numbers = java.util.Arrays.stream(numberTypes(fields)).allMatch(java.util.Objects::nonNull);
        org.apache.spark.rdd.RDD<org.apache.spark.sql.vectorized.ColumnarBatch> batches =
            numbers ? input.batches(selected) : null;
        if (batches != null) {
            return merge(batches.toJavaRDD().mapPartitions(it -> List.of(profileBatches(it, fields, at, numFeatures))
                .iterator()).collect(), numFeatures, label != null, source + " has no data rows");
        }
        List<List<ColumnProfile>> parts = input.select(selected).queryExecution().toRdd().toJavaRDD()
            .mapPartitions(rows -> {
                List<ColumnProfile> ps = emptyProfiles(fields, numFeatures);
                InputColumn.NumberType[] types = numberTypes(fields);
                while (rows.hasNext()) {
                    InternalRow row = rows.next();
                    for (int j = 0; j < fields.size(); j++) {
                        DataType t = fields.get(j).dataType();
                        int i = at[j];
                        if (row.isNullAt(i)) {
                            ps.get(j).addMissing();
                        } else if (t instanceof StringType) {
                            ps.get(j).addWord(row.getUTF8String(i).toString());
                        } else if (t instanceof BooleanType) {
                            ps.get(j).addWord(Boolean.toString(row.getBoolean(i)));
                        } else {
                            ps.get(j).addNumber(types[j].get(row, i,
                                t instanceof org.apache.spark.sql.types.DecimalType d ? d : null));
                        }
                    }
                }
                return List.of(ps).iterator();
            }).collect();
        return merge(parts, numFeatures, label != null, source + " has no data rows");
    }

    /** A profile per field, none seen yet; those from {@code numFeatures} on (the label's) keep their numbers. */
    private static List<ColumnProfile> emptyProfiles(List<StructField> fields, int numFeatures) {
        List<ColumnProfile> ps = new ArrayList<>();
        for (int j = 0; j < fields.size(); j++) {
            ps.add(new ColumnProfile(fields.get(j).name(), j >= numFeatures));
        }
        return ps;
    }

    /** Each field's number type; null for a string or boolean. */
    private static InputColumn.NumberType[] numberTypes(List<StructField> fields) {
        InputColumn.NumberType[] numbers = new InputColumn.NumberType[fields.size()];
        for (int j = 0; j < fields.size(); j++) {
            numbers[j] = InputColumn.NumberType.of(fields.get(j).dataType());
        }
        return numbers;
    }

    /**
     * The profiles of one partition's columnar batches of numeric {@code fields}, field {@code j} in column
     * {@code at[j]}, read column by column: a wide Parquet table of numbers is profiled without turning its
     * batches into rows.
     */
    private static List<ColumnProfile> profileBatches(java.util.Iterator<org.apache.spark.sql.vectorized.ColumnarBatch>
                                                          it, List<StructField> fields, int[] at, int numFeatures) {
        List<ColumnProfile> ps = emptyProfiles(fields, numFeatures);
        InputColumn.NumberType[] numbers = numberTypes(fields);
        org.apache.spark.sql.types.DecimalType[] decimals = new org.apache.spark.sql.types.DecimalType[fields.size()];
        for (int j = 0; j < fields.size(); j++) {
            decimals[j] = fields.get(j).dataType() instanceof org.apache.spark.sql.types.DecimalType d ? d : null;
        }
        double[] values = new double[0];
        while (it.hasNext()) {
            org.apache.spark.sql.vectorized.ColumnarBatch batch = it.next();
            int n = batch.numRows();
            if (values.length < n) {
                values = new double[n];
            }
            for (int j = 0; j < fields.size(); j++) {
                org.apache.spark.sql.vectorized.ColumnVector v = batch.column(at[j]);
                ColumnProfile p = ps.get(j);
                numbers[j].read(v, n, decimals[j], values);
                if (!v.hasNull()) {
                    p.addNumbers(values, 0, n);
                    continue;
                }
                for (int r = 0; r < n; r++) {
                    if (v.isNullAt(r)) {
                        p.addMissing();
                    } else {
                        p.addNumber(values[r]);
                    }
                }
            }
        }
        return ps;
    }

    /**
     * The profiles of the whole input from those of its partitions, each a list of the feature columns'
     * profiles and then, when {@code withLabel}, the label's; refused with {@code noRows} when no row was seen.
     */
    static TableProfiles merge(List<List<ColumnProfile>> parts, int numFeatures, boolean withLabel, String noRows) {
        Checks.arg(!parts.isEmpty(), "%s", noRows);
        List<ColumnProfile> total = parts.get(0);
        for (int i = 1; i < parts.size(); i++) {
            for (int j = 0; j < total.size(); j++) {
                total.get(j).merge(parts.get(i).get(j));
            }
        }
        ColumnProfile first = total.get(0);
        Checks.arg(first.numbers() + first.wordCount() + first.missing() > 0, "%s", noRows);
        return new TableProfiles(List.copyOf(total.subList(0, numFeatures)), withLabel ? total.get(numFeatures) : null);
    }
}
