package org.sparkmlp.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.sparkmlp.train.TrainConfig;
import picocli.CommandLine;

/** Every training option of the command line has a builder method of the same name in the Java API. */
class BuilderNamesTest {
    /** Options about where data, models and extension jars are and how Spark runs, not about what training computes. */
    private static final Set<String> NOT_CONFIGURATION = Set.of("job", "data", "format", "partitions", "model",
        "overwrite", "master", "conf", "verbose", "jars", "validation-data", "help", "version");

    @Test
    void theBuilderHasAMethodNamedAfterEveryTrainingOption() {
        CommandLine train = Main.commandLine().getSubcommands().get("train");
        List<String> missing = new ArrayList<>();
        int checked = 0;
        for (CommandLine.Model.OptionSpec option : train.getCommandSpec().options()) {
            String name = option.longestName().replaceFirst("^--", "");
            if (NOT_CONFIGURATION.contains(name)) {
                continue;
            }
            org.sparkmlp.train.Setting<?> setting = org.sparkmlp.train.Settings.named(name);
            String camel = setting == null ? "(no setting named " + name + ")" : setting.builderName();
            boolean present = Arrays.stream(TrainConfig.Builder.class.getMethods())
                .anyMatch(m -> m.getName().equals(camel) && Modifier.isPublic(m.getModifiers())
                    && m.getReturnType() == TrainConfig.Builder.class);
            if (!present) {
                missing.add("--" + name + " -> " + camel);
            }
            checked++;
        }
        assertTrue(checked > 30, "the train command's options were found: " + checked);
        assertTrue(missing.isEmpty(), "no builder method for " + missing);
    }
}
