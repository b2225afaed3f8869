package org.sparkmlp.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.sparkmlp.model.Report;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Write a self-contained HTML page about a trained model: loss, metric and learning-rate curves, "
        + "where the time went, the confusion matrix or predicted against actual values, metrics and configuration.")
final class ReportCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "DIR", description = "The model directory.")
    Path model;

    @Option(names = "--output", paramLabel = "FILE", description = "Where to write the page. Default: DIR/report.html.")
    Path output;

    @Override
    public Integer call() throws Exception {
        Path out = output != null ? output : model.resolve("report.html");
        Report.write(model, out);
        System.err.println("wrote " + out);
        return 0;
    }
}
