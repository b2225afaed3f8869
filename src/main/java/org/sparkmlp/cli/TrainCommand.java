package org.sparkmlp.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.sparkmlp.model.MlpModel;
import org.sparkmlp.model.ModelIO;
import org.sparkmlp.spark.CsvHeader;
import org.sparkmlp.spark.HadoopModelFiles;
import org.sparkmlp.spark.SparkTrainer;
import org.sparkmlp.train.TrainingSetup;
import org.sparkmlp.train.HistoryFiles;
import org.sparkmlp.train.TrainConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Train an MLP on a CSV or Parquet dataset and save the model directory.",
    footer = {"", "Options can also come from a job file: --job jobs/NAME.properties, with keys named like the "
        + "long options (layers = 784,128,10); options on the command line override the file."})
final class TrainCommand implements Callable<Integer> {
    @Option(names = "--job", paramLabel = "FILE", description = "Read options from a job file.")
    Path job;

    @Mixin
    DataOptions input;

    @Option(names = "--label", paramLabel = "COL[,COL...]", defaultValue = "label",
        description = "Label column; several, comma-separated, train a regression with one output per label. "
            + "Default: ${DEFAULT-VALUE}.")
    String label;

    @Option(names = "--features", split = ",", paramLabel = "c1,c2,...",
        description = "Feature columns. Default: every other numeric column.")
    List<String> features = new ArrayList<>();

    @Option(names = "--layers", paramLabel = "784,128,10",
        description = "Layer widths, input first and output (classes, or one per label for regression) last: "
            + "linear layers with --activation (and --dropout) between them. Give this or --network.")
    String layers;

    @Option(names = "--network", paramLabel = "linear:256,gelu,...",
        description = "The network as a list of layers after the input, e.g. "
            + "linear:256,gelu,layernorm,dropout:0.2,linear:128,relu,linear:10; the input width is the feature "
            + "count, and a classifier's softmax is added at the end. Layers: linear:UNITS, relu, leakyrelu[:SLOPE], "
            + "sigmoid, tanh, gelu, layernorm[:EPS], dropout:RATE, softmax. Give this or --layers.")
    String network;

    @Option(names = "--activation", paramLabel = "relu|leakyrelu|sigmoid|tanh|gelu",
        description = "Hidden-layer activation with --layers. Default: relu.")
    String activation;

    @Option(names = "--loss", paramLabel = "cross-entropy|mse|mae", defaultValue = "cross-entropy",
        description = "cross-entropy trains a classifier (softmax output); mse or mae a regressor. Default: ${DEFAULT-VALUE}.")
    String loss;

    @Option(names = "--optimizer", paramLabel = "sgd|adam|adamw", defaultValue = "adam",
        description = "adamw is Adam with decoupled --weight-decay. Default: ${DEFAULT-VALUE}.")
    String optimizer;

    @Option(names = "--lr", paramLabel = "X", description = "Learning rate. Default: 0.001 for adam, 0.01 for sgd.")
    Double learningRate;

    @Option(names = "--momentum", paramLabel = "X", defaultValue = "0.9", description = "SGD momentum. Default: ${DEFAULT-VALUE}.")
    double momentum;

