package org.sparkmlp.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.MultilayerPerceptronClassifier;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.evaluation.RegressionEvaluator;
import org.apache.spark.ml.feature.Imputer;
import org.apache.spark.ml.feature.OneHotEncoder;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.sparkmlp.ml.MlpClassifier;
import org.sparkmlp.ml.MlpRegressor;

/**
 * Mixed tables as published (string columns, string labels, empty cells), side by side on the same 80/20
 * split: spark-mlp's command line with nothing but the label (the train command timed as a whole process),
 * spark-mlp's estimators with nothing set in the usual Spark ML pipeline, MLlib's
 * {@code MultilayerPerceptronClassifier} in the same pipeline, and scikit-learn's {@code MLPClassifier()} /
 * {@code MLPRegressor()} defaults in its usual pipeline ({@code scripts/sklearn-table.py}, when Debian's
 * {@code python3-sklearn} is installed).
 */
final class Tables extends Benchmark {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** MLlib's MLPC has no default network: one hidden layer of 100, as scikit-learn's default. */
    private static final int MLLIB_HIDDEN = 100;
    private static final String PYTHON = "/usr/bin/python3";

    private record Table(String file, String label, boolean classification) {
    }

    private static final List<Table> TABLES = List.of(new Table("credit_data.csv.gz", "Status", true),
        new Table("penguins.csv.gz", "species", true), new Table("diamonds.csv.gz", "price", false));

    Tables(Context c) {
        super(c);
    }

    void run(String dataDir, int splits) throws Exception {
        jsc.setLocalProperty(org.sparkmlp.spark.SparkTrainer.LOCAL_TRAINING_BYTES, "64m");
        try {
            tables(dataDir, splits);
        } finally {
            jsc.setLocalProperty(org.sparkmlp.spark.SparkTrainer.LOCAL_TRAINING_BYTES, null);
        }
    }

    private void tables(String dataDir, int splits) throws Exception {
        line("## Mixed tables, nothing tuned");
        line("");
        line((splits == 1 ? "80/20 split (rows shuffled with seed 1)" : "80/20 splits (rows shuffled with seeds 1 to "
            + splits + ", then the mean over them)") + "; accuracy on the test rows for classification, RMSE for "
            + "regression. spark-mlp CLI: `train --data T --label L --model M` as a whole process; estimators: "
            + "StringIndexer + OneHotEncoder + Imputer + VectorAssembler + StandardScaler, then `new MlpClassifier()`"
            + " / `new MlpRegressor()` with nothing set, or MLlib's MLPC with layers d-%d-k and its defaults; "
            + "scikit-learn: OneHotEncoder + SimpleImputer + StandardScaler, then `MLPClassifier()` / "
            + "`MLPRegressor()` defaults.", MLLIB_HIDDEN);
        line("");
        line("| table | rows | spark-mlp CLI | (seconds) | spark-mlp estimator | MLlib MLPC | scikit-learn | (seconds) |");
        line("| --- | --- | --- | --- | --- | --- | --- | --- |");
        Path work = Files.createTempDirectory("spark-mlp-tables");
        for (Table t : TABLES) {
            Path source = Path.of(dataDir, t.file());
            if (!Files.isRegularFile(source)) {
                line("| %s | skipped: %s is absent | | | | | | |", t.file(), source);
                continue;
            }
            double[] sums = new double[7];
            for (int split = 1; split <= splits; split++) {
                double[] r = split(t, source, work, split);
                for (int k = 0; k < sums.length; k++) {
                    sums[k] += r[k];
                }
                row(t, split == 1 && splits == 1 ? "" : "split " + split, r);
            }
            if (splits > 1) {
                for (int k = 0; k < sums.length; k++) {
                    sums[k] /= splits;
                }
                row(t, "mean", sums);
            }
        }
        line("");
    }

    /** One split's row: rows, CLI metric, CLI seconds, estimator, MLlib (NaN for a regression), scikit-learn, its seconds. */
    private double[] split(Table t, Path source, Path work, int seed) throws Exception {
        String name = t.file().replace(".csv.gz", "");
        Path train = work.resolve(name + "-train-" + seed + ".csv");
        Path test = work.resolve(name + "-test-" + seed + ".csv");
        long rows = split(source, train, test, seed);
        String metric = t.classification() ? "accuracy" : "rmse";

        Path model = work.resolve(name + "-model");
        long t0 = System.nanoTime();
        run("scripts/spark-mlp", "train", "--data", train.toString(), "--label", t.label(), "--model",
            model.toString(), "--overwrite");
        double cliSeconds = (System.nanoTime() - t0) * 1e-9;
        JsonNode evaluated = JSON.readTree(last(run("scripts/spark-mlp", "evaluate", "--model", model.toString(),
            "--data", test.toString())));
        double cli = evaluated.get(metric).asDouble();

        double[] pipelines = pipelines(train, test, t);
        double sklearn = Double.NaN;
        double sklearnSeconds = Double.NaN;
        if (Files.isExecutable(Path.of(PYTHON))) {
            String[] out = last(run(PYTHON, "scripts/sklearn-table.py", train.toString(), test.toString(),
                t.label(), t.classification() ? "classification" : "regression")).trim().split(" ");
            sklearn = Double.parseDouble(out[0]);
            sklearnSeconds = Double.parseDouble(out[1]);
        }
        return new double[] {rows, cli, cliSeconds, pipelines[0], pipelines[1], sklearn, sklearnSeconds};
    }

