package org.sparkmlp.testutil;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * One local-mode Spark session for the whole test JVM: {@code local[2]}, UI off, few shuffle partitions,
 * no task retries hiding failures. Started on first use, stopped when the JVM exits.
 */
public final class SharedSpark {
    private static SparkSession session;

    private SharedSpark() {}

    public static synchronized SparkSession session() {
        if (session == null) {
            session = SparkSession.builder()
                .master("local[2]")
                .appName("spark-mlp-tests")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "4")
                .config("spark.default.parallelism", "2")
                .config("spark.stage.maxConsecutiveAttempts", "1")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                // The tests train on the executors' path whatever the data's size; LocalTrainingTest turns
                // the driver's in-JVM passes on where it compares them.
                .config(org.sparkmlp.spark.SparkTrainer.LOCAL_TRAINING_BYTES, "0")
                .getOrCreate();
            session.sparkContext().setLogLevel("ERROR");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> session.stop()));
        }
        return session;
    }

    public static JavaSparkContext jsc() {
        return JavaSparkContext.fromSparkContext(session().sparkContext());
    }
}
