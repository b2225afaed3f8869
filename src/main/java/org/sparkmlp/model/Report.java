package org.sparkmlp.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A self-contained HTML page about a trained model, from its directory: the loss and validation metric
 * curves and the learning rate over the iterations, where an iteration's time went, the confusion matrix
 * (classification) or predicted against actual values (regression), the final metrics and the training
 * configuration. Charts are inline SVG and styles inline CSS: the page needs no network and no script.
 */
public final class Report {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] COLORS = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e"};

    private Report() {}

    /** The page for the model in {@code dir}, which {@link ModelIO#save} wrote. */
    public static String html(Path dir) throws IOException {
        MlpModel model = ModelIO.load(dir);
        List<JsonNode> history = new ArrayList<>();
        Path jsonl = dir.resolve("history.jsonl");
        if (Files.isRegularFile(jsonl)) {
            for (String line : Files.readAllLines(jsonl)) {
                if (!line.isBlank()) {
                    history.add(JSON.readTree(line));
                }
            }
        }
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>spark-mlp model: ")
            .append(esc(dir.getFileName().toString())).append("</title>\n<style>")
            .append("body{font-family:sans-serif;margin:24px;color:#222;max-width:1100px}")
            .append("h1{font-size:22px}h2{font-size:17px;margin-top:28px;border-bottom:1px solid #ddd}")
            .append("table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ccc;padding:3px 8px;")
            .append("text-align:right}th{background:#f3f3f3}td.k{text-align:left}")
            .append("svg{background:#fff;border:1px solid #ddd;margin:6px 12px 6px 0}")
            .append(".charts{display:flex;flex-wrap:wrap}</style></head><body>\n");
        h.append("<h1>spark-mlp model <code>").append(esc(dir.getFileName().toString())).append("</code></h1>\n<p>")
            .append(esc(model.spec().task().configName())).append(", ").append(model.spec().inputDim())
            .append(" inputs to <code>").append(esc(model.spec().network())).append("</code>, ")
            .append(esc(model.spec().loss().configName())).append(" loss; ").append(model.featureColumns().size())
            .append(" features, label").append(model.labelColumns().size() > 1 ? "s" : "").append(" <code>")
            .append(esc(String.join(", ", model.labelColumns()))).append("</code>; ")
            .append(history.size()).append(" iterations recorded.</p>\n");

        h.append("<h2>Training curves</h2>\n<div class=\"charts\">\n");
        if (history.isEmpty()) {
            h.append("<p>No history.jsonl in the model directory.</p>");
        } else {
            double[] it = column(history, "iteration");
            List<Series> loss = new ArrayList<>(List.of(new Series("train loss", it, column(history, "trainLoss"))));
            Series val = validation(history, "loss");
            if (val != null) {
                loss.add(new Series("validation loss", val.xs, val.ys));
            }
            h.append(chart("Loss", "iteration", "loss", loss, false));
            String metric = model.isClassification() ? "accuracy" : "rmse";
            Series valMetric = validation(history, metric);
            if (valMetric != null) {
                h.append(chart("Validation " + metric, "iteration", metric,
                    List.of(new Series("validation " + metric, valMetric.xs, valMetric.ys)), true));
            }
            h.append(chart("Learning rate", "iteration", "learning rate",
                List.of(new Series("learning rate", it, column(history, "learningRate"))), false));
            h.append("</div>\n");
            h.append(timing(history));
        }

        JsonNode meta = JSON.readTree(dir.resolve(ModelIO.METADATA).toFile());
        JsonNode evaluation = meta.path("training").path("finalEvaluation");
        if (evaluation.has("confusionMatrix")) {
            h.append("<h2>Confusion matrix (").append(esc(evaluation.path("of").asText())).append(" rows)</h2>\n")
                .append(confusion(evaluation.get("confusionMatrix")));
        } else if (evaluation.has("actualVsPredicted")) {
            h.append("<h2>Predicted against actual (").append(esc(evaluation.path("of").asText()))
                .append(" rows, first ").append(evaluation.get("actualVsPredicted").size()).append(")</h2>\n")
                .append(scatter(evaluation.get("actualVsPredicted"), model.labelColumns().get(0)));
        }

        h.append("<h2>Final metrics</h2>\n<table><tr><th>metric</th><th>value</th></tr>\n");
        for (Map.Entry<String, Double> e : model.metrics().entrySet()) {
            h.append("<tr><td class=\"k\">").append(esc(e.getKey())).append("</td><td>").append(num(e.getValue()))
                .append("</td></tr>\n");
        }
        h.append("</table>\n<h2>Training configuration</h2>\n<table><tr><th>setting</th><th>value</th></tr>\n");
        for (Iterator<Map.Entry<String, JsonNode>> f = meta.path("training").fields(); f.hasNext(); ) {
            Map.Entry<String, JsonNode> e = f.next();
            if (!e.getKey().equals("finalEvaluation")) {
                String v = e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString();
                h.append("<tr><td class=\"k\">").append(esc(e.getKey())).append("</td><td class=\"k\">").append(esc(v))
                    .append("</td></tr>\n");
            }
        }
        h.append("</table>\n</body></html>\n");
        return h.toString();
    }

    /** Writes the page to {@code out} through a temporary file and a rename. */
    public static void write(Path dir, Path out) throws IOException {
        String page = html(dir);
        Path tmp = out.resolveSibling("." + out.getFileName() + ".tmp");
        Files.writeString(tmp, page);
        Files.move(tmp, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
            java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private record Series(String name, double[] xs, double[] ys) {
    }

    private static double[] column(List<JsonNode> history, String field) {
        return history.stream().mapToDouble(n -> n.path(field).isNumber() ? n.get(field).asDouble() : Double.NaN)
            .toArray();
    }

    private static Series validation(List<JsonNode> history, String metric) {
        List<double[]> points = new ArrayList<>();
        for (JsonNode n : history) {
            JsonNode v = n.path("validation").path(metric);
            if (v.isNumber()) {
                points.add(new double[] {n.get("iteration").asDouble(), v.asDouble()});
            }
        }
        if (points.isEmpty()) {
            return null;
        }
        return new Series(metric, points.stream().mapToDouble(p -> p[0]).toArray(),
            points.stream().mapToDouble(p -> p[1]).toArray());
    }

    /** A line chart, 520 by 300, with axes, five ticks each and a legend; markers when {@code dots}. */
    private static String chart(String title, String xLabel, String yLabel, List<Series> series, boolean dots) {
        double x0 = Double.POSITIVE_INFINITY;
        double x1 = Double.NEGATIVE_INFINITY;
        double y0 = Double.POSITIVE_INFINITY;
        double y1 = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (int i = 0; i < s.xs.length; i++) {
                if (Double.isFinite(s.ys[i])) {
                    x0 = Math.min(x0, s.xs[i]);
                    x1 = Math.max(x1, s.xs[i]);
                    y0 = Math.min(y0, s.ys[i]);
                    y1 = Math.max(y1, s.ys[i]);
                }
            }
        }
        if (!Double.isFinite(x0)) {
            return "";
        }
        if (x1 == x0) {
            x1 = x0 + 1;
        }
        if (y1 == y0) {
            double d = Math.max(1e-9, Math.abs(y0) * 0.1);
            y0 -= d;
            y1 += d;
        }
        int w = 520;
        int hgt = 300;
        int left = 64;
        int right = 16;
        int top = 30;
        int bottom = 44;
        Axis ax = new Axis(x0, x1, left, w - right);
        Axis ay = new Axis(y0, y1, hgt - bottom, top);
        StringBuilder s = new StringBuilder();
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(w).append("\" height=\"").append(hgt)
            .append("\" role=\"img\" aria-label=\"").append(esc(title)).append("\">")
            .append("<text x=\"").append(w / 2).append("\" y=\"18\" text-anchor=\"middle\" font-size=\"14\">")
            .append(esc(title)).append("</text>");
        for (int t = 0; t <= 4; t++) {
            double xv = x0 + (x1 - x0) * t / 4;
            double yv = y0 + (y1 - y0) * t / 4;
            s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#eee\"/>",
                ax.at(xv), top, ax.at(xv), hgt - bottom));
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#eee\"/>",
                left, ay.at(yv), w - right, ay.at(yv)));
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" font-size=\"11\">%s</text>",
                ax.at(xv), hgt - bottom + 14, tick(xv)));
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" font-size=\"11\">%s</text>",
                left - 4, ay.at(yv) + 4, tick(yv)));
        }
        s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" "
            + "stroke=\"#999\"/>", left, top, w - left - right, hgt - top - bottom));
        s.append("<text x=\"").append((left + w - right) / 2).append("\" y=\"").append(hgt - 8)
            .append("\" text-anchor=\"middle\" font-size=\"12\">").append(esc(xLabel)).append("</text>");
        s.append("<text x=\"14\" y=\"").append((top + hgt - bottom) / 2).append("\" text-anchor=\"middle\" ")
            .append("font-size=\"12\" transform=\"rotate(-90 14 ").append((top + hgt - bottom) / 2).append(")\">")
            .append(esc(yLabel)).append("</text>");
        for (int k = 0; k < series.size(); k++) {
            Series ser = series.get(k);
            String color = COLORS[k % COLORS.length];
            StringBuilder pts = new StringBuilder();
            for (int i = 0; i < ser.xs.length; i++) {
                if (Double.isFinite(ser.ys[i])) {
                    pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", ax.at(ser.xs[i]), ay.at(ser.ys[i])));
                    if (dots || ser.xs.length < 60) {
                        s.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\" fill=\"%s\"/>",
                            ax.at(ser.xs[i]), ay.at(ser.ys[i]), color));
                    }
                }
            }
            s.append("<polyline class=\"series\" data-series=\"").append(esc(ser.name)).append("\" fill=\"none\" ")
                .append("stroke=\"").append(color).append("\" stroke-width=\"2\" points=\"").append(pts.toString().strip())
                .append("\"/>");
            s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/>",
                w - right - 150, top + 8 + 16 * k, color));
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\">%s</text>", w - right - 136,
                top + 17 + 16 * k, esc(ser.name)));
        }
        return s.append("</svg>\n").toString();
    }

    /** A linear map from data values to pixels. */
    private record Axis(double lo, double hi, double from, double to) {
        double at(double v) {
            return from + (v - lo) / (hi - lo) * (to - from);
        }
    }

    /** Mean seconds per iteration in each part, as a stacked bar and a table. */
    private static String timing(List<JsonNode> history) {
        String[] parts = {"broadcast", "compute", "aggregation", "step"};
        double[] mean = new double[parts.length];
        double total = 0;
        for (JsonNode n : history) {
            for (int i = 0; i < parts.length; i++) {
                mean[i] += n.path("seconds").path(parts[i]).asDouble(0) / history.size();
            }
            total += n.path("seconds").path("total").asDouble(0) / history.size();
        }
        StringBuilder s = new StringBuilder("<h2>Where an iteration's time goes</h2>\n");
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"620\" height=\"70\" role=\"img\" ")
            .append("aria-label=\"time per iteration\">");
        double scale = 600 / Math.max(total, 1e-12);
        double x = 10;
        for (int i = 0; i < parts.length; i++) {
            double wdt = mean[i] * scale;
            s.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"10\" width=\"%.1f\" height=\"24\" fill=\"%s\"/>",
                x, wdt, COLORS[i]));
            s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"46\" width=\"10\" height=\"10\" fill=\"%s\"/>"
                + "<text x=\"%d\" y=\"55\" font-size=\"11\">%s</text>", 10 + 150 * i, COLORS[i], 24 + 150 * i, parts[i]));
            x += wdt;
        }
        s.append("</svg>\n<table><tr><th>part</th><th>mean seconds per iteration</th><th>share</th></tr>\n");
        for (int i = 0; i < parts.length; i++) {
            s.append("<tr><td class=\"k\">").append(parts[i]).append("</td><td>").append(num(mean[i])).append("</td><td>")
                .append(String.format(Locale.ROOT, "%.1f%%", 100 * mean[i] / Math.max(total, 1e-12)))
                .append("</td></tr>\n");
        }
        return s.append("<tr><td class=\"k\">whole iteration</td><td>").append(num(total))
            .append("</td><td>100%</td></tr></table>\n").toString();
    }

    /** Rows: true class; columns: predicted; cells shaded by their share of the row. */
    private static String confusion(JsonNode m) {
        StringBuilder s = new StringBuilder("<table class=\"confusion\"><tr><th>true \\ predicted</th>");
        for (int j = 0; j < m.size(); j++) {
            s.append("<th>").append(j).append("</th>");
        }
        s.append("</tr>\n");
        for (int i = 0; i < m.size(); i++) {
            double rowSum = 0;
            for (JsonNode c : m.get(i)) {
                rowSum += c.asDouble();
            }
            s.append("<tr><th>").append(i).append("</th>");
            for (int j = 0; j < m.size(); j++) {
                double v = m.get(i).get(j).asDouble();
                double share = rowSum > 0 ? v / rowSum : 0;
                int shade = (int) Math.round(255 - 180 * share);
                s.append(String.format(Locale.ROOT, "<td style=\"background:rgb(%d,%d,255)\">%s</td>", shade, shade,
                    num(v)));
            }
            s.append("</tr>\n");
        }
        return s.append("</table>\n").toString();
    }

    private static String scatter(JsonNode pairs, String label) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (JsonNode p : pairs) {
            lo = Math.min(lo, Math.min(p.get(0).asDouble(), p.get(1).asDouble()));
            hi = Math.max(hi, Math.max(p.get(0).asDouble(), p.get(1).asDouble()));
        }
        if (!(hi > lo)) {
            hi = lo + 1;
        }
        int size = 360;
        int pad = 44;
        Axis a = new Axis(lo, hi, pad, size - 12);
        Axis b = new Axis(lo, hi, size - pad, 12);
        StringBuilder s = new StringBuilder();
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(size).append("\" height=\"").append(size)
            .append("\" role=\"img\" aria-label=\"predicted against actual\">");
        s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#999\" "
            + "stroke-dasharray=\"4 3\"/>", a.at(lo), b.at(lo), a.at(hi), b.at(hi)));
        for (JsonNode p : pairs) {
            s.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\" fill=\"%s\" "
                + "fill-opacity=\"0.6\"/>", a.at(p.get(0).asDouble()), b.at(p.get(1).asDouble()), COLORS[0]));
        }
        s.append("<text x=\"").append(size / 2).append("\" y=\"").append(size - 8)
            .append("\" text-anchor=\"middle\" font-size=\"12\">actual ").append(esc(label)).append("</text>")
            .append("<text x=\"12\" y=\"").append(size / 2).append("\" font-size=\"12\" text-anchor=\"middle\" ")
            .append("transform=\"rotate(-90 12 ").append(size / 2).append(")\">predicted</text>");
        for (int t = 0; t <= 4; t++) {
            double v = lo + (hi - lo) * t / 4;
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" text-anchor=\"middle\">%s"
                + "</text>", a.at(v), size - pad + 14, tick(v)));
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" font-size=\"10\" text-anchor=\"end\">%s"
                + "</text>", pad - 4, b.at(v) + 3, tick(v)));
        }
        return s.append("</svg>\n").toString();
    }

    private static String tick(double v) {
        return String.format(Locale.ROOT, Math.abs(v) >= 1000 || (Math.abs(v) < 0.01 && v != 0) ? "%.2g" : "%.3g", v);
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
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
