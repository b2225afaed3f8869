package org.sparkmlp.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.MiniDFSCluster;
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
 * The application jar on a real Spark standalone cluster on this machine: a master and two workers
 * started by {@code scripts/cluster}, each worker launching its own executor JVM, and jobs submitted
 * through {@code scripts/submit} with the assembled distribution's {@code spark-submit}, as a user would.
 * Models trained there are compared with the same job in local mode in this JVM.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterIT {
    private static final Path ROOT = Path.of("").toAbsolutePath();
    private static final Path STATE = ROOT.resolve("target/cluster-it");
    private static final Duration RUN_LIMIT = Duration.ofMinutes(4);

    private Path work;
    private String master;
    private MiniDFSCluster hdfs;
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
        master = Files.readString(STATE.resolve("master.url")).strip();
        work = Files.createTempDirectory(ROOT.resolve("target"), "cluster-it-work");
    }

    @AfterAll
    void stopCluster() throws Exception {
        try {
            for (Process p : submitted) {
                p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
            if (hdfs != null) {
                hdfs.shutdown();
            }
        } finally {
            Result r = script("stop");
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
            assertEquals(0, r.code(), r.output());
            assertEquals("", script("pids").output().strip(), "no cluster process is left");
            assertTrue(submitted.stream().noneMatch(Process::isAlive), "no submitted driver is left");
        }
    }

    record Result(int code, String output) {
    }

    private static Result script(String... args) {
        List<String> cmd = new ArrayList<>(List.of("bash", ROOT.resolve("scripts/cluster").toString()));
        cmd.addAll(List.of(args));
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            pb.environment().put("SPARK_MLP_CLUSTER_DIR", STATE.toString());
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return new Result(p.waitFor(), out);
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Starts {@code scripts/submit} against the cluster; its output goes to {@code log}. */
    private Process submit(String deployMode, Path log, String... command) throws IOException {
        return submit(deployMode, log, List.of("spark.executor.memory=1500m"), command);
    }

    /** {@link #submit(String, Path, String...)} with other Spark settings ({@code key=value}). */
    private Process submit(String deployMode, Path log, List<String> conf, String... command) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("bash", ROOT.resolve("scripts/submit").toString(),
            "--master", master, "--deploy-mode", deployMode, "--conf", "spark.executor.cores=1",
            "--conf", "spark.cores.max=2", "--conf", "spark.standalone.submit.waitAppCompletion=true"));
        conf.forEach(c -> cmd.addAll(List.of("--conf", c)));
        cmd.add("--");
        cmd.addAll(List.of(command));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("SPARK_HOME", ROOT.resolve("target/spark-dist").toString());
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
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }

    /** Waits until {@code log} has a line containing {@code text}. */
    private static void await(Path log, String text, Process p) throws Exception {
        long end = System.nanoTime() + RUN_LIMIT.toNanos();
        while (System.nanoTime() < end) {
            if (Files.exists(log) && Files.readString(log).contains(text)) {
                return;
            }
            assertTrue(p.isAlive(), "the run ended before '" + text + "': " + tail(log));
            Thread.sleep(100);
        }
        throw new AssertionError("no '" + text + "' in " + log);
    }

    /** The letter job, shortened to 6 epochs (192 iterations), with absolute paths for any driver. */
    private List<String> letter(Path model, String... extra) {
        List<String> args = new ArrayList<>(List.of("train", "--job", ROOT.resolve("jobs/letter.properties").toString(),
            "--data", ROOT.resolve("data/letter/train.csv.gz").toString(), "--epochs", "6", "--model",
            model.toString()));
        args.addAll(List.of(extra));
        return args;
    }

    private MlpModel local(List<String> args) throws IOException {
        Cli.Result r = Cli.run(args.toArray(new String[0]));
        assertEquals(0, r.exitCode(), r.err());
        return ModelIO.load(Path.of(args.get(args.indexOf("--model") + 1)));
    }

    private MlpModel letterReference() throws IOException {
        Path model = work.resolve("letter-local");
        if (Files.exists(model)) {
            return ModelIO.load(model);
        }
        SharedSpark.session();
        return local(letter(model));
    }

    private static void assertSameWeights(MlpModel expected, MlpModel actual) {
        double[] e = expected.params();
        double[] a = actual.params();
        assertEquals(e.length, a.length);
        double scale = 0;
        for (double v : e) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < e.length; i++) {
            assertEquals(e[i], a[i], 1e-9 * scale, "weight " + i);
        }
    }

    @Test
    void theMnistJobOnTheClusterGivesTheLocalModeWeights() throws Exception {
        Path mnist = Path.of(System.getProperty("sparkmlp.sharedData", "../shared/data"), "mnist_train.csv.gz")
            .toAbsolutePath().normalize();
        List<String> args;
        if (Files.isRegularFile(mnist)) {
            args = new ArrayList<>(List.of("train", "--job", ROOT.resolve("jobs/mnist.properties").toString(),
                "--data", mnist.toString(), "--epochs", "1", "--batch-size", "2048", "--partitions", "2"));
        } else {
            System.err.println("ClusterIT: " + mnist + " is absent; the letter job stands in for MNIST");
            args = letter(work.resolve("unused"));
            args = new ArrayList<>(args.subList(0, args.indexOf("--model")));
        }
        List<String> onCluster = new ArrayList<>(args);
        onCluster.addAll(List.of("--model", work.resolve("first-cluster").toString()));
        Path log = work.resolve("first.log");
        Process p = submit("client", log, onCluster.toArray(new String[0]));
        assertEquals(0, finish(p, log), tail(log));
        List<String> inLocal = new ArrayList<>(args);
        inLocal.addAll(List.of("--model", work.resolve("first-local").toString()));
        SharedSpark.session();
        assertSameWeights(local(inLocal), ModelIO.load(work.resolve("first-cluster")));
    }

    @Test
    void clusterDeployModeRunsTheDriverOnAWorkerAndGivesTheSameWeights() throws Exception {
        Path model = work.resolve("cluster-mode");
        Path log = work.resolve("cluster-mode.log");
        Process p = submit("cluster", log, letter(model).toArray(new String[0]));
        assertEquals(0, finish(p, log), tail(log));
        assertTrue(Files.list(STATE).anyMatch(w -> w.getFileName().toString().startsWith("worker-")
            && hasDriverDir(w)), "the driver ran in a worker's directory");
        assertSameWeights(letterReference(), ModelIO.load(model));
    }

    private static boolean hasDriverDir(Path workerDir) {
        try (var files = Files.list(workerDir)) {
            return files.anyMatch(f -> f.getFileName().toString().startsWith("driver-"));
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void killingAnExecutorInTheMiddleOfTrainingChangesNothing() throws Exception {
        Path model = work.resolve("executor-killed");
        Path log = work.resolve("executor-killed.log");
        Process p = submit("client", log, letter(model).toArray(new String[0]));
        await(log, "iteration 60/192", p);
        List<ProcessHandle> executors = executors();
        assertEquals(2, executors.size(), "one executor JVM per worker");
        assertTrue(executors.get(0).destroyForcibly());
        executors.get(0).onExit().get(30, TimeUnit.SECONDS);
        assertEquals(0, finish(p, log), tail(log));
        assertTrue(Files.readString(log).contains("Lost executor"), "Spark saw the executor go: " + tail(log));
        assertSameWeights(letterReference(), ModelIO.load(model));
    }

    /** The executor JVMs the workers launched, running in their work directories. */
    private static List<ProcessHandle> executors() {
        return ProcessHandle.allProcesses().filter(h -> h.info().commandLine().orElse("")
            .contains("org.apache.spark.executor.CoarseGrainedExecutorBackend")).filter(h -> {
                try {
                    return Files.readSymbolicLink(Path.of("/proc", Long.toString(h.pid()), "cwd")).startsWith(STATE);
                } catch (IOException e) {
                    return false;
                }
            }).toList();
    }

    @Test
    void killingTheDriverThenResumingFromLocalCheckpointsChangesNothing() throws Exception {
        driverKilledThenResumed(work.resolve("checkpoints").toUri().toString(), work.resolve("resumed-local").toString(),
            new Configuration());
    }

    @Test
    void killingTheDriverThenResumingFromHdfsCheckpointsChangesNothing() throws Exception {
        Configuration conf = new Configuration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, work.resolve("hdfs").toString());
        hdfs = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
        hdfs.waitActive();
        String root = "hdfs://127.0.0.1:" + hdfs.getNameNodePort() + "/spark-mlp";
        driverKilledThenResumed(root + "/checkpoints", root + "/models/resumed", hdfs.getFileSystem().getConf());
        assertTrue(hdfs.getFileSystem().listStatus(new org.apache.hadoop.fs.Path(root + "/checkpoints")).length > 0,
            "the checkpoints are on HDFS");
        assertTrue(hdfs.getFileSystem().exists(new org.apache.hadoop.fs.Path(root + "/models/resumed/metadata.json")),
            "and so is the model");
        org.sparkmlp.testutil.Cli.Result report = org.sparkmlp.testutil.Cli.run("report", "--model",
            root + "/models/resumed");
        assertEquals(0, report.exitCode(), report.err());
        assertTrue(hdfs.getFileSystem().exists(new org.apache.hadoop.fs.Path(root + "/models/resumed/report.html")),
            "the report reads the model from HDFS and writes its page beside it");
    }

    private void driverKilledThenResumed(String checkpoints, String modelLocation, Configuration conf)
        throws Exception {
        String name = HadoopFileDir.hasScheme(modelLocation) ? "hdfs" : "local";
        org.sparkmlp.io.FileDir model = HadoopFileDir.at(modelLocation, conf);
        Path log = work.resolve("killed-" + name + ".log");
        List<String> first = new ArrayList<>(letter(work.resolve("unused"), "--checkpoint-dir", checkpoints,
            "--checkpoint-every", "40"));
        first.set(first.indexOf("--model") + 1, modelLocation);
        String[] args = first.toArray(new String[0]);
        Process driver = submit("client", log, args);
        await(log, "wrote checkpoint", driver);
        await(log, "iteration 100/192", driver);
        driver.descendants().forEach(ProcessHandle::destroyForcibly);
        driver.destroyForcibly();
        driver.waitFor(30, TimeUnit.SECONDS);
        assertFalse(model.isFile(ModelIO.METADATA), "the killed run saved no model");

        Path resumedLog = work.resolve("resumed-" + name + ".log");
        List<String> resume = new ArrayList<>(List.of(args));
        resume.add("--resume");
        Process again = submit("client", resumedLog, resume.toArray(new String[0]));
        assertEquals(0, finish(again, resumedLog), tail(resumedLog));
        MlpModel resumed = ModelIO.load(model);
        long after = ((Number) resumed.training().get("resumedAfterIteration")).longValue();
        assertTrue(after >= 40 && after % 40 == 0 && after <= 160, "resumed after " + after);
        assertSameWeights(letterReference(), resumed);
    }

    /**
     * 600,000 rows of 30 features in Parquet: about 70 MB of cached blocks, twice the storage memory of two
     * executors capped at 512 MB with {@code spark.memory.fraction} 0.1, cached in 8 partitions (Spark keeps
     * whole partitions in memory or on disk). Training completes, says how much is read from disk, and gives
     * the weights of a run with ample memory, bit for bit.
     */
    @Test
    void sparkSubmitExportsWithTheApplicationJarsOwnProtobuf() throws Exception {
        MlpModel reference = letterReference();
        Path onnx = work.resolve("letter.onnx");
        Path log = work.resolve("export.log");
        Process p = submit("client", log, "export", "--model", work.resolve("letter-local").toString(), "--output",
            onnx.toString());
        assertEquals(0, finish(p, log), tail(log));
        org.sparkmlp.testutil.OnnxRun.assertSameClassifications(reference, Files.readAllBytes(onnx),
            org.sparkmlp.testutil.CsvTable.read(ROOT.resolve("data/letter/test.csv.gz")));

        Path jar;
        try (var files = Files.list(ROOT.resolve("target"))) {
            jar = files.filter(f -> f.getFileName().toString().matches("spark-mlp-.*-app\\.jar")).findFirst()
                .orElseThrow();
        }
        try (var zip = new java.util.zip.ZipFile(jar.toFile())) {
            List<String> names = zip.stream().map(java.util.zip.ZipEntry::getName).toList();
            assertTrue(names.stream().noneMatch(n -> n.startsWith("com/google/protobuf/")),
                "the application jar carries no protobuf classes under their own names");
            assertTrue(names.contains("org/sparkmlp/shaded/protobuf/GeneratedMessage.class"),
                "its protobuf runtime is relocated");
        }
    }

    @Test
    void dataTwiceTheStorageMemoryTrainsToTheSameModel() throws Exception {
        Path data = work.resolve("wide.parquet");
        SharedSpark.session().range(0, 600_000, 1, 4).selectExpr(
            java.util.stream.Stream.concat(java.util.stream.IntStream.range(0, 30)
                .mapToObj(j -> "cast(sin(id * " + (j + 1) + ".7) as double) as x" + j),
                java.util.stream.Stream.of("cast(abs(hash(id)) % 3 as int) as label")).toArray(String[]::new))
            .write().parquet(data.toString());
        List<String> args = List.of("train", "--data", data.toString(), "--layers", "30,16,3", "--epochs", "2",
            "--batch-size", "60000", "--cache", "memory-and-disk", "--partitions", "8");
        List<String> capped = new ArrayList<>(args);
        capped.addAll(List.of("--model", work.resolve("capped").toString()));
        Path cappedLog = work.resolve("capped.log");
        Process p = submit("client", cappedLog, List.of("spark.executor.memory=512m", "spark.memory.fraction=0.1"),
            capped.toArray(new String[0]));
        assertEquals(0, finish(p, cappedLog), tail(cappedLog));
        String log = Files.readString(cappedLog);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
            "cached blocks ([0-9.]+) MB.* on local disk.*storage memory ([0-9.]+) MB: about (\\d+)% will be read from "
                + "local disk each epoch").matcher(log);
        assertTrue(m.find(), "the storage line: " + tail(cappedLog));
        double cached = Double.parseDouble(m.group(1));
        double storage = Double.parseDouble(m.group(2));
        assertTrue(cached > 1.5 * storage, m.group());
        assertTrue(Integer.parseInt(m.group(3)) >= 30, m.group());

        List<String> ample = new ArrayList<>(args);
        ample.addAll(List.of("--model", work.resolve("ample").toString()));
        Path ampleLog = work.resolve("ample.log");
        Process q = submit("client", ampleLog, List.of("spark.executor.memory=1500m"), ample.toArray(new String[0]));
        assertEquals(0, finish(q, ampleLog), tail(ampleLog));
        assertTrue(Files.readString(ampleLog).contains(", all in memory"), tail(ampleLog));
        org.junit.jupiter.api.Assertions.assertArrayEquals(ModelIO.load(work.resolve("ample")).params(),
            ModelIO.load(work.resolve("capped")).params(), "the same weights, bit for bit");
    }
}
