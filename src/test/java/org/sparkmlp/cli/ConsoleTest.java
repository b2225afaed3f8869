package org.sparkmlp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line in a process of its own, logging as {@code scripts/spark-mlp} does (conf/log4j2.properties):
 * a CSV row with a word in a numeric column prints the one line that names it, no stack frame, and points at
 * the task log, which holds Spark's lines; {@code --verbose} prints them on the console.
 */
class ConsoleTest {
    @TempDir
    Path tmp;

    private record Run(int code, String console) {
    }

    private Run train(Path data, Path taskLog, String... more) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String arg : java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("--add-") || arg.startsWith("-XX:+IgnoreUnrecognized") || arg.startsWith("-Djdk.")
                || arg.startsWith("-Dio.netty")) {
                cmd.add(arg);
            }
        }
        cmd.addAll(List.of("-Dlog4j2.configurationFile=" + Path.of("conf/log4j2.properties").toAbsolutePath(),
            "-Dspark-mlp.taskLog=" + taskLog, "-cp", System.getProperty("java.class.path"), Main.class.getName(),
            "train", "--data", data.toString(), "--label", "churn", "--epochs", "1", "--master", "local[1]",
            "--conf", "spark.ui.enabled=false", "--model", tmp.resolve("model").toString()));
        cmd.addAll(List.of(more));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        return new Run(p.waitFor(), out);
    }

    @Test
    void aRefusedRowPrintsItsLineAndNoStackTrace() throws Exception {
        Path data = tmp.resolve("churn.csv");
        Files.write(data, List.of("tenure,charges,churn", "1,29.85,No", "34,56.95,No", "2,53.85,Yes", "45,42.30,No",
            "2,70.70,Yes", "8,99.65,Yes", "22,89.10,No", "10,2x9.75,No"));
        Path taskLog = tmp.resolve("tasks.log");
        Run quiet = train(data, taskLog);
        assertEquals(1, quiet.code(), quiet.console());
        assertTrue(quiet.console().contains("spark-mlp train: error: " + data.toUri().toString().replace("file:///",
            "file:/") + ": line 9, column 'charges': '2x9.75' is not a number"), quiet.console());
        assertFalse(quiet.console().contains("\tat "), "no stack frame on the console:\n" + quiet.console());
        assertFalse(quiet.console().contains("TaskSetManager") || quiet.console().contains("Executor:"),
            quiet.console());
        assertTrue(quiet.console().contains("Spark's log of the failed tasks: " + taskLog), quiet.console());
        assertTrue(Files.readString(taskLog).contains("\tat "), "the task log keeps the stack");
        assertFalse(Files.exists(tmp.resolve("model")), "no model is written");

        Run verbose = train(data, tmp.resolve("tasks-verbose.log"), "--verbose");
        assertEquals(1, verbose.code(), verbose.console());
        assertTrue(verbose.console().contains("ERROR Executor: Exception in task") && verbose.console().contains("\tat "),
            verbose.console());
    }
}
