package org.sparkmlp.cluster;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.MiniYARNCluster;

/**
 * A YARN cluster with HDFS on this machine, the way Spark's own YARN suite builds one from
 * {@code hadoop-client-minicluster}: a NameNode and a DataNode, a ResourceManager and NodeManagers, all in
 * this process, each NodeManager launching containers as processes of their own. {@code scripts/yarn}
 * starts it in its own JVM and talks to it through the files it writes in the state directory:
 *
 * <ul>
 *   <li>{@code conf/core-site.xml} and {@code conf/yarn-site.xml}: a Hadoop client configuration
 *       ({@code HADOOP_CONF_DIR}) with the {@code hdfs://} {@code fs.defaultFS} and the ResourceManager's
 *       addresses;</li>
 *   <li>{@code ready}: written last, once both are up, with the HDFS URI and the ResourceManager's web UI.</li>
 * </ul>
 *
 * <p>It runs until the process is told to stop (SIGTERM); its shutdown hook stops the NodeManagers, which kill
 * their containers, then YARN and HDFS. {@code put} and {@code get} copy files to and from that HDFS with the
 * written configuration, for machines without a Hadoop command line.
 */
public final class YarnCluster {
    private YarnCluster() {}

    public static void main(String[] args) throws Exception {
        switch (args.length > 0 ? args[0] : "") {
            case "start" -> {
                try {
                    start(Path.of(args[1]).toAbsolutePath(), Integer.parseInt(args[2]), Integer.parseInt(args[3]),
                        Integer.parseInt(args[4]));
                } catch (Throwable e) {
                    // HDFS's and YARN's threads would keep a half-started cluster's JVM alive.
                    e.printStackTrace();
                    Runtime.getRuntime().halt(1);
                }
            }
            case "put" -> copy(Path.of(args[1]), true, args[2], args[3]);
            case "get" -> copy(Path.of(args[1]), false, args[3], args[2]);
            default -> throw new IllegalArgumentException("usage: YarnCluster start STATE NODEMANAGERS MEMORY_MB "
                + "VCORES | put CONF LOCAL PATH | get CONF PATH LOCAL; got " + List.of(args));
        }
    }

    private static void start(Path state, int nodeManagers, int memoryMb, int vcores) throws Exception {
        Path conf = state.resolve("conf");
        Files.createDirectories(conf);
        Files.deleteIfExists(state.resolve("ready"));

        Configuration hdfsConf = new Configuration();
        hdfsConf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, state.resolve("hdfs").toString());
        hdfsConf.set("dfs.namenode.rpc-bind-host", "127.0.0.1");
        hdfsConf.set("dfs.permissions.enabled", "false");
        MiniDFSCluster hdfs = new MiniDFSCluster.Builder(hdfsConf).numDataNodes(1).build();
        hdfs.waitActive();
        String defaultFs = hdfs.getURI().toString();

