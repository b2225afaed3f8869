package org.sparkmlp.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.sparkmlp.io.FileDir;
import org.sparkmlp.model.MlpModel;
import org.sparkmlp.model.ModelIO;
import org.sparkmlp.report.SvgChart.Series;
import org.sparkmlp.train.FinalEvaluation;
import org.sparkmlp.train.HistoryFiles;
import org.sparkmlp.train.IterationRecord;

/**
 * A self-contained HTML page about a trained model, from its directory on any file system: the loss and
 * validation metric curves and the learning rate over the iterations, where an iteration's time went, the
 * confusion matrix (classification) or predicted against actual values (regression), the final metrics
 * and the training configuration. It reads the model, its typed {@link FinalEvaluation} and the
 * {@link IterationRecord}s of its history. Charts ({@link SvgChart}) are inline SVG and styles inline
 * CSS: the page needs no network and no script.
 */
public final class Report {
    private Report() {}

    /** The page for the model in {@code dir}, which {@link ModelIO#save} wrote; {@code name} titles it. */
    public static String html(FileDir dir, String name) throws IOException {
        MlpModel model = ModelIO.load(dir);
        List<IterationRecord> history = dir.isFile(ModelIO.HISTORY_JSONL)
            ? HistoryFiles.read(dir.read(ModelIO.HISTORY_JSONL)) : List.of();
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>spark-mlp model: ")
            .append(esc(name)).append("</title>\n<style>")
            .append("body{font-family:sans-serif;margin:24px;color:#222;max-width:1100px}")
            .append("h1{font-size:22px}h2{font-size:17px;margin-top:28px;border-bottom:1px solid #ddd}")
            .append("table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ccc;padding:3px 8px;")
            .append("text-align:right}th{background:#f3f3f3}td.k{text-align:left}")
            .append("svg{background:#fff;border:1px solid #ddd;margin:6px 12px 6px 0}")
            .append(".charts{display:flex;flex-wrap:wrap}</style></head><body>\n");
        h.append("<h1>spark-mlp model <code>").append(esc(name)).append("</code></h1>\n<p>")
            .append(esc(model.spec().task().configName())).append(", ").append(model.spec().inputDim())
            .append(" inputs to <code>").append(esc(model.spec().network())).append("</code>, ")
            .append(esc(model.spec().loss().configName())).append(" loss; ").append(model.featureColumns().size())
            .append(" features, label").append(model.labelColumns().size() > 1 ? "s" : "").append(" <code>")
            .append(esc(String.join(", ", model.labelColumns()))).append("</code>; ")
            .append(history.size()).append(" iterations recorded.</p>\n");

        if (model.training().get(org.sparkmlp.train.Training.INFERRED) instanceof List<?> inferred && !inferred.isEmpty()) {
            h.append("<h2>What was inferred from the data</h2>\n<ul>\n");
            inferred.forEach(line -> h.append("<li>").append(esc(String.valueOf(line))).append("</li>\n"));
            h.append("</ul>\n");
        }

        h.append("<h2>Training curves</h2>\n<div class=\"charts\">\n");
        if (history.isEmpty()) {
            h.append("<p>No ").append(ModelIO.HISTORY_JSONL).append(" in the model directory.</p>");
        } else {
            double[] it = history.stream().mapToDouble(IterationRecord::iteration).toArray();
            List<Series> loss = new ArrayList<>(List.of(new Series("train loss", it,
                history.stream().mapToDouble(IterationRecord::loss).toArray())));
            Series val = validation(history, "loss");
            if (val != null) {
                loss.add(new Series("validation loss", val.xs(), val.ys()));
            }
            h.append(SvgChart.lines("Loss", "iteration", "loss", loss, false));
            String metric = model.task() == org.sparkmlp.nn.Task.REGRESSION ? model.spec().loss().lossMetric()
                : "accuracy";
            Series valMetric = validation(history, metric);
            if (valMetric != null) {
                h.append(SvgChart.lines("Validation " + metric, "iteration", metric,
                    List.of(new Series("validation " + metric, valMetric.xs(), valMetric.ys())), true));
            }
            h.append(SvgChart.lines("Learning rate", "iteration", "learning rate",
                List.of(new Series("learning rate", it, history.stream().mapToDouble(IterationRecord::learningRate)
                    .toArray())), false));
            h.append("</div>\n");
            h.append(timing(history));
        }

        FinalEvaluation evaluation = FinalEvaluation.from(model.training());
        if (evaluation != null && evaluation.confusionMatrix() != null) {
            h.append("<h2>Confusion matrix (").append(esc(evaluation.of())).append(" rows)</h2>\n")
                .append(confusion(evaluation.confusionMatrix(), classNames(model)));
        } else if (evaluation != null && evaluation.actualVsPredicted() != null) {
            h.append("<h2>Predicted against actual (").append(esc(evaluation.of())).append(" rows, first ")
                .append(evaluation.actualVsPredicted().length).append(")</h2>\n")
                .append(SvgChart.scatter(evaluation.actualVsPredicted(), "actual " + model.labelColumns().get(0),
                    "predicted"));
        }

        h.append("<h2>Final metrics</h2>\n<table><tr><th>metric</th><th>value</th></tr>\n");
        Map<String, Double> metrics = model.withClassNames(model.metrics());
        for (Map.Entry<String, Double> e : metrics.entrySet()) {
            h.append("<tr><td class=\"k\">").append(esc(e.getKey())).append("</td><td>").append(num(e.getValue()))
                .append("</td></tr>\n");
        }
        h.append("</table>\n<h2>Training configuration</h2>\n<table><tr><th>setting</th><th>value</th></tr>\n");
        for (Map.Entry<String, Object> e : model.training().entrySet()) {
            if (!e.getKey().equals(FinalEvaluation.KEY) && !e.getKey().equals(org.sparkmlp.train.Training.INFERRED)) {
                h.append("<tr><td class=\"k\">").append(esc(e.getKey())).append("</td><td class=\"k\">")
                    .append(esc(String.valueOf(e.getValue()))).append("</td></tr>\n");
            }
        }
        h.append("</table>\n</body></html>\n");
        return h.toString();
    }

