package org.sparkmlp.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Options every command that runs Spark shares: where Spark runs, extra Spark settings and extension jars. */
final class SparkOptions {
    @Option(names = "--master", paramLabel = "URL",
        description = "Spark master URL (local[*], spark://host:7077, yarn, k8s://...). "
            + "Default: what spark-submit set, else local[*] on all cores.")
    String master;

    @Option(names = "--verbose", arity = "0..1", description = "Print Spark's task-failure log lines and an "
        + "error's stack trace on the console too; without it they go to the task log (see conf/log4j2.properties) "
        + "and a refused input prints one line.")
    boolean verbose;

    @Option(names = "--conf", paramLabel = "KEY=VALUE", description = "A Spark setting; repeatable.")
    Map<String, String> conf = new LinkedHashMap<>();

    @Mixin
    JarOptions jarOptions;

    /** A Spark session for one command; closing it stops Spark only if the command started it. */
    record Session(SparkSession spark, boolean owned) implements AutoCloseable {
        @Override
        public void close() {
            if (owned) {
                spark.stop();
            }
        }
    }

    /**
     * The session a command runs in: an already active one (when called from a program that has Spark
     * running), otherwise a new one whose master falls back to spark-submit's, then to local mode.
     */
    Session session(String command) {
        if (verbose) {
            TaskLog.alsoToConsole();
        }
        scala.Option<SparkSession> active = SparkSession.getActiveSession();
        SparkSession running = active.isDefined() ? active.get() : SparkSession.getDefaultSession().getOrElse(() -> null);
        if (running != null && master == null) {
            conf.forEach((k, v) -> running.conf().set(k, v));
            ExtensionJars.current().forEach(running.sparkContext()::addJar);
            return new Session(running, false);
        }
        return new Session(newSession(command), true);
    }

    private SparkSession newSession(String command) {
        SparkConf defaults = new SparkConf();
        SparkSession.Builder builder = SparkSession.builder().appName("spark-mlp " + command);
        if (master != null) {
            builder.master(master);
        } else if (!defaults.contains("spark.master")) {
            builder.master("local[*]");
        }
        conf.forEach(builder::config);
        List<String> jars = ExtensionJars.current();
        if (!jars.isEmpty()) {
            String given = conf.getOrDefault("spark.jars", defaults.get("spark.jars", ""));
            builder.config("spark.jars", (given.isEmpty() ? "" : given + ",") + String.join(",", jars));
        }
        return builder.getOrCreate();
    }
}
