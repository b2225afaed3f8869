package org.sparkmlp.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.sparkmlp.math.Precision;
import org.sparkmlp.model.MlpModel;
import org.sparkmlp.testutil.SharedSpark;
import org.sparkmlp.train.IterationRecord;
import org.sparkmlp.train.TrainConfig;

/**
 * A small table in local mode trains its gradient passes in the driver's JVM instead of a Spark job per
 * iteration: the shipped penguins, with nothing but the label (mini-batches, a held-out fraction, early
 * stopping), give the weights, the history and the metrics of the Spark jobs, bit for bit.
 */
class LocalTrainingTest {
    private static MlpModel model;

    /** The trainer, once it has trained on penguins with the in-JVM limit {@code limit}. */
    private static SparkTrainer fit(TrainConfig cfg, String limit) {
        JavaSparkContext jsc = SharedSpark.jsc();
        jsc.setLocalProperty(SparkTrainer.LOCAL_TRAINING_BYTES, limit);
        try {
            SparkTrainer trainer = new SparkTrainer(cfg);
            model = trainer.fitCsv(jsc, "data/penguins/train.csv", null).model();
            return trainer;
        } finally {
            jsc.setLocalProperty(SparkTrainer.LOCAL_TRAINING_BYTES, null);
        }
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void theDriversPassesAreTheSparkJobsBitForBit(Precision precision) {
        TrainConfig cfg = TrainConfig.builder().label("species").epochs(60).earlyStoppingPatience(5).seed(4)
            .precision(precision).build();
        SparkTrainer onSpark = fit(cfg, "0");
        MlpModel a = model;
        SparkTrainer here = fit(cfg, "64m");
        MlpModel b = model;
        assertArrayEquals(a.params(), b.params(), precision + " weights");
        assertEquals(a.metrics(), b.metrics());
        List<IterationRecord> ha = onSpark.history();
        List<IterationRecord> hb = here.history();
        assertEquals(ha.size(), hb.size());
        for (int i = 0; i < ha.size(); i++) {
            assertEquals(ha.get(i).loss(), hb.get(i).loss(), 0.0, "loss of iteration " + (i + 1));
            assertEquals(ha.get(i).validation(), hb.get(i).validation(), "validation of iteration " + (i + 1));
        }
        assertTrue(ha.size() > 20, ha.size() + " iterations compared");
        assertTrue(String.valueOf(b.training().get("gradientPasses")).startsWith("in the driver's JVM"),
            b.training().toString());
        assertFalse(a.training().containsKey("gradientPasses"), "a limit of 0 keeps every pass a Spark job");
        assertTrue(b.metrics().get("train.accuracy") > 0.9, b.metrics().toString());
    }
}
