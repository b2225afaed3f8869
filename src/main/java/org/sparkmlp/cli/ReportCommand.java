package org.sparkmlp.cli;

import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.sparkmlp.io.FileDir;
import org.sparkmlp.model.ModelIO;
import org.sparkmlp.report.Report;
import org.sparkmlp.spark.HadoopFileDir;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Write a self-contained HTML page about a trained model: loss, metric and learning-rate curves, "
        + "where the time went, the confusion matrix or predicted against actual values, metrics and configuration.")
final class ReportCommand implements Callable<Integer> {
    @Mixin
    JarOptions jarOptions;

    @Option(names = "--model", required = true, paramLabel = "DIR",
        description = "The model directory: a local path, or a Hadoop file-system URI (hdfs://, s3a://...).")
    String model;

    @Option(names = "--output", paramLabel = "FILE",
        description = "Where to write the page, a local path or a Hadoop URI. Default: DIR/report.html.")
    String output;

    @Override
    public Integer call() throws Exception {
        Configuration conf = new Configuration();
        FileDir dir = HadoopFileDir.at(model, conf);
        HadoopFileDir.Entry out = output != null ? HadoopFileDir.file(output, conf)
            : new HadoopFileDir.Entry(dir, ModelIO.REPORT);
        String title = model.replaceAll("/+$", "");
        Report.write(dir, title.substring(title.lastIndexOf('/') + 1), out.dir(), out.name());
        System.err.println("wrote " + out.dir().describe(out.name()));
        return 0;
    }
}
