package org.sparkmlp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.sparkmlp.train.Setting;
import org.sparkmlp.train.Settings;
import org.sparkmlp.train.TrainConfig;
import picocli.CommandLine;

/**
 * The training settings are declared once ({@link Settings}), and every view of them agrees: the command
 * line's options and defaults, the builder's defaults, {@code toBuilder()}, and the README's option table.
 */
class SettingsTest {
    /** A value other than the default for every setting, in one of two configurations that can coexist. */
    private static final Map<String, String> SHORTHAND = Map.ofEntries(Map.entry("label", "y"),
        Map.entry("features", "a,b,c"), Map.entry("layers", "3,5,2"), Map.entry("activation", "tanh"),
        Map.entry("loss", "cross-entropy"), Map.entry("optimizer", "sgd"), Map.entry("lr", "0.3"), Map.entry("tol", "0.01"),
        Map.entry("momentum", "0.5"), Map.entry("nesterov", "true"), Map.entry("beta1", "0.8"),
        Map.entry("beta2", "0.99"), Map.entry("epsilon", "1e-6"), Map.entry("epochs", "7"),
        Map.entry("batch-size", "64"), Map.entry("seed", "42"), Map.entry("block-size", "128"),
        Map.entry("aggregation-depth", "3"), Map.entry("sync-every", "4"), Map.entry("standardize", "false"),
        Map.entry("precision", "double"),
        Map.entry("lr-schedule", "plateau"), Map.entry("lr-gamma", "0.5"), Map.entry("lr-step-epochs", "3"),
        Map.entry("min-lr", "1e-5"), Map.entry("warmup-iterations", "20"), Map.entry("plateau-patience", "4"),
        Map.entry("weight-decay", "1e-4"), Map.entry("validation-fraction", "0.2"), Map.entry("validate-every", "5"),
        Map.entry("early-stopping-patience", "3"), Map.entry("monitor", "accuracy"), Map.entry("min-delta", "0.01"),
        Map.entry("restore-best", "false"), Map.entry("weight-column", "w"), Map.entry("class-weights", "1,2"),
        Map.entry("dropout", "0.25"), Map.entry("clip-norm", "5"), Map.entry("on-invalid-rows", "skip"),
        Map.entry("missing-values", "fail"), Map.entry("max-levels", "12"), Map.entry("sparse-width", "4096"), Map.entry("cache", "disk"),
        Map.entry("checkpoint-dir", "/tmp/ck"), Map.entry("checkpoint-every", "9"), Map.entry("keep-checkpoints", "5"),
        Map.entry("resume", "true"));
    private static final Map<String, String> NETWORK = Map.of("network", "linear:8,gelu,linear:2",
        "class-weights", "balanced", "loss", "cross-entropy");
    private static final Map<String, String> REGRESSION = Map.of("hidden", "6,3", "loss", "mae");

    private static TrainConfig build(Map<String, String> values) {
        TrainConfig.Builder b = TrainConfig.builder();
        for (Map.Entry<String, String> e : new TreeMap<>(values).entrySet()) {
            Settings.named(e.getKey()).apply(b, e.getValue());
        }
        return b.build();
    }

    private static TrainConfig fromCommandLine(String... options) {
        List<String> args = new ArrayList<>(List.of("train", "--data", "x.csv", "--model", "m"));
        args.addAll(List.of(options));
        CommandLine cli = Main.commandLine();
        cli.parseArgs(args.toArray(new String[0]));
        return ((TrainCommand) cli.getSubcommands().get("train").getCommand()).config();
    }

    @Test
    void theCommandLineWithNoOptionsGivesTheBuildersDefaults() {
        assertEquals(TrainConfig.builder().layers(4, 3).build(), fromCommandLine("--layers", "4,3"));
        assertEquals(TrainConfig.builder().network("linear:3").build(), fromCommandLine("--network", "linear:3"));
        assertEquals(TrainConfig.builder().build(), fromCommandLine(), "no network at all: the default one");
        assertEquals(TrainConfig.builder().hidden(16, 8).build(), fromCommandLine("--hidden", "16,8"));
    }

    @Test
    void everySettingFromTheCommandLineReachesTheConfiguration() {
        List<String> args = new ArrayList<>();
        SHORTHAND.forEach((k, v) -> args.addAll(List.of("--" + k, v)));
        assertEquals(build(SHORTHAND), fromCommandLine(args.toArray(new String[0])));
    }

    @Test
    void everySettingHasASampleAndEveryFieldRoundTripsThroughToBuilder() throws Exception {
        TreeSet<String> sampled = new TreeSet<>(SHORTHAND.keySet());
        sampled.addAll(NETWORK.keySet());
        sampled.addAll(REGRESSION.keySet());
        assertEquals(new TreeSet<>(Settings.ALL.stream().map(Setting::name).toList()), sampled,
            "a sample value for every setting");
        TrainConfig defaults = TrainConfig.builder().layers(3, 5, 2).build();
        TrainConfig shorthand = build(SHORTHAND);
        List<TrainConfig> samples = List.of(build(SHORTHAND), build(NETWORK), build(REGRESSION));
        for (Setting<?> s : Settings.ALL) {
            Object d = defaults.value(s);
            boolean covered = false;
            for (TrainConfig sample : samples) {
                Object v = sample.value(s);
                covered |= !java.util.Objects.equals(d, v);
                assertEquals(v, sample.toBuilder().build().value(s), s.name() + " survives toBuilder()");
            }
            assertTrue(covered, s.name() + " differs from its default in one of the samples, so that the round "
                + "trip checks it");
        }
        assertNotEquals(defaults, shorthand);
    }

    @Test
    void theReadmesOptionTableIsTheCommandLines() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        String begin = "<!-- train options: generated from the settings, see SettingsTest -->\n";
        String end = "<!-- end of train options -->";
        assertTrue(readme.contains(begin) && readme.contains(end), "the README marks its option table");
        String table = readme.substring(readme.indexOf(begin) + begin.length(), readme.indexOf(end));
        String expected = OptionTable.markdown(Main.commandLine().getSubcommands().get("train").getCommandSpec());
        if (!expected.equals(table)) {
            Path out = Path.of("target", "README-train-options.md");
            Files.createDirectories(out.getParent());
            Files.writeString(out, expected);
            assertEquals(expected, table, "the README's train options differ from the command line's; the table "
                + "to paste is in " + out);
        }
    }
}
