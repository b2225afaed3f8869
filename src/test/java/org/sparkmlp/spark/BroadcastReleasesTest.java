package org.sparkmlp.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkException;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.junit.jupiter.api.Test;
import org.sparkmlp.testutil.SharedSpark;

/** Broadcasts released during a run are all destroyed once the releases close, and none before it is read. */
class BroadcastReleasesTest {
    @Test
    void everyReleasedBroadcastIsDestroyedWhenTheReleasesClose() {
        JavaSparkContext jsc = SharedSpark.jsc();
        List<Broadcast<double[]>> shipped = new ArrayList<>();
        try (BroadcastReleases releases = new BroadcastReleases()) {
            for (int i = 0; i < 20; i++) {
                Broadcast<double[]> b = jsc.broadcast(new double[] {i, i + 0.5});
                Broadcast<double[]> read = b;
                double[] seen = jsc.parallelize(List.of(0, 1), 2).map(x -> read.value()).collect().get(1);
                assertArrayEquals(new double[] {i, i + 0.5}, seen);
                releases.release(b);
                shipped.add(b);
            }
        }
        for (Broadcast<double[]> b : shipped) {
            assertThrows(SparkException.class, b::value, "broadcast " + b.id() + " is destroyed");
        }
    }
}
