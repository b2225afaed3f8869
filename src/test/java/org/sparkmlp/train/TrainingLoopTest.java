package org.sparkmlp.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sparkmlp.data.BlockBuilder;
import org.sparkmlp.data.DataBlock;

class TrainingLoopTest {
    @Test
    void aListenerSeesEveryStepAndCanStopTraining() {
        double[][] x = new double[40][2];
        double[] y = new double[40];
        for (int i = 0; i < 40; i++) {
            x[i][0] = i % 7;
            x[i][1] = i % 3;
            y[i] = i % 2;
        }
        List<List<DataBlock>> parts = List.of(BlockBuilder.pack(x, y, 8));
        TrainConfig cfg = TrainConfig.builder().layers(2, 4, 2).epochs(10).batchSize(10).build();
        TrainingSetup setup = TrainingSetup.prepare(cfg, LocalTrainer.summarize(parts, 2), List.of("a", "b"));
        List<Long> seen = new ArrayList<>();
        List<double[]> paramsSeen = new ArrayList<>();
        TrainingLoop.Result stopped = TrainingLoop.run(cfg, setup,
            (p, it, total) -> LocalTrainer.gradient(setup, cfg, p, it, parts), (s, rec, params) -> {
                seen.add(rec.iteration());
                paramsSeen.add(params.clone());
                return rec.iteration() < 6;
            });
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), seen);
        assertEquals(6, stopped.history().size());
        assertArrayEquals(paramsSeen.get(5), stopped.params());
        // Stopping early gives exactly the first six steps of the full run.
        TrainingLoop.Result full = TrainingLoop.run(cfg, setup,
            (p, it, total) -> LocalTrainer.gradient(setup, cfg, p, it, parts), (s, rec, params) -> {
                if (rec.iteration() == 6) {
                    assertArrayEquals(paramsSeen.get(5), params);
                }
                return true;
            });
        assertEquals(40, full.history().size());
    }
}
