package org.sparkmlp.spark;

import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.JoinedRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.sql.types.StructType;
import org.sparkmlp.data.InvalidRowException;
import org.sparkmlp.data.OnInvalidRows;
import org.sparkmlp.data.RowRules;
import org.sparkmlp.math.Matrix;
import org.sparkmlp.model.Metrics;
import org.sparkmlp.model.MlpModel;
import org.sparkmlp.model.Predictor;
import org.sparkmlp.nn.Task;

/** Applying a trained model to a {@code Dataset<Row>}: predictions and evaluation metrics. */
public final class SparkScoring {
    /** Rows per kernel call when scoring. */
    public static final int BATCH = 512;

    private SparkScoring() {}

    /**
     * The rows of {@code df} with a {@code prediction} column (the class index as a double, the regression
     * value, or, for a regression with several outputs, an array of them in the order of the model's label
     * columns) and, for classification, a {@code probability} column of class probabilities and a
     * {@code rawPrediction} column of the scores before the softmax, as Spark ML's classifiers have (arrays
     * of doubles here, since spark-mlp does not depend on Spark ML's vector type).
     */
    public static Dataset<Row> transform(MlpModel model, Dataset<Row> df, String source) {
        return transform(model, df, source, ScoreColumns.DEFAULT);
    }

    /** The schema {@link #transform(MlpModel, Dataset, String, ScoreColumns)} gives {@code schema}. */
    public static StructType transformSchema(MlpModel model, StructType schema, String source, ScoreColumns names) {
        InputColumns.forModel(schema, model, false, source);
        return names.addTo(schema, model.task() != Task.REGRESSION,
            !model.isClassification() && model.labelColumns().size() > 1,
            model.table() != null && model.table().namedClasses());
    }

