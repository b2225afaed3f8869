package org.sparkmlp.cli;

import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.sparkmlp.model.MlpModel;
import org.sparkmlp.spark.SparkScoring;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Score a labelled dataset with a saved model and print its metrics as one JSON object on the "
        + "last line of standard output: count, accuracy and loss (classification) or count, rmse, mae and r2 "
        + "(regression)."})
final class EvaluateCommand implements Callable<Integer> {
    @Mixin
    ModelOptions modelOptions;

    @Mixin
    DataOptions input;

    @Mixin
    SparkOptions sparkOptions;

    @Override
    public Integer call() throws Exception {
        MlpModel m = modelOptions.load();
        try (SparkOptions.Session session = sparkOptions.session("evaluate")) {
            SparkSession spark = session.spark();
            org.sparkmlp.model.Metrics metrics = SparkScoring.evaluate(m, input.read(spark, m.numericColumns()), input.data);
            java.util.Map<String, Object> out = new java.util.LinkedHashMap<>(m.withClassNames(metrics.toMap()));
            if (m.table() != null && m.table().namedClasses()) {
                out.put("classes", m.table().classes());
            }
            if (metrics.isClassification()) {
                out.put("confusionMatrix", metrics.confusionMatrix());
            }
            Main.printJson(out);
            return 0;
        }
    }
}
