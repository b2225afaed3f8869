package org.sparkmlp.cli;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparkmlp.ml.MlpClassifier;
import org.sparkmlp.ml.MlpRegressor;
import org.sparkmlp.model.ModelIO;
import org.sparkmlp.testutil.Cli;
import org.sparkmlp.testutil.SharedSpark;

/**
 * Bad input on the surfaces a table reaches spark-mlp through besides CSV: vector columns of Parquet files and
 * of Datasets handed to the estimators, the estimators' params and columns, and fuzzed Parquet files and mixed
 * CSVs. Each refusal names what is wrong and where, and leaves no model behind.
 */
class NewSurfacesBadInputTest {
    private static final StructType VECTORS = new StructType().add("features", SQLDataTypes.VectorType(), true)
        .add("label", DataTypes.DoubleType);

    @TempDir
    Path tmp;

    /** 30 rows of 3-wide vectors and labels 0..2, with row {@code bad} (0-based) replaced by {@code vector}. */
    private static Dataset<Row> vectors(int bad, org.apache.spark.ml.linalg.Vector vector) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            org.apache.spark.ml.linalg.Vector v = i == bad ? vector : Vectors.dense(i % 5, i % 7 - 3, 0.5 * i);
            rows.add(RowFactory.create(v, (double) (i % 3)));
        }
        return SharedSpark.session().createDataFrame(rows, VECTORS).coalesce(1);
    }

    /** The message of the innermost cause that says what is wrong, as a user catching the fit's error reads it. */
    private static String messageOf(Throwable e) {
        Throwable t = org.sparkmlp.testutil.Causes.first(e, IllegalArgumentException.class);
        return t.getMessage();
    }

    private static void assertMentions(String message, String... words) {
        for (String w : words) {
            assertTrue(message.contains(w), "'" + w + "' in: " + message);
        }
    }

    @Test
    void badVectorsAreRefusedByTheCommandLineAndTheEstimatorNamingColumnAndRow() throws Exception {
        record Case(String name, org.apache.spark.ml.linalg.Vector vector, String what) {
        }
        List<Case> cases = List.of(new Case("nan", Vectors.dense(1, Double.NaN, 2), "element 1: NaN"),
            new Case("infinite", Vectors.dense(1, 2, Double.NEGATIVE_INFINITY), "element 2: -Infinity"),
            new Case("short", Vectors.dense(1, 2), "has 2 values; expected a vector of 3 numbers"),
            new Case("long", Vectors.sparse(4, new int[] {3}, new double[] {1}), "has 4 values; expected a vector of 3"),
            new Case("null", null, "is null; expected a vector of 3 numbers"));
        for (Case c : cases) {
            Path parquet = tmp.resolve(c.name() + ".parquet");
            vectors(17, c.vector()).write().parquet(parquet.toString());
            Path model = tmp.resolve("model-" + c.name());
            Cli.Result r = Cli.run("train", "--data", parquet.toString(), "--hidden", "4", "--epochs", "1", "--model",
                model.toString());
            assertEquals(1, r.exitCode(), c.name() + ": " + r.err());
            assertMentions(r.err(), c.name() + ".parquet", "row 18", "column 'features'", c.what());
            assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
            assertFalse(Files.exists(model), c.name() + ": no model is written");

            Dataset<Row> df = vectors(17, c.vector());
            Exception e = assertThrows(Exception.class,
                () -> new MlpClassifier().setHidden(new int[] {4}).setMaxIter(1).fit(df));
            assertMentions(messageOf(e), "row 18", "column 'features'", c.what());
            Exception regression = assertThrows(Exception.class,
                () -> new MlpRegressor().setHidden(new int[] {4}).setMaxIter(1).fit(df));
            assertMentions(messageOf(regression), "column 'features'", c.what());
        }
    }

    @Test
    void theEstimatorsNameABadNetworkTokenAStringFeaturesColumnAndALabelThatIsNoClass() {
        Dataset<Row> df = vectors(-1, null);
        Exception token = assertThrows(Exception.class,
            () -> new MlpClassifier().setNetwork("linear:8,relux,linear:3").setMaxIter(1).fit(df));
        assertMentions(messageOf(token), "relux");
        Exception width = assertThrows(Exception.class,
            () -> new MlpRegressor().setNetwork("linear:eight,relu").setMaxIter(1).fit(df));
        assertMentions(messageOf(width), "linear:eight");

        Dataset<Row> text = df.withColumn("text", functions.lit("a few words"));
        Exception string = assertThrows(Exception.class,
            () -> new MlpClassifier().setFeaturesCol("text").setMaxIter(1).fit(text));
        assertMentions(messageOf(string), "'text'", "string");
        assertTrue(messageOf(string).contains("vector") || messageOf(string).contains("number"), messageOf(string));

        for (double label : new double[] {1.5, -1}) {
            Dataset<Row> odd = df.withColumn("label", functions.when(functions.col("label").equalTo(2), label)
                .otherwise(functions.col("label")));
            Exception e = assertThrows(Exception.class, () -> new MlpClassifier().setMaxIter(1).fit(odd));
            String m = messageOf(e);
            assertMentions(m, "'label'", label == 1.5 ? "1.5" : "-1");
        }
    }

    /**
     * Parquet files of a numeric, an integer, a string and a vector column with seeded faults (nulls, NaN,
     * infinities, a column of the wrong type, ragged or null vectors, null or fractional labels): the command
     * line either trains a model that loads or refuses with one clear line and no model, and the estimator
     * either fits or throws an error that names a column.
     */
    @Test
    void fuzzedParquetFilesAreTrainedOrRefusedCleanly() throws Exception {
        SplittableRandom rng = new SplittableRandom(2026);
        for (int round = 0; round < 14; round++) {
            int fault = round % 7;
            boolean wrongType = fault == 3;
            StructType schema = new StructType().add("x", DataTypes.DoubleType, true)
                .add("n", wrongType ? DataTypes.StringType : DataTypes.IntegerType, true)
                .add("kind", DataTypes.StringType, true).add("v", SQLDataTypes.VectorType(), true)
                .add("label", DataTypes.DoubleType, true);
            List<Row> rows = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                boolean hit = rng.nextInt(6) == 0;
                double x = hit && fault == 0 ? (rng.nextBoolean() ? Double.NaN : Double.POSITIVE_INFINITY)
                    : rng.nextDouble();
                Object n = wrongType ? (hit ? "w" + i : Integer.toString(i)) : (Object) (i % 9);
                Object kind = hit && fault == 1 ? null : List.of("a", "b", "c").get(rng.nextInt(3));
                Object v = Vectors.dense(rng.nextDouble(), rng.nextDouble());
                if (hit && fault == 2) {
                    v = rng.nextBoolean() ? null : Vectors.dense(1, 2, 3);
                }
                Object label = (double) rng.nextInt(3);
                if (hit && fault == 4) {
                    label = rng.nextBoolean() ? null : 0.5;
                }
                rows.add(RowFactory.create(hit && fault == 5 ? null : (Object) x, hit && fault == 6 ? null : n, kind, v,
                    label));
            }
            Dataset<Row> df = SharedSpark.session().createDataFrame(rows, schema).coalesce(2);
            Path parquet = tmp.resolve("fuzz-" + round + ".parquet");
            df.write().parquet(parquet.toString());
            Path model = tmp.resolve("fuzz-model-" + round);
            Cli.Result r = Cli.run("train", "--data", parquet.toString(), "--hidden", "4", "--epochs", "2", "--model",
                model.toString());
            assertCleanOutcome("fault " + fault + ", round " + round, r, model);

            Dataset<Row> back = SharedSpark.session().read().parquet(parquet.toString());
            try {
                new MlpClassifier().setFeaturesCol("v").setHidden(new int[] {4}).setMaxIter(1)
                    .fit(back);
            } catch (Exception e) {
                String m = messageOf(e);
                assertTrue(m != null && (m.contains("'v'") || m.contains("'label'")),
                    "fault " + fault + ": the estimator's error names a column: " + e);
            }
        }
    }

    /** Mixed CSVs with random words, quotes and empty cells: trained or refused cleanly, never half-written. */
    @Test
    void fuzzedMixedCsvsAreTrainedOrRefusedCleanly() throws Exception {
        SplittableRandom rng = new SplittableRandom(77);
        String[] cells = {"", "x", "\"a,b\"", "\"say \"\"hi\"\"\"", "NA", "3.5", "-2", "1e3", "  ", "?", "tru",
            "\"\"", "Ünïcode", "7"};
        for (int round = 0; round < 12; round++) {
            StringBuilder csv = new StringBuilder("num,word,mixed,label\n");
            for (int i = 0; i < 50; i++) {
                String num = rng.nextInt(10) == 0 ? cells[rng.nextInt(cells.length)] : Double.toString(rng.nextGaussian());
                String word = List.of("red", "green", "blue", "").get(rng.nextInt(4));
                String mixed = cells[rng.nextInt(cells.length)];
                String label = rng.nextInt(25) == 0 ? cells[rng.nextInt(cells.length)] : List.of("yes", "no").get(
                    rng.nextInt(2));
                csv.append(num).append(',').append(word).append(',').append(mixed).append(',').append(label);
                csv.append(rng.nextInt(30) == 0 ? ",extra\n" : "\n");
            }
            Path file = tmp.resolve("mixed-" + round + ".csv");
            Files.writeString(file, csv.toString(), StandardCharsets.UTF_8);
            Path model = tmp.resolve("mixed-model-" + round);
            Cli.Result r = Cli.run("train", "--data", file.toString(), "--hidden", "4", "--epochs", "2", "--model",
                model.toString());
            assertCleanOutcome("round " + round, r, model);
        }
    }

    /** Exit 0 with a loadable model, or exit 1 with one error line naming where, and no model. */
    private static void assertCleanOutcome(String what, Cli.Result r, Path model) {
        if (r.exitCode() == 0) {
            assertTrue(Files.isRegularFile(model.resolve(ModelIO.METADATA)), what + ": a model is written");
            assertTrue(assertDoesNotThrow(() -> ModelIO.load(model)).featureColumns().size() > 0, what + ": and loads");
            return;
        }
        assertEquals(1, r.exitCode(), what + ": " + r.err());
        assertFalse(Files.exists(model), what + ": no model after " + r.err());
        List<String> errors = r.err().lines().filter(l -> l.startsWith("spark-mlp train: error: ")).toList();
        assertEquals(1, errors.size(), what + ": one error line in " + r.err());
        String line = errors.get(0);
        assertFalse(line.contains("Exception") || line.contains("java."), what + ": a raw exception: " + line);
        assertTrue(line.contains("column '") || line.contains("line "), what + ": names where: " + line);
        assertFalse(r.err().contains("\tat "), what + ": a stack trace: " + r.err());
    }
}
