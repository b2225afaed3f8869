package org.sparkmlp.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --jars}: extension jars for a command, as {@code spark-submit --jars} takes them. */
final class JarOptions {
    static final String NAME = "--jars";

    @Option(names = NAME, split = ",", paramLabel = "JAR[,JAR...]",
        description = "Jars to put on the class path, comma-separated: layers and losses they add "
            + "(org.sparkmlp.nn.Extension) can then be named; Spark sessions the command starts ship them to the "
            + "executors, as spark-submit --jars does.")
    List<String> jars = new ArrayList<>();
}
