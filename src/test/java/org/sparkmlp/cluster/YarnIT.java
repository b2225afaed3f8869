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
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.sparkmlp.model.MlpModel;
import org.sparkmlp.model.ModelIO;
import org.sparkmlp.spark.HadoopFileDir;
import org.sparkmlp.testutil.Cli;
import org.sparkmlp.testutil.SharedSpark;

/**
 * The application jar on a real YARN cluster with HDFS, started by {@code scripts/yarn} in a JVM of its own,
 * jobs submitted through {@code scripts/submit --master yarn} with the assembled distribution's
 * {@code spark-submit} and the cluster's Hadoop client configuration, as a user would. Data and models are
 * on HDFS; the models are compared with the same job in local mode in this JVM.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class YarnIT {
    private static final Path ROOT = Path.of("").toAbsolutePath();
    private static final Path STATE = ROOT.resolve("target/yarn-it");
    private static final Duration RUN_LIMIT = Duration.ofMinutes(5);
    private static final String DATA = "/spark-mlp/data/letter-train.csv.gz";

    private Path work;
    private String hdfs;
    private final List<Process> submitted = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Thread stopOnExit = new Thread(() -> {
        submitted.forEach(Process::destroyForcibly);
        script("stop");
    });

    @BeforeAll
    void startCluster() throws Exception {
        script("stop");
        Runtime.getRuntime().addShutdownHook(stopOnExit);
        Result r = script("start", "2");
        assertEquals(0, r.code(), r.output());
        hdfs = Files.readAllLines(STATE.resolve("ready")).stream().filter(l -> l.startsWith("hdfs "))
            .map(l -> l.substring(5).strip()).findFirst().orElseThrow();
        Result put = script("put", ROOT.resolve("data/letter/train.csv.gz").toString(), hdfs + DATA);
        assertEquals(0, put.code(), put.output());
        work = Files.createTempDirectory(ROOT.resolve("target"), "yarn-it-work");
    }

    @AfterAll
    void stopCluster() throws Exception {
        try {
            for (Process p : submitted) {
                p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        } finally {
            Result r = script("stop");
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
            assertEquals(0, r.code(), r.output());
            assertEquals("", script("pids").output().strip(), "no process of the YARN cluster is left");
            assertTrue(submitted.stream().noneMatch(Process::isAlive), "no spark-submit is left");
        }
    }

    record Result(int code, String output) {
    }

    private static Result script(String... args) {
        List<String> cmd = new ArrayList<>(List.of("bash", ROOT.resolve("scripts/yarn").toString()));
        cmd.addAll(List.of(args));
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            pb.environment().put("SPARK_MLP_YARN_DIR", STATE.toString());
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return new Result(p.waitFor(), out);
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Starts {@code scripts/submit --master yarn} in {@code deployMode}, the application's jar first on the
     * driver's and executors' class paths when {@code userFirst} (YARN's Hadoop jars first otherwise); its
     * output goes to {@code log}.
     */
    private Process submit(String deployMode, boolean userFirst, Path log, String... command) throws IOException {
        return submit(deployMode, userFirst, 1, log, command);
    }

    /** {@link #submit(String, boolean, Path, String...)}, YARN starting the application up to {@code attempts} times. */
    private Process submit(String deployMode, boolean userFirst, int attempts, Path log, String... command)
        throws IOException {
        Path dist = ROOT.resolve("target/spark-dist");
        List<String> cmd = new ArrayList<>(List.of("bash", ROOT.resolve("scripts/submit").toString(),
            "--master", "yarn", "--deploy-mode", deployMode, "--num-executors", "2", "--executor-cores", "1",
            "--executor-memory", "1g", "--driver-memory", "1g", "--files",
            ROOT.resolve("jobs/letter.properties").toString(),
            "--conf", "spark.yarn.jars=local:" + dist.resolve("jars") + "/*",
            "--conf", "spark.yarn.maxAppAttempts=" + attempts, "--conf", "spark.driver.userClassPathFirst=" + userFirst,
            "--conf", "spark.executor.userClassPathFirst=" + userFirst, "--"));
        cmd.addAll(List.of(command));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("SPARK_HOME", dist.toString());
        pb.environment().put("HADOOP_CONF_DIR", STATE.resolve("conf").toString());
        Process p = pb.start();
        submitted.add(p);
        return p;
    }

    private static int finish(Process p, Path log) throws Exception {
        assertTrue(p.waitFor(RUN_LIMIT.toSeconds(), TimeUnit.SECONDS), "the run finishes in time; " + tail(log));
        return p.exitValue();
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    /** The driver's log: the client's own in client mode, the ApplicationMaster container's in cluster mode. */
    private static boolean containersSay(String text) throws IOException {
        try (Stream<Path> files = Files.walk(STATE)) {
            return files.filter(f -> f.getFileName().toString().equals("stderr") && Files.isRegularFile(f))
                .anyMatch(f -> {
                    try {
                        return Files.readString(f).contains(text);
                    } catch (IOException e) {
                        return false;
                    }
                });
        }
    }

    /** The letter job (its file shipped with --files), shortened to 6 epochs, reading and writing HDFS. */
    private List<String> letter(String model, boolean shipped) {
        return new ArrayList<>(List.of("train", "--job", shipped ? "letter.properties"
            : ROOT.resolve("jobs/letter.properties").toString(), "--data", hdfs + DATA, "--epochs", "6", "--model",
            model));
    }

    private MlpModel reference() throws IOException {
        Path model = work.resolve("letter-local");
        if (!Files.exists(model)) {
            SharedSpark.session();
            List<String> args = new ArrayList<>(List.of("train", "--job", ROOT.resolve("jobs/letter.properties")
                .toString(), "--data", ROOT.resolve("data/letter/train.csv.gz").toString(), "--epochs", "6",
                "--model", model.toString()));
            Cli.Result r = Cli.run(args.toArray(new String[0]));
            assertEquals(0, r.exitCode(), r.err());
        }
        return ModelIO.load(model);
    }

    private MlpModel fromHdfs(String location) throws IOException {
        Configuration conf = new Configuration();
        conf.addResource(new org.apache.hadoop.fs.Path(STATE.resolve("conf/core-site.xml").toUri()));
        return ModelIO.load(HadoopFileDir.at(location, conf));
    }

    private static void assertSameWeights(MlpModel expected, MlpModel actual) {
        double[] e = expected.params();
        double[] a = actual.params();
        assertEquals(e.length, a.length);
        for (int i = 0; i < e.length; i++) {
            assertEquals(e[i], a[i], 0.0, "weight " + i);
        }
    }

    @Test
    void clusterModeWithTheJarFirstAndAnExecutorContainerKilledGivesTheLocalModeModelFromHdfsToHdfs() throws Exception {
        String model = hdfs + "/spark-mlp/models/killed";
        Path log = work.resolve("cluster-killed.log");
        Process p = submit("cluster", true, log, letter(model, true).toArray(new String[0]));
        long end = System.nanoTime() + RUN_LIMIT.toNanos();
        while (!containersSay("iteration 60/192")) {
            assertTrue(p.isAlive() && System.nanoTime() < end, "the driver reached iteration 60: " + tail(log));
            Thread.sleep(200);
        }
        List<ProcessHandle> executors = executors();
        assertEquals(2, executors.size(), "two executor containers");
        assertTrue(executors.get(0).destroyForcibly());
        executors.get(0).onExit().get(30, TimeUnit.SECONDS);
        assertEquals(0, finish(p, log), tail(log));
        assertTrue(containersSay("Lost executor") || containersSay("Container marked as failed")
            || containersSay("Container from a bad node"), "the driver saw the executor go");
        assertSameWeights(reference(), fromHdfs(model));
    }

    @Test
    void clientModeWithHadoopsJarsFirstReadsAndWritesHdfsAndGivesTheSameModel() throws Exception {
        String model = hdfs + "/spark-mlp/models/client";
        Path log = work.resolve("client.log");
        Process p = submit("client", false, log, letter(model, false).toArray(new String[0]));
        assertEquals(0, finish(p, log), tail(log));
        assertSameWeights(reference(), fromHdfs(model));
    }

    /**
     * The driver's own loss in cluster mode: its ApplicationMaster container's JVM is killed after a checkpoint
     * reached HDFS; YARN's second attempt runs the same command, whose {@code --resume} continues from that
     * checkpoint, and the model is local mode's, bit for bit.
     */
    @Test
    void clusterModeWithTheDriverKilledRetriesTheApplicationAndResumesFromHdfsCheckpoints() throws Exception {
        String model = hdfs + "/spark-mlp/models/retried";
        Path log = work.resolve("cluster-retried.log");
        List<String> command = letter(model, true);
        command.addAll(List.of("--checkpoint-dir", hdfs + "/spark-mlp/checkpoints/retried", "--checkpoint-every",
            "40", "--resume"));
        Process p = submit("cluster", true, 2, log, command.toArray(new String[0]));
        long end = System.nanoTime() + RUN_LIMIT.toNanos();
        while (!containersSay("wrote checkpoint " + hdfs + "/spark-mlp/checkpoints/retried/checkpoint-0000000080")) {
            assertTrue(p.isAlive() && System.nanoTime() < end, "the first attempt wrote its second checkpoint: "
                + tail(log));
            Thread.sleep(200);
        }
        List<ProcessHandle> drivers = containerJvms("org.apache.spark.deploy.yarn.ApplicationMaster");
        assertEquals(1, drivers.size(), "one ApplicationMaster container");
        assertTrue(drivers.get(0).destroyForcibly());
        drivers.get(0).onExit().get(30, TimeUnit.SECONDS);
        assertEquals(0, finish(p, log), tail(log));
        assertTrue(containersSay("resuming from"), "the second attempt resumed from a checkpoint");
        MlpModel resumed = fromHdfs(model);
        long after = ((Number) resumed.training().get("resumedAfterIteration")).longValue();
        assertTrue(after >= 80 && after % 40 == 0 && after <= 160, "resumed after " + after);
        assertSameWeights(reference(), resumed);
    }

    /** The executor JVMs (not their launching shells) the NodeManagers started in their container directories. */
    private static List<ProcessHandle> executors() {
        return containerJvms("org.apache.spark.executor.YarnCoarseGrainedExecutorBackend");
    }

    /** The JVMs running {@code mainClass} that the NodeManagers started in their container directories. */
    private static List<ProcessHandle> containerJvms(String mainClass) {
        return ProcessHandle.allProcesses().filter(h -> h.info().command().orElse("").endsWith("/java"))
            .filter(h -> h.info().commandLine().orElse("").contains(mainClass)).filter(h -> {
                try {
                    return Files.readSymbolicLink(Path.of("/proc", Long.toString(h.pid()), "cwd")).startsWith(STATE);
                } catch (IOException e) {
                    return false;
                }
            }).toList();
    }
}
