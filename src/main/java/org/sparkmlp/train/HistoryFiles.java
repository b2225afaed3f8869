package org.sparkmlp.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * A run's iterations as {@code history.csv} and {@code history.jsonl}: one row or JSON object per
 * iteration with the iteration, epoch, learning rate, training loss, validation metrics (on the iterations
 * that validated; empty or absent on the others), examples per second, and the seconds spent in the
 * broadcast, the partitions' computation, the rest of the job (aggregation) and the driver's step.
 */
public final class HistoryFiles {
    public static final String CSV = "history.csv";
    public static final String JSONL = "history.jsonl";
    private static final ObjectMapper JSON = new ObjectMapper();

    private HistoryFiles() {}

    /** The two files' contents, by file name. */
    public static Map<String, byte[]> render(List<IterationRecord> history) {
        TreeSet<String> metricNames = new TreeSet<>();
        history.forEach(r -> {
            if (r.validation() != null) {
                metricNames.addAll(r.validation().keySet());
            }
        });
        List<String> metrics = metricNames.stream().filter(k -> !k.contains(".")).toList();
        StringBuilder csv = new StringBuilder("iteration,epoch,learning_rate,train_loss");
        metrics.forEach(m -> csv.append(",validation_").append(m));
        csv.append(",examples_per_second,seconds,broadcast_seconds,compute_seconds,aggregation_seconds,step_seconds\n");
        StringBuilder jsonl = new StringBuilder();
        for (IterationRecord r : history) {
            csv.append(r.iteration()).append(',').append(r.epoch() + 1).append(',').append(num(r.learningRate()))
                .append(',').append(num(r.loss()));
            for (String m : metrics) {
                csv.append(',').append(r.validation() == null ? "" : num(r.validation().getOrDefault(m, Double.NaN)));
            }
            csv.append(',').append(num(r.examplesPerSecond())).append(',').append(num(r.seconds())).append(',')
                .append(num(r.broadcastSeconds())).append(',').append(num(r.computeSeconds())).append(',')
                .append(num(r.aggregationSeconds())).append(',').append(num(r.stepSeconds())).append('\n');
            ObjectNode o = JSON.createObjectNode();
            o.put("iteration", r.iteration());
            o.put("epoch", r.epoch() + 1);
            put(o, "learningRate", r.learningRate());
            put(o, "trainLoss", r.loss());
            if (r.validation() != null) {
                ObjectNode v = o.putObject("validation");
                r.validation().forEach((k, x) -> put(v, k, x));
            }
            put(o, "examplesPerSecond", r.examplesPerSecond());
            Map<String, Double> t = new LinkedHashMap<>();
            t.put("total", r.seconds());
            t.put("broadcast", r.broadcastSeconds());
            t.put("compute", r.computeSeconds());
            t.put("aggregation", r.aggregationSeconds());
            t.put("step", r.stepSeconds());
            ObjectNode seconds = o.putObject("seconds");
            t.forEach((k, x) -> put(seconds, k, x));
            jsonl.append(o).append('\n');
        }
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(CSV, csv.toString().getBytes(StandardCharsets.UTF_8));
        files.put(JSONL, jsonl.toString().getBytes(StandardCharsets.UTF_8));
        return files;
    }

    private static void put(ObjectNode o, String key, double v) {
        if (Double.isFinite(v)) {
            o.put(key, v);
        } else {
            o.putNull(key);
        }
    }

    private static String num(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.9g", v).replaceFirst("\\.?0+(e|$)", "$1") : "";
    }
}