    /** Writes the page for the model in {@code modelDir} as {@code name} in {@code outDir}, safely. */
    public static void write(FileDir modelDir, String title, FileDir outDir, String name) throws IOException {
        outDir.write(name, html(modelDir, title).getBytes(StandardCharsets.UTF_8));
    }

    /** The validation metric {@code metric} at the iterations that validated, or null when none did. */
    private static Series validation(List<IterationRecord> history, String metric) {
        List<IterationRecord> validated = history.stream()
            .filter(r -> r.validation() != null && r.validation().get(metric) != null).toList();
        if (validated.isEmpty()) {
            return null;
        }
        return new Series(metric, validated.stream().mapToDouble(IterationRecord::iteration).toArray(),
            validated.stream().mapToDouble(r -> r.validation().get(metric)).toArray());
    }

    /** Mean seconds per iteration in each part, as a stacked bar and a table. */
    private static String timing(List<IterationRecord> history) {
        String[] parts = {"broadcast", "compute", "aggregation", "step"};
        double[] mean = new double[parts.length];
        double total = 0;
        for (IterationRecord r : history) {
            double[] seconds = {r.broadcastSeconds(), r.computeSeconds(), r.aggregationSeconds(), r.stepSeconds()};
            for (int i = 0; i < parts.length; i++) {
                mean[i] += (Double.isFinite(seconds[i]) ? seconds[i] : 0) / history.size();
            }
            total += (Double.isFinite(r.seconds()) ? r.seconds() : 0) / history.size();
        }
        StringBuilder s = new StringBuilder("<h2>Where an iteration's time goes</h2>\n");
        s.append(SvgChart.stackedBar("time per iteration", parts, mean));
        s.append("<table><tr><th>part</th><th>mean seconds per iteration</th><th>share</th></tr>\n");
        for (int i = 0; i < parts.length; i++) {
            s.append("<tr><td class=\"k\">").append(parts[i]).append("</td><td>").append(num(mean[i])).append("</td><td>")
                .append(String.format(Locale.ROOT, "%.1f%%", 100 * mean[i] / Math.max(total, 1e-12)))
                .append("</td></tr>\n");
        }
        return s.append("<tr><td class=\"k\">whole iteration</td><td>").append(num(total))
            .append("</td><td>100%</td></tr></table>\n").toString();
    }

    /** The names of the classes where the label named them, else their indices. */
    private static List<String> classNames(MlpModel model) {
        if (model.table() != null && model.table().namedClasses()) {
            return model.table().classes();
        }
        List<String> names = new ArrayList<>();
        for (int k = 0; k < model.numClasses(); k++) {
            names.add(Integer.toString(k));
        }
        return names;
    }

    /** Rows: true class; columns: predicted; cells shaded by their share of the row. */
    private static String confusion(double[][] m, List<String> classes) {
        StringBuilder s = new StringBuilder("<table class=\"confusion\"><tr><th>true \\ predicted</th>");
        for (int j = 0; j < m.length; j++) {
            s.append("<th>").append(esc(classes.get(j))).append("</th>");
        }
        s.append("</tr>\n");
        for (int i = 0; i < m.length; i++) {
            double rowSum = 0;
            for (double c : m[i]) {
                rowSum += c;
            }
            s.append("<tr><th>").append(esc(classes.get(i))).append("</th>");
            for (int j = 0; j < m.length; j++) {
                double share = rowSum > 0 ? m[i][j] / rowSum : 0;
                int shade = (int) Math.round(255 - 180 * share);
                s.append(String.format(Locale.ROOT, "<td style=\"background:rgb(%d,%d,255)\">%s</td>", shade, shade,
                    num(m[i][j])));
            }
            s.append("</tr>\n");
        }
        return s.append("</table>\n").toString();
    }

    private static String num(double v) {
        if (!Double.isFinite(v)) {
            return "n/a";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e9) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, "%.6g", v);
    }

    private static String esc(String s) {
        return SvgChart.esc(s);
    }
}