        YarnConfiguration yarnConf = new YarnConfiguration();
        yarnConf.set("fs.defaultFS", defaultFs);
        yarnConf.set(YarnConfiguration.RM_HOSTNAME, "127.0.0.1");
        yarnConf.setInt(YarnConfiguration.NM_PMEM_MB, memoryMb);
        yarnConf.setInt(YarnConfiguration.NM_VCORES, vcores);
        yarnConf.setInt(YarnConfiguration.RM_SCHEDULER_MINIMUM_ALLOCATION_MB, 256);
        yarnConf.setInt(YarnConfiguration.RM_SCHEDULER_MAXIMUM_ALLOCATION_MB, memoryMb);
        yarnConf.setBoolean(YarnConfiguration.NM_PMEM_CHECK_ENABLED, false);
        yarnConf.setBoolean(YarnConfiguration.NM_VMEM_CHECK_ENABLED, false);
        yarnConf.set("yarn.nodemanager.disk-health-checker.max-disk-utilization-per-disk-percentage", "100.0");
        // Containers' logs stay after they end, for reading what a failed executor said.
        yarnConf.setInt(YarnConfiguration.DEBUG_NM_DELETE_DELAY_SEC, 3600);
        // hadoop-client-minicluster has no capacity-scheduler.xml: one queue, as Spark's YARN suite sets it.
        yarnConf.set("yarn.scheduler.capacity.root.queues", "default");
        yarnConf.setInt("yarn.scheduler.capacity.root.default.capacity", 100);
        yarnConf.setFloat("yarn.scheduler.capacity.root.default.user-limit-factor", 1);
        yarnConf.setInt("yarn.scheduler.capacity.root.default.maximum-capacity", 100);
        yarnConf.set("yarn.scheduler.capacity.root.default.state", "RUNNING");
        yarnConf.set("yarn.scheduler.capacity.root.default.acl_submit_applications", "*");
        yarnConf.set("yarn.scheduler.capacity.root.default.acl_administer_queue", "*");
        yarnConf.setInt("yarn.scheduler.capacity.node-locality-delay", -1);
        // Containers keep this machine's OpenBLAS settings (a pinned core type, its cache size), as any other
        // process started here does, so that the driver and executors run the kernel a local-mode run here runs.
        StringBuilder inherited = new StringBuilder(YarnConfiguration.DEFAULT_NM_ENV_WHITELIST);
        System.getenv().keySet().stream().filter(k -> k.startsWith("OPENBLAS_")).sorted()
            .forEach(k -> inherited.append(',').append(k));
        yarnConf.set(YarnConfiguration.NM_ENV_WHITELIST, inherited.toString());
        // An application may be attempted twice, so that a lost driver (the ApplicationMaster) is retried.
        yarnConf.setInt(YarnConfiguration.RM_AM_MAX_ATTEMPTS, 2);

        MiniYARNCluster yarn = new MiniYARNCluster("spark-mlp-yarn", nodeManagers, 1, 1);
        yarn.init(yarnConf);
        yarn.start();
        Configuration running = yarn.getConfig();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (running.get(YarnConfiguration.RM_ADDRESS).endsWith(":0")) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the ResourceManager has no address after 60 s");
            }
            Thread.sleep(100);
        }

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                yarn.stop();
            } finally {
                hdfs.shutdown();
                stopped.countDown();
            }
        }));

        Configuration core = new Configuration(false);
        core.set("fs.defaultFS", defaultFs);
        write(core, conf.resolve("core-site.xml"));
        Configuration site = new Configuration(false);
        for (var e : running) {
            if (e.getKey().startsWith("yarn.")) {
                site.set(e.getKey(), e.getValue());
            }
        }
        write(site, conf.resolve("yarn-site.xml"));
        Path ready = state.resolve("ready.tmp");
        Files.writeString(ready, "hdfs " + defaultFs + "\nresourcemanager " + running.get(YarnConfiguration.RM_ADDRESS)
            + "\nweb http://" + running.get(YarnConfiguration.RM_WEBAPP_ADDRESS) + "\n");
        Files.move(ready, state.resolve("ready"), StandardCopyOption.ATOMIC_MOVE);
        System.err.println("YarnCluster: ready: " + Files.readString(state.resolve("ready")).replace('\n', ' '));
        stopped.await();
    }

    private static void write(Configuration c, Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            c.writeXml(out);
        }
    }

    /** Copies {@code from} to {@code to}, local to HDFS when {@code up}, with the configuration in {@code conf}. */
    private static void copy(Path conf, boolean up, String local, String remote) throws IOException {
        Configuration c = new Configuration();
        c.addResource(new org.apache.hadoop.fs.Path(conf.resolve("core-site.xml").toUri()));
        org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(remote);
        FileSystem fs = path.getFileSystem(c);
        org.apache.hadoop.fs.Path localPath = new org.apache.hadoop.fs.Path(Path.of(local).toAbsolutePath().toUri());
        if (up) {
            fs.copyFromLocalFile(false, true, localPath, path);
        } else {
            fs.copyToLocalFile(false, path, localPath, true);
        }
    }
}
