package org.sparkmlp.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.sparkmlp.data.BlockBuilder;
import org.sparkmlp.data.DataBlock;
import org.sparkmlp.data.DataSummary;
import org.sparkmlp.data.Preprocessor;
import org.sparkmlp.math.Matrix;
import org.sparkmlp.math.Precision;
import org.sparkmlp.math.SparseRows;
import org.sparkmlp.nn.loss.Targets;

/**
 * A wide input at under 1% density, given to the network as sparse rows and as the same rows dense: the
 * first linear layer multiplies only the stored values, and the loss and every gradient are the dense
 * pass's; the sparse pass's gradient is also checked against central differences.
 */
class SparseInputTest {
    private static final int WIDTH = 3000;
    private static final int ROWS = 24;
    private static final String NETWORK = "linear:8,relu,linear:5,tanh,linear:3,softmax";

    /** Rows of about 20 stored values each, at random columns; row 5 has none. */
    private static SparseRows sparseRows(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        SparseRows x = new SparseRows(WIDTH, 2, 4);
        for (int r = 0; r < ROWS; r++) {
            java.util.TreeMap<Integer, Float> row = new java.util.TreeMap<>();
            int n = r == 5 ? 0 : 10 + rng.nextInt(20);
            for (int k = 0; k < n; k++) {
                row.put(rng.nextInt(WIDTH), (float) (rng.nextDouble() * 4 - 2));
            }
            int[] columns = row.keySet().stream().mapToInt(Integer::intValue).toArray();
            float[] values = new float[columns.length];
            int k = 0;
            for (float v : row.values()) {
                values[k++] = v;
            }
            x.add(columns, values, 0, columns.length, null);
        }
        return x;
    }

    private static Matrix dense(SparseRows x, Precision precision) {
        Matrix m = new Matrix(precision, x.rows(), x.cols());
        for (int r = 0; r < x.rows(); r++) {
            double[] row = x.dense(r);
            for (int j = 0; j < x.cols(); j++) {
                m.set(r, j, row[j]);
            }
        }
        return m;
    }

    private static MLP network(Precision precision) {
        ModelSpec spec = new ModelSpec(WIDTH, LayerSpec.parseList(NETWORK), org.sparkmlp.nn.loss.LossKind.CROSS_ENTROPY);
        MLP net = MLP.of(spec, precision);
        net.initialize(17);
        return net;
    }

    private static Targets targets() {
        int[] labels = new int[ROWS];
        for (int r = 0; r < ROWS; r++) {
            labels[r] = r % 3;
        }
        return Targets.classes(labels);
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void sparseRowsGiveTheDenseRowsLossAndGradients(Precision precision) {
        SparseRows x = sparseRows(1);
        assertTrue(x.nonZeros() < 0.01 * ROWS * WIDTH, "under 1% of the values are stored: " + x.nonZeros());
        MLP sparse = network(precision);
        MLP dense = network(precision);
        double sparseLoss = sparse.lossAndBackward(x, targets());
        double denseLoss = dense.lossAndBackward(dense(x, precision), targets());
        double tolerance = precision == Precision.DOUBLE ? 1e-12 : 1e-5;
        assertEquals(denseLoss, sparseLoss, tolerance * Math.abs(denseLoss));
        double[] gs = new double[sparse.params().size()];
        double[] gd = new double[dense.params().size()];
        sparse.params().drainGrads(gs);
        dense.params().drainGrads(gd);
        double scale = java.util.Arrays.stream(gd).map(Math::abs).max().orElseThrow();
        assertTrue(scale > 0, "the gradient is not zero");
        for (int i = 0; i < gd.length; i++) {
            assertEquals(gd[i], gs[i], tolerance * scale, "gradient " + i);
        }
        Matrix outSparse = sparse.forward(x);
        Matrix outDense = dense.forward(dense(x, precision));
        for (int i = 0; i < outDense.size(); i++) {
            assertEquals(outDense.at(i), outSparse.at(i), tolerance, "output " + i);
        }
    }

    @Test
    void theSparsePassesGradientIsTheLossesSlope() {
        SparseRows x = sparseRows(2);
        MLP net = network(Precision.DOUBLE);
        double[] grad = new double[net.params().size()];
        net.lossAndBackward(x, targets());
        net.params().drainGrads(grad);
        Matrix values = net.params().valueStorage();
        SplittableRandom rng = new SplittableRandom(3);
        int checked = 0;
        for (int t = 0; t < 200; t++) {
            int i = rng.nextInt(grad.length);
            if (grad[i] == 0 && t % 4 != 0) {
                continue;
            }
            double v = values.at(i);
            double h = 1e-6;
            values.setAt(i, v + h);
            double up = net.loss(x, targets());
            values.setAt(i, v - h);
            double down = net.loss(x, targets());
            values.setAt(i, v);
            double numeric = (up - down) / (2 * h);
            assertEquals(numeric, grad[i], 1e-6 * Math.max(1, Math.abs(numeric)), "parameter " + i);
            checked++;
        }
        assertTrue(checked > 40, checked + " parameters checked");
    }

    @Test
    void aNetworkThatDoesNotStartLinearRefusesSparseRows() {
        ModelSpec spec = new ModelSpec(WIDTH, LayerSpec.parseList("layernorm,linear:3,softmax"),
            org.sparkmlp.nn.loss.LossKind.CROSS_ENTROPY);
        MLP net = MLP.of(spec, Precision.DOUBLE);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> net.forward(sparseRows(1)));
        assertTrue(e.getMessage().contains("a sparse input needs a linear first layer"), e.getMessage());
    }

