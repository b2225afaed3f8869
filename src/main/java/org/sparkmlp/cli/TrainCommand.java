package org.sparkmlp.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.sparkmlp.model.MlpModel;
import org.sparkmlp.model.ModelIO;
import org.sparkmlp.spark.CsvHeader;
import org.sparkmlp.spark.HadoopFileDir;
import org.sparkmlp.spark.SparkTrainer;
import org.sparkmlp.train.HistoryFiles;
import org.sparkmlp.train.Setting;
import org.sparkmlp.train.Settings;
import org.sparkmlp.train.TrainConfig;
import org.sparkmlp.train.TrainingSetup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
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

    @Option(names = "--validation-data", paramLabel = "PATH",
        description = "A CSV with the same columns to validate on instead of --validation-fraction (CSV training "
            + "data; the Java API also takes a validation Dataset<Row>: fit(train, validation)).")
    String validationData;

    @Option(names = "--model", required = true, paramLabel = "DIR",
        description = "Where to save the model: a local path, or a Hadoop file-system URI (hdfs://, s3a://...).")
    String model;

    @Mixin
    OverwriteOption overwrite;

    @Mixin
    SparkOptions sparkOptions;

    @Spec
    CommandSpec spec;

    /**
     * Adds an option for every training setting to the train command's {@code spec}: its name, the form
     * of its value, its description and default all come from {@link Settings}.
     */
    static void addSettings(CommandSpec spec) {
        for (Setting<?> s : Settings.ALL) {
            String description = s.description() + "." + (s.defaultText() == null ? "" : " Default: " + s.defaultText()
                + ".");
            OptionSpec.Builder option = OptionSpec.builder(s.option()).type(String.class).paramLabel(s.label())
                .description(description);
            if (s.flag()) {
                option.arity("0..1").fallbackValue("true");
            }
            spec.addOption(option.build());
        }
    }

    /**
     * The configuration of the options given, every value read and checked before Spark starts; options
     * not given keep the builder's defaults.
     */
    TrainConfig config() {
        ParseResult given = spec.commandLine().getParseResult();
        java.util.List<String> networks = java.util.stream.Stream.of("--layers", "--hidden", "--network")
            .filter(given::hasMatchedOption).toList();
        if (networks.size() > 1) {
            throw new ParameterException(spec.commandLine(), "give the network one way, --layers, --hidden or "
                + "--network (keys 'layers', 'hidden', 'network' in a job file), not " + String.join(" and ", networks));
        }
        TrainConfig.Builder b = TrainConfig.builder();
        for (Setting<?> s : Settings.ALL) {
            if (given.hasMatchedOption(s.option())) {
                String value = given.matchedOption(s.option()).getValue();
                try {
                    s.apply(b, value);
                } catch (NumberFormatException e) {
                    throw new ParameterException(spec.commandLine(), "--" + e.getMessage());
                }
            }
        }
        return b.build();
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
                : trainer.fit(input.read(spark), input.data, input.partitions)).model();
            ModelIO.save(trained, HadoopFileDir.at(model, spark.sparkContext().hadoopConfiguration()), overwrite.overwrite,
                HistoryFiles.render(trainer.history()));
            Map<String, Object> summary = new java.util.LinkedHashMap<>();
            summary.put("model", model);
            if (trained.training().get("invalidRowsSkipped") instanceof Map<?, ?> skipped) {
                summary.put("invalidRowsSkipped", skipped);
                skipped.forEach((problem, v) -> System.err.println("spark-mlp train: warning: skipped "
                    + ((Map<?, ?>) v).get("count") + " rows with problem " + problem + ", the first: "
                    + ((Map<?, ?>) v).get("first")));
            }
            summary.putAll(trained.withClassNames(trained.metrics()));
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
            ModelIO.checkWritable(HadoopFileDir.at(model, new org.apache.hadoop.conf.Configuration()), overwrite.overwrite);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            throw e;
        } catch (java.io.IOException e) {
            if (!HadoopFileDir.hasScheme(model)) {
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
