package org.sparkmlp.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.sparkmlp.model.MlpModel;
import org.sparkmlp.model.ModelIO;
import org.sparkmlp.spark.SparkScoring;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Score a labelled dataset with a saved model and print its metrics as one JSON object on the "
        + "last line of standard output: count, accuracy and loss (classification) or count, rmse, mae and r2 "
        + "(regression)."})
final class EvaluateCommand implements Callable<Integer> {
    @Option(names = "--job", paramLabel = "FILE", description = "Read options from a job file.")
    Path job;

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "A model directory written by train.")
    Path model;

    @Mixin
    DataOptions input;

    @Mixin
    SparkOptions sparkOptions;

    @Override
    public Integer call() throws Exception {
        MlpModel m = ModelIO.load(model);
        try (SparkOptions.Session session = sparkOptions.session("evaluate")) {
            SparkSession spark = session.spark();
            Main.printJson(SparkScoring.evaluate(m, input.read(spark), input.data).toMap());
            return 0;
        }
    }
}