    /**
     * {@link #transform(MlpModel, Dataset, String)} with the output columns {@code names}: their names, arrays
     * or vectors, and thresholds. The rows go through the network in batches of {@link #BATCH}, read and
     * written as Spark's internal rows: the input columns are carried over as they are stored.
     */
    public static Dataset<Row> transform(MlpModel model, Dataset<Row> df, String source, ScoreColumns names) {
        InputColumns columns = InputColumns.forModel(df.schema(), model, false, source).forScoring(model);
        List<String> classes = model.table() == null ? List.of() : model.table().classes();
        org.apache.spark.unsafe.types.UTF8String[] classNames = classes.stream()
            .map(org.apache.spark.unsafe.types.UTF8String::fromString)
            .toArray(org.apache.spark.unsafe.types.UTF8String[]::new);
        int[] featureIdx = columns.featureOrdinals(df.schema());
        boolean classification = model.isClassification();
        boolean multiLabel = model.task() == Task.MULTI_LABEL;
        boolean multiOutput = !classification && model.labelColumns().size() > 1;
        StructType out = transformSchema(model, df.schema(), source, names);
        int added = out.size() - df.schema().size();
        FlatMapFunction<Iterator<InternalRow>, InternalRow> score = rows -> new Iterator<InternalRow>() {
            private final Predictor predictor = model.newPredictor(BATCH);
            private final double[] raw = columns.sparse() ? null : new double[columns.numFeatures()];
            private final int[] stored = columns.sparse() ? new int[columns.numFeatures()] : null;
            private final float[] values = columns.sparse() ? new float[columns.numFeatures()] : null;
            private final InternalRow[] pending = new InternalRow[BATCH];
            private int size;
            private int next;
            private long rowNo;

            @Override
            public boolean hasNext() {
                if (next < size) {
                    return true;
                }
                size = 0;
                next = 0;
                if (columns.sparse()) {
                    predictor.clearSparseRows();
                }
                while (size < BATCH && rows.hasNext()) {
                    InternalRow row = rows.next();
                    rowNo++;
                    try {
                        if (columns.sparse()) {
                            predictor.addSparseRow(stored, values, columns.readSparse(row, featureIdx, stored, values));
                        } else {
                            columns.readFeatures(row, featureIdx, raw);
                            predictor.setRow(size, raw);
                        }
                    } catch (InvalidRowException e) {
                        throw e.at(where(source, rowNo));
                    }
                    pending[size++] = row.copy();
                }
                if (size == 0) {
                    return false;
                }
                Matrix result = columns.sparse() ? predictor.runSparse() : predictor.run(size);
                int k = result.cols();
                for (int r = 0; r < size; r++) {
                    Object[] values = new Object[added];
                    int c = 0;
                    if (classification) {
                        if (!names.prediction().isEmpty()) {
                            double predicted = names.predict(result.data(), r, k);
                            values[c++] = classNames.length > 0 ? classNames[(int) predicted] : predicted;
                        }
                        if (!names.probability().isEmpty()) {
                            values[c++] = names.vectors().of(Arrays.copyOfRange(result.data(), r * k, (r + 1) * k));
                        }
                        if (!names.rawPrediction().isEmpty()) {
                            values[c++] = names.vectors().of(Arrays.copyOfRange(predictor.logits().data(), r * k,
                                (r + 1) * k));
                        }
                    } else if (multiLabel) {
                        double[] p = Arrays.copyOfRange(result.data(), r * k, (r + 1) * k);
                        if (!names.prediction().isEmpty()) {
                            double[] yes = new double[k];
                            for (int j = 0; j < k; j++) {
                                yes[j] = p[j] >= 0.5 ? 1 : 0;
                            }
                            values[c++] = multiOutput ? UnsafeArrayData.fromPrimitiveArray(yes) : yes[0];
                        }
                        if (!names.probability().isEmpty()) {
                            values[c++] = names.vectors().of(p);
                        }
                        if (!names.rawPrediction().isEmpty()) {
                            values[c++] = names.vectors().of(Arrays.copyOfRange(predictor.logits().data(), r * k,
                                (r + 1) * k));
                        }
                    } else if (!names.prediction().isEmpty()) {
                        values[c] = multiOutput
                            ? UnsafeArrayData.fromPrimitiveArray(Arrays.copyOfRange(result.data(), r * k, (r + 1) * k))
                            : result.data()[r];
                    }
                    pending[r] = new JoinedRow(pending[r], new GenericInternalRow(values));
                }
                return true;
            }

            @Override
            public InternalRow next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return pending[next++];
            }
        };
        RDD<InternalRow> scored = df.queryExecution().toRdd().toJavaRDD().mapPartitions(score).rdd();
        return ((org.apache.spark.sql.classic.SparkSession) df.sparkSession()).internalCreateDataFrame(scored, out,
            false);
    }

    /**
     * Metrics of {@code model} on {@code df}, which must have the model's feature and label columns: read
     * as training reads them ({@link DatasetBlocks}), in blocks through the matrix kernel.
     */
    public static Metrics evaluate(MlpModel model, Dataset<Row> df, String source) {
        InputColumns columns = InputColumns.forModel(df.schema(), model, true, source).forScoring(model);
        RowRules rules = new RowRules(RowRules.labelsOf(model.spec().loss(), model.spec().outputDim()),
            OnInvalidRows.FAIL);
        List<Metrics> parts = DatasetBlocks.scan(df, columns, BATCH, source, rules).mapPartitions(blocks -> {
            Metrics m = model.newMetrics();
            Predictor predictor = model.newPredictor(BATCH);
            blocks.forEachRemaining(b -> predictor.evaluate(b, m));
            return List.of(m).iterator();
        }).collect();
        Metrics total = model.newMetrics();
        parts.forEach(total::merge);
        return total;
    }

    /** A row's place for messages: the source, the row of the task's partition and the file being read. */
    private static String where(String source, long rowNo) {
        return source + ": row " + rowNo + " of partition " + org.apache.spark.TaskContext.getPartitionId()
            + SparkData.inputFile();
    }
}