    @Option(names = "--nesterov", arity = "0..1", description = "Use Nesterov momentum with sgd.")
    boolean nesterov;

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "10", description = "Passes over the data. Default: ${DEFAULT-VALUE}.")
    int epochs;

    @Option(names = "--batch-size", paramLabel = "B|full", defaultValue = "full",
        description = "Examples per iteration across the cluster, or full for every row. Default: ${DEFAULT-VALUE}.")
    String batchSize;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Seed of every random choice. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--block-size", paramLabel = "ROWS", defaultValue = "512",
        description = "Rows per cached block and per matrix-kernel call. Default: ${DEFAULT-VALUE}.")
    int blockSize;

    @Option(names = "--aggregation-depth", paramLabel = "D", defaultValue = "2",
        description = "Depth of the gradient-sum tree. Default: ${DEFAULT-VALUE}.")
    int aggregationDepth;

    @Option(names = "--standardize", arity = "0..1", defaultValue = "true", fallbackValue = "true",
        description = "Standardise features (and a regression label). Default: ${DEFAULT-VALUE}.")
    boolean standardize;

    @Option(names = "--precision", paramLabel = "float|double", defaultValue = "float",
        description = "Arithmetic of the gradient pass: float is about twice as fast, double is the reference. "
            + "Default: ${DEFAULT-VALUE}.")
    String precision;

    @Option(names = "--lr-schedule", paramLabel = "constant|step|exponential|cosine|plateau", defaultValue = "constant",
        description = "How the learning rate changes: step multiplies it by --lr-gamma every --lr-step-epochs epochs; "
            + "exponential by --lr-gamma every epoch; cosine anneals it to --min-lr over the run; plateau multiplies it "
            + "by --lr-gamma when the validation --monitor has not improved for --plateau-patience validations. "
            + "Default: ${DEFAULT-VALUE}.")
    String lrSchedule;

    @Option(names = "--lr-gamma", paramLabel = "G", defaultValue = "0.1", description = "Default: ${DEFAULT-VALUE}.")
    double lrGamma;

    @Option(names = "--lr-step-epochs", paramLabel = "N", defaultValue = "10", description = "Default: ${DEFAULT-VALUE}.")
    int lrStepEpochs;

    @Option(names = "--min-lr", paramLabel = "X", defaultValue = "0", description = "Default: ${DEFAULT-VALUE}.")
    double minLr;

    @Option(names = "--warmup-iterations", paramLabel = "N", defaultValue = "0",
        description = "Ramp the learning rate up linearly over the first N iterations. Default: ${DEFAULT-VALUE}.")
    long warmupIterations;

    @Option(names = "--plateau-patience", paramLabel = "N", defaultValue = "2", description = "Default: ${DEFAULT-VALUE}.")
    int plateauPatience;

    @Option(names = "--weight-decay", paramLabel = "X", defaultValue = "0",
        description = "L2 penalty on the weight matrices (decoupled with adamw). Default: ${DEFAULT-VALUE}.")
    double weightDecay;

    @Option(names = "--validation-fraction", paramLabel = "F", defaultValue = "0",
        description = "Hold out this fraction of the rows (chosen by --seed) for validation. Default: ${DEFAULT-VALUE}.")
    double validationFraction;

    @Option(names = "--validation-data", paramLabel = "PATH",
        description = "A CSV with the same columns to validate on, instead of --validation-fraction.")
    String validationData;

    @Option(names = "--validate-every", paramLabel = "N", defaultValue = "0",
        description = "Iterations between validations, each in the same Spark job as that iteration's gradient; "
            + "0 = once per epoch. Default: ${DEFAULT-VALUE}.")
    int validateEvery;

    @Option(names = "--early-stopping-patience", paramLabel = "N", defaultValue = "0",
        description = "Stop when the validation --monitor has not improved for N validations; 0 = off. Default: ${DEFAULT-VALUE}.")
    int earlyStoppingPatience;

    @Option(names = "--monitor", paramLabel = "loss|accuracy|macroF1|rmse|mae|r2", defaultValue = "loss",
        description = "The validation metric early stopping and the plateau schedule watch. Default: ${DEFAULT-VALUE}.")
    String monitor;

    @Option(names = "--min-delta", paramLabel = "X", defaultValue = "0",
        description = "The least change that counts as an improvement. Default: ${DEFAULT-VALUE}.")
    double minDelta;

    @Option(names = "--restore-best", arity = "0..1", defaultValue = "true", fallbackValue = "true",
        description = "After early stopping, go back to the weights with the best validation --monitor. Default: ${DEFAULT-VALUE}.")
    boolean restoreBest;

    @Option(names = "--weight-column", paramLabel = "COL",
        description = "A column of sample weights (finite, >= 0); the loss, the gradient and the metrics weigh each "
            + "row by it and average by the total weight. Default: every row weighs 1.")
    String weightColumn;

    @Option(names = "--class-weights", paramLabel = "w0,w1,...|balanced",
        description = "A weight per class, multiplying each row's weight; balanced weighs class c by "
            + "total / (classes * total of c). Default: none.")
    String classWeights;

    @Option(names = "--dropout", paramLabel = "P", defaultValue = "0",
        description = "Drop each hidden unit with probability P while training (inverted dropout, seeded by "
            + "--seed, the iteration and the partition); never at prediction. Default: ${DEFAULT-VALUE}.")
    double dropout;

    @Option(names = "--clip-norm", paramLabel = "X", defaultValue = "0",
        description = "Scale an iteration's gradient down to L2 norm X when it is longer; 0 = off. Default: ${DEFAULT-VALUE}.")
    double clipNorm;

    @Option(names = "--on-invalid-rows", paramLabel = "fail|skip", defaultValue = "fail",
        description = "A row that cannot be used (malformed, not a number, null, NaN, a label that is not a class): "
            + "fail names it and stops; skip leaves it out and reports the count by reason. Default: ${DEFAULT-VALUE}.")
    String onInvalidRows;

    @Option(names = "--checkpoint-dir", paramLabel = "PATH",
        description = "Write checkpoints there (any Hadoop file system: file://, hdfs://, s3a://). Default: none.")
    String checkpointDir;

    @Option(names = "--checkpoint-every", paramLabel = "N", defaultValue = "0",
        description = "Iterations between checkpoints; 0 = once per epoch. Default: ${DEFAULT-VALUE}.")
    int checkpointEvery;

    @Option(names = "--keep-checkpoints", paramLabel = "K", defaultValue = "3",
        description = "How many of the newest checkpoints to keep. Default: ${DEFAULT-VALUE}.")
    int keepCheckpoints;

    @Option(names = "--resume", arity = "0..1",
        description = "Continue from the newest valid checkpoint in --checkpoint-dir (from the start if there is none).")
    boolean resume;

    @Option(names = "--model", required = true, paramLabel = "DIR",
        description = "Where to save the model: a local path, or a Hadoop file-system URI (hdfs://, s3a://...).")
    String model;

    @Option(names = "--overwrite", arity = "0..1", description = "Replace an existing model directory.")
    boolean overwrite;

    @Mixin
    SparkOptions sparkOptions;

    @Spec
    CommandSpec spec;

    /** Every value is checked here, before Spark starts: the builder's names are the options' names. */
    TrainConfig config() {
        if ((layers == null) == (network == null)) {
            throw new ParameterException(spec.commandLine(), layers == null
                ? "missing required --layers or --network (key 'layers' or 'network' in a job file)"
                : "give --layers or --network, not both");
        }
        TrainConfig.Builder b = TrainConfig.builder().label(label).featureColumns(features)
            .layers(layers == null ? List.of() : parseLayers(layers)).activation(activation).loss(loss).optimizer(optimizer).momentum(momentum).nesterov(nesterov).epochs(epochs)
            .batchSize(parseBatchSize(batchSize)).seed(seed).blockSize(blockSize).aggregationDepth(aggregationDepth)
            .standardize(standardize).precision(precision).onInvalidRows(onInvalidRows).clipNorm(clipNorm)
            .checkpointDir(checkpointDir).checkpointEvery(checkpointEvery).keepCheckpoints(keepCheckpoints).resume(resume)
            .lrSchedule(lrSchedule).lrGamma(lrGamma).lrStepEpochs(lrStepEpochs).minLr(minLr)
            .warmupIterations(warmupIterations).plateauPatience(plateauPatience).weightDecay(weightDecay)
            .validationFraction(validationFraction).validateEvery(validateEvery)
            .earlyStoppingPatience(earlyStoppingPatience).monitor(monitor).minDelta(minDelta).restoreBest(restoreBest)
            .weightColumn(weightColumn).dropout(dropout);
        if (classWeights != null) {
            b.classWeights(classWeights);
        }
        if (learningRate != null) {
            b.lr(learningRate);
        }
        if (network != null) {
            b.network(network);
        }
        return b.build();
    }

    /** Comma-separated widths; whether they make a network is for {@link TrainConfig} to say. */
    static List<Integer> parseLayers(String value) {
        List<Integer> out = new ArrayList<>();
        for (String w : value.split(",", -1)) {
            try {
                out.add(Integer.parseInt(w.trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("layers must be comma-separated integers such as 784,128,10; '"
                    + w.trim() + "' in '" + value + "' is not one");
            }
        }
        return out;
    }

    /** A positive integer, or {@code full} (0 in {@link TrainConfig}). */
    static int parseBatchSize(String value) {
        String v = value.trim();
        if (v.equalsIgnoreCase("full")) {
            return 0;
        }
        try {
            int b = Integer.parseInt(v);
            if (b > 0) {
                return b;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new IllegalArgumentException("batch size must be a positive integer or 'full', got '" + value + "'");
    }

    @Override
    public Integer call() throws Exception {
        TrainConfig cfg = config();
        checkModelWritable();
        if (input.isCsv()) {
            checkCsvHeader(cfg);
        }
        try (SparkOptions.Session session = sparkOptions.session("train")) {
            SparkSession spark = session.spark();
            SparkTrainer trainer = new SparkTrainer(cfg);
            if (validationData != null && !input.isCsv()) {
                throw new IllegalArgumentException("--validation-data needs CSV training data; for other formats, use "
                    + "--validation-fraction");
            }
            MlpModel trained = (input.isCsv()
                ? trainer.fitCsv(JavaSparkContext.fromSparkContext(spark.sparkContext()), input.data, input.partitions,
                    validationData)
                : trainer.fit(input.read(spark), input.data)).model();
            ModelIO.save(trained, HadoopModelFiles.at(model, spark.sparkContext().hadoopConfiguration()), overwrite,
                HistoryFiles.render(trainer.history()));
            Map<String, Object> summary = new java.util.LinkedHashMap<>();
            summary.put("model", model);
            if (trained.training().get("invalidRowsSkipped") instanceof Map<?, ?> skipped) {
                summary.put("invalidRowsSkipped", skipped);
                skipped.forEach((problem, v) -> System.err.println("spark-mlp train: warning: skipped "
                    + ((Map<?, ?>) v).get("count") + " rows with problem " + problem + ", the first: "
                    + ((Map<?, ?>) v).get("first")));
            }
            summary.putAll(trained.metrics());
            Main.printJson(summary);
            return 0;
        }
    }

    /**
     * Refuses an existing model without --overwrite before Spark starts. A Hadoop file system that cannot
     * be reached with the default configuration is checked again when the model is saved.
     */
    private void checkModelWritable() throws java.io.IOException {
        try {
            ModelIO.checkWritable(HadoopModelFiles.at(model, new org.apache.hadoop.conf.Configuration()), overwrite);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            throw e;
        } catch (java.io.IOException e) {
            if (!HadoopModelFiles.hasScheme(model)) {
                throw e;
            }
        }
    }

    /**
     * Checks the CSV header against the configuration before Spark starts: the columns exist and their
     * count is the first layer's width. The header is read through Hadoop's FileSystem API with the
     * default configuration; when that cannot reach the file (credentials only in Spark's configuration,
     * say), the same checks run once Spark has started.
     */
    private void checkCsvHeader(TrainConfig cfg) {
        CsvHeader header;
        try {
            header = CsvHeader.read(input.data, new org.apache.hadoop.conf.Configuration());
        } catch (java.io.UncheckedIOException e) {
            return;
        }
        TrainingSetup.checkInputWidth(cfg, header.featureColumns(cfg.labelColumns(), cfg.featureColumns(),
            cfg.weightColumn()), header.file());
    }
}