    private void row(Table t, String which, double[] r) {
        String metric = t.classification() ? "accuracy" : "rmse";
        String name = t.file().replace(".csv.gz", "") + (which.isEmpty() ? "" : ", " + which);
        line("| %s (%s) | %d | %s | %.1f | %s | %s | %s | %s |", name, metric, (long) r[0], fmt(r[1]), r[2],
            fmt(r[3]), Double.isNaN(r[4]) ? "n/a (no regressor)" : fmt(r[4]),
            Double.isNaN(r[5]) ? "not installed" : fmt(r[5]), Double.isNaN(r[6]) ? "" : String.format("%.1f", r[6]));
    }

    private static String fmt(double v) {
        return v < 10 ? String.format("%.4f", v) : String.format("%.1f", v);
    }

    /** Writes an 80/20 split of {@code source}'s data rows shuffled with {@code seed}, each file with the header;
     * returns the rows. */
    private static long split(Path source, Path train, Path test, int seed) throws IOException {
        List<String> lines;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(source))) {
            lines = new ArrayList<>(Arrays.asList(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")));
        }
        String header = lines.remove(0);
        lines.removeIf(String::isEmpty);
        Collections.shuffle(lines, new Random(seed));
        int n = (int) (lines.size() * 0.8);
        List<String> a = new ArrayList<>(List.of(header));
        a.addAll(lines.subList(0, n));
        List<String> b = new ArrayList<>(List.of(header));
        b.addAll(lines.subList(n, lines.size()));
        Files.write(train, a);
        Files.write(test, b);
        return lines.size();
    }

    /** The test metric of spark-mlp's estimator and of MLlib's MLPC (NaN for a regression) in the usual pipeline. */
    private double[] pipelines(Path trainCsv, Path testCsv, Table t) {
        Dataset<Row> train = spark.read().option("header", "true").option("inferSchema", "true")
            .csv(trainCsv.toString()).cache();
        Dataset<Row> test = spark.read().option("header", "true").schema(train.schema()).csv(testCsv.toString());
        List<String> strings = new ArrayList<>();
        List<String> numbers = new ArrayList<>();
        for (StructField f : train.schema().fields()) {
            if (f.name().equals(t.label())) {
                continue;
            }
            (f.dataType().equals(DataTypes.StringType) || f.dataType().equals(DataTypes.BooleanType) ? strings
                : numbers).add(f.name());
        }
        for (String c : numbers) {
            train = train.withColumn(c, train.col(c).cast("double"));
            test = test.withColumn(c, test.col(c).cast("double"));
        }
        String[] s = strings.toArray(new String[0]);
        String[] indexed = strings.stream().map(c -> c + "_index").toArray(String[]::new);
        String[] onehot = strings.stream().map(c -> c + "_onehot").toArray(String[]::new);
        String[] imputed = numbers.stream().map(c -> c + "_imputed").toArray(String[]::new);
        List<String> assembled = new ArrayList<>(List.of(onehot));
        assembled.addAll(List.of(imputed));
        List<PipelineStage> prep = new ArrayList<>();
        if (s.length > 0) {
            prep.add(new StringIndexer().setInputCols(s).setOutputCols(indexed).setHandleInvalid("keep"));
            prep.add(new OneHotEncoder().setInputCols(indexed).setOutputCols(onehot).setHandleInvalid("keep"));
        }
        prep.add(new Imputer().setInputCols(numbers.toArray(new String[0])).setOutputCols(imputed));
        prep.add(new VectorAssembler().setInputCols(assembled.toArray(new String[0])).setOutputCol("assembled")
            .setHandleInvalid("keep"));
        prep.add(new StandardScaler().setInputCol("assembled").setOutputCol("features"));
        String label = t.label();
        if (t.classification()) {
            prep.add(0, new StringIndexer().setInputCol(t.label()).setOutputCol("label_index"));
            label = "label_index";
        } else {
            train = train.withColumn(label, train.col(label).cast("double"));
            test = test.withColumn(label, test.col(label).cast("double"));
        }
        PipelineModel prepared = new Pipeline().setStages(prep.toArray(new PipelineStage[0])).fit(train);
        Dataset<Row> trainF = prepared.transform(train).cache();
        Dataset<Row> testF = prepared.transform(test).cache();
        int d = ((org.apache.spark.ml.linalg.Vector) trainF.first().getAs("features")).size();
        if (!t.classification()) {
            PipelineModel ours = new Pipeline().setStages(new PipelineStage[] {
                new MlpRegressor().setLabelCol(label)}).fit(trainF);
            double rmse = new RegressionEvaluator().setLabelCol(label).setMetricName("rmse")
                .evaluate(ours.transform(testF));
            return new double[] {rmse, Double.NaN};
        }
        int k = (int) trainF.select(label).distinct().count();
        MulticlassClassificationEvaluator accuracy = new MulticlassClassificationEvaluator().setLabelCol(label)
            .setMetricName("accuracy");
        double ours = accuracy.evaluate(new MlpClassifier().setLabelCol(label).fit(trainF).transform(testF));
        double mllib = accuracy.evaluate(new MultilayerPerceptronClassifier().setLabelCol(label)
            .setLayers(new int[] {d, MLLIB_HIDDEN, k}).setSeed(1L).fit(trainF).transform(testF));
        trainF.unpersist();
        testF.unpersist();
        return new double[] {ours, mllib};
    }

    /** Runs a command from the repository root; its standard output, or a failure with its error output. */
    static String run(String... command) throws IOException, InterruptedException {
        Path out = Files.createTempFile("spark-mlp-tables", ".out");
        Path err = Files.createTempFile("spark-mlp-tables", ".err");
        try {
            Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (p.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed:\n" + Files.readString(err));
            }
            return Files.readString(out);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static String last(String out) {
        String[] lines = out.strip().split("\n");
        return lines[lines.length - 1];
    }
}
