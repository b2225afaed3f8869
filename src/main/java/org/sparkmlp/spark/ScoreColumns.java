package org.sparkmlp.spark;

import java.io.Serializable;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.sparkmlp.math.Checks;

/**
 * The columns {@link SparkScoring#transform} adds, as Spark ML's classifiers name them: {@code prediction}
 * (the class, or the regression's value), {@code probability} and {@code rawPrediction} (class probabilities
 * and the scores before the softmax). A column whose name is empty is left out. Probabilities and scores are
 * arrays of doubles, or, given a {@link Vectors} maker, Spark ML vectors; {@code thresholds} (null for
 * none) scale the probabilities before the arg max, as Spark's {@code thresholds} param does.
 */
public record ScoreColumns(String prediction, String probability, String rawPrediction, Vectors vectors,
                           double[] thresholds) implements Serializable {
    /** How the scores of a row become a column value, and that column's type. */
    public interface Vectors extends Serializable {
        DataType type();

        /** The column's value for {@code values} in Spark's internal form (as a {@code InternalRow} holds it). */
        Object of(double[] values);
    }

    /** Arrays of doubles: what spark-mlp's own API returns. */
    public static final Vectors ARRAYS = new Vectors() {
        @Override
        public DataType type() {
            return DataTypes.createArrayType(DataTypes.DoubleType, false);
        }

        @Override
        public Object of(double[] values) {
            return org.apache.spark.sql.catalyst.expressions.UnsafeArrayData.fromPrimitiveArray(values);
        }
    };

    /** {@code prediction}, {@code probability}, {@code rawPrediction} as arrays, no thresholds. */
    public static final ScoreColumns DEFAULT = new ScoreColumns("prediction", "probability", "rawPrediction", ARRAYS,
        null);

    public ScoreColumns {
        Checks.notNull(prediction, "prediction");
        Checks.notNull(probability, "probability");
        Checks.notNull(rawPrediction, "rawPrediction");
        Checks.notNull(vectors, "vectors");
        if (thresholds != null) {
            thresholds = org.sparkmlp.model.Thresholds.checked(thresholds);
        }
    }

    /**
     * The class of row {@code r} of {@code probabilities} ({@code k} per row): the arg max, of the
     * probabilities divided by the thresholds when there are thresholds, as Spark's classifiers choose (a
     * class with threshold 0 wins unless its probability is 0 too; {@link org.sparkmlp.model.Thresholds}).
     */
    public double predict(double[] probabilities, int r, int k) {
        return org.sparkmlp.model.Thresholds.argMax(probabilities, r, k, thresholds);
    }

    /**
     * {@code schema} with the columns added for a model of this kind; refuses a name already there.
     *
     * @param scores           whether the model has probabilities (a classifier's, or a multi-label model's)
     * @param arrayPrediction  whether the prediction is an array: one value per output or per label
     */
    public StructType addTo(StructType schema, boolean scores, boolean arrayPrediction) {
        return addTo(schema, scores, arrayPrediction, false);
    }

    /** {@link #addTo(StructType, boolean, boolean)}; {@code namedClasses}: the prediction is the class's name. */
    public StructType addTo(StructType schema, boolean scores, boolean arrayPrediction, boolean namedClasses) {
        StructType out = schema;
        for (String[] c : new String[][] {{prediction, "p"}, {probability, "v"}, {rawPrediction, "v"}}) {
            if (c[0].isEmpty() || (!scores && c[1].equals("v"))) {
                continue;
            }
            Checks.arg(!java.util.List.of(schema.fieldNames()).contains(c[0]),
                "the input already has a column '%s'; choose another name for the output", c[0]);
            DataType type = c[1].equals("v") ? vectors.type()
                : arrayPrediction ? DataTypes.createArrayType(DataTypes.DoubleType, false)
                : namedClasses ? DataTypes.StringType : DataTypes.DoubleType;
            out = out.add(c[0], type, false);
        }
        return out;
    }
}
