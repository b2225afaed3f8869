package org.sparkmlp.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What the cluster tests share: running a cluster script with its state directory, waiting for a submitted
 * run, the end of its log, and the cluster's JVMs of one kind found by their working directory.
 */
final class ClusterProcesses {
    static final Path ROOT = Path.of("").toAbsolutePath();

    private ClusterProcesses() {}

    record Result(int code, String output) {
    }

    /** Runs {@code scripts/<script>} with its state in {@code state} (the environment variable {@code stateVar}). */
    static Result script(String script, String stateVar, Path state, String... args) {
        List<String> cmd = new ArrayList<>(List.of("bash", ROOT.resolve("scripts/" + script).toString()));
        cmd.addAll(List.of(args));
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            pb.environment().put(stateVar, state.toString());
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return new Result(p.waitFor(), out);
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Starts {@code scripts/submit} with {@code sparkArgs}, then {@code --} and {@code command}, with
     * {@code env} added to its environment and its output in {@code log}; adds it to {@code submitted}.
     */
    static Process submit(List<String> sparkArgs, java.util.Map<String, String> env, Path log,
                          List<Process> submitted, String... command) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("bash", ROOT.resolve("scripts/submit").toString()));
        cmd.addAll(sparkArgs);
        cmd.add("--");
        cmd.addAll(List.of(command));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        submitted.add(p);
        return p;
    }

    /** Waits up to {@code limit} for {@code p} and returns its exit code. */
    static int finish(Process p, Path log, Duration limit) throws Exception {
        assertTrue(p.waitFor(limit.toSeconds(), TimeUnit.SECONDS), "the run finishes in time; " + tail(log));
        return p.exitValue();
    }

    /** The last 40 lines of {@code log}. */
    static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    /** The JVMs, not their launching shells, of {@code mainClass} whose working directory is under {@code state}. */
    static List<ProcessHandle> jvms(String mainClass, Path state) {
        return ProcessHandle.allProcesses().filter(h -> h.info().command().orElse("").endsWith("/java"))
            .filter(h -> h.info().commandLine().orElse("").contains(mainClass)).filter(h -> {
                try {
                    return Files.readSymbolicLink(Path.of("/proc", Long.toString(h.pid()), "cwd")).startsWith(state);
                } catch (IOException e) {
                    return false;
                }
            }).toList();
    }

    /**
     * Stops what an earlier run may have left, starts the cluster with two nodes, and returns the shutdown hook
     * (registered) that stops it and the {@code submitted} runs should the JVM end first.
     */
    static Thread start(String script, String stateVar, Path state, List<Process> submitted) {
        script(script, stateVar, state, "stop");
        Thread stopOnExit = new Thread(() -> {
            submitted.forEach(Process::destroyForcibly);
            script(script, stateVar, state, "stop");
        });
        Runtime.getRuntime().addShutdownHook(stopOnExit);
        Result r = script(script, stateVar, state, "start", "2");
        assertEquals(0, r.code(), r.output());
        return stopOnExit;
    }

    /** Stops the cluster with its script, then checks that neither it nor a submitted run is left. */
    static void stopAndCheck(String script, String stateVar, Path state, List<Process> submitted, Thread stopOnExit)
        throws Exception {
        Runtime.getRuntime().removeShutdownHook(stopOnExit);
        try {
            for (Process p : submitted) {
                p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        } finally {
            Result r = script(script, stateVar, state, "stop");
            assertEquals(0, r.code(), r.output());
            assertEquals("", script(script, stateVar, state, "pids").output().strip(), "no cluster process is left");
            assertTrue(submitted.stream().noneMatch(Process::isAlive), "no submitted run is left");
        }
    }
}
