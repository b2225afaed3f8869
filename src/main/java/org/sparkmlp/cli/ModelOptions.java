package org.sparkmlp.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.sparkmlp.model.MlpModel;
import org.sparkmlp.model.ModelIO;
import org.sparkmlp.spark.HadoopFileDir;
import picocli.CommandLine.Option;

/** The options of the commands that apply a saved model: a job file and the model directory. */
final class ModelOptions {
    @Option(names = "--job", paramLabel = "FILE", description = "Read options from a job file.")
    Path job;

    @Option(names = "--model", required = true, paramLabel = "DIR",
        description = "A model directory written by train: a local path, or a Hadoop file-system URI (hdfs://...).")
    String model;

    MlpModel load() throws IOException {
        return ModelIO.load(HadoopFileDir.at(model, new org.apache.hadoop.conf.Configuration()));
    }
}
