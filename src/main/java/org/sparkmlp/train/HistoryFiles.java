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
            o.put("examples", r.examples());
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
        files.put(org.sparkmlp.model.ModelIO.HISTORY_CSV, csv.toString().getBytes(StandardCharsets.UTF_8));
        files.put(org.sparkmlp.model.ModelIO.HISTORY_JSONL, jsonl.toString().getBytes(StandardCharsets.UTF_8));
        return files;
    }

    /** The iterations in a {@code history.jsonl} that {@link #render} wrote. */
    public static List<IterationRecord> read(byte[] jsonl) throws java.io.IOException {
        List<IterationRecord> out = new java.util.ArrayList<>();
        for (String line : new String(jsonl, StandardCharsets.UTF_8).split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            com.fasterxml.jackson.databind.JsonNode n = JSON.readTree(line);
            Map<String, Double> validation = null;
            if (n.path("validation").isObject()) {
                validation = new LinkedHashMap<>();
                for (var f : (Iterable<Map.Entry<String, com.fasterxml.jackson.databind.JsonNode>>) () -> n.get("validation")
                    .fields()) {
                    validation.put(f.getKey(), number(f.getValue()));
                }
            }
            com.fasterxml.jackson.databind.JsonNode t = n.path("seconds");
            double seconds = number(t.path("total"));
            long examples = n.has("examples") ? n.get("examples").asLong()
                : Math.round(number(n.path("examplesPerSecond")) * seconds);
            out.add(new IterationRecord(n.path("iteration").asLong(), n.path("epoch").asLong() - 1,
                number(n.path("trainLoss")), examples, seconds, number(n.path("learningRate")), validation,
                number(t.path("broadcast")), number(t.path("compute")), number(t.path("aggregation")),
                number(t.path("step"))));
        }
        return out;
    }

    private static double number(com.fasterxml.jackson.databind.JsonNode n) {
        return n.isNumber() ? n.asDouble() : Double.NaN;
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