    @Test
    void aSparseBlockSummarisesAsItsDenseRowsAndIsScaledNotCentred() {
        SparseRows x = sparseRows(4);
        float[] labels = new float[ROWS];
        DataBlock sparse = DataBlock.sparse(x.trimmed(), 1, labels, null, false);
        double[][] rows = new double[ROWS][];
        for (int r = 0; r < ROWS; r++) {
            rows[r] = x.dense(r);
        }
        List<DataBlock> dense = BlockBuilder.pack(rows, new double[ROWS], 7);
        DataSummary fromSparse = new DataSummary(WIDTH).add(sparse);
        DataSummary fromDense = new DataSummary(WIDTH);
        dense.forEach(fromDense::add);
        assertEquals(fromDense.count(), fromSparse.count());
        double[] ms = fromSparse.mean();
        double[] md = fromDense.mean();
        double[] ss = fromSparse.std();
        double[] sd = fromDense.std();
        for (int j = 0; j < WIDTH; j++) {
            assertEquals(md[j], ms[j], 1e-9, "mean " + j);
            assertEquals(sd[j], ss[j], 1e-9, "std " + j);
        }
        assertTrue(fromSparse.sparse() && !fromDense.sparse());
        double[] levels = fromSparse.indicatorLevels();
        assertArrayEquals(fromDense.indicatorLevels(), levels, "the same indicators");
        assertTrue(java.util.Arrays.stream(levels).anyMatch(l -> l != 0), "columns stored once are indicators");
        Preprocessor prep = Preprocessor.fit(fromSparse, true, false, 3);
        assertTrue(java.util.Arrays.stream(prep.featureMean()).allMatch(m -> m == 0), "sparse rows are not centred");
        double[] expectedScale = sd.clone();
        for (int j = 0; j < WIDTH; j++) {
            if (levels[j] != 0) {
                expectedScale[j] = Math.abs(levels[j]);
            }
        }
        assertArrayEquals(expectedScale, prep.featureStd(), 1e-9, "but scaled by their spread, an indicator to 0/1");
        DataBlock scaled = prep.scaler().standardize(sparse);
        assertEquals(x.nonZeros(), scaled.sparse().nonZeros(), "scaling keeps the rows sparse");
        List<Float> expected = new ArrayList<>();
        double[] inv = prep.inverseStd();
        for (int k = 0; k < x.nonZeros(); k++) {
            expected.add(x.value()[k] * (float) inv[x.index()[k]]);
        }
        for (int k = 0; k < x.nonZeros(); k++) {
            assertEquals(expected.get(k), scaled.sparse().value()[k]);
        }
    }
}
