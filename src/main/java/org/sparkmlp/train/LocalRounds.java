package org.sparkmlp.train;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.sparkmlp.data.DataBlock;
import org.sparkmlp.math.Kernels;
import org.sparkmlp.math.Precision;
import org.sparkmlp.optim.Optimizer;
import org.sparkmlp.optim.OptimizerState;

/**
 * Local SGD ({@code sync-every} K > 1): one task's share of a round of K iterations. The task starts from
 * the driver's weights and optimizer state and, for each iteration of the round, takes the rows the
 * {@link BatchPlan} gives its partitions for that iteration, computes their gradient as
 * {@link PartitionGradient} does, and steps with the round's rate for that iteration through the same
 * {@link Stepper} the driver uses. An iteration where its partitions have no rows is skipped.
 *
 * <p>The task returns its weights and its optimizer state, each multiplied by the total example weight
 * it trained on in the round, as one vector {@code [weights, state array 1, ...]} in a
 * {@link GradientSum}; the driver adds the tasks' sums in task order and divides by the total, which
 * makes the round's result the example-weighted average of the tasks'. Every random choice is the
 * synchronous training's for the same iteration and partition, so a retried task repeats its round
 * exactly.
 *
 * <p>Both ways the arrays travel in the gradient pass's precision, as an iteration's weights and sums
 * do: rounded to float for a single-precision pass (the task steps in double from the rounded values,
 * and its sum is sent {@link GradientSum#compact compact}), in double for a double-precision one and
 * for a round that validates its starting weights, which are scored in double.
 *
 * <p>A task's local steps reuse its thread's buffers: the network loads the weights as they stand, and
 * each step's gradient lands in one array kept for the thread, holding the values a synchronous
 * iteration's compact sum would give.
 */
public final class LocalRounds {
    private LocalRounds() {}

    /**
     * A round as the driver ships it: its weights and optimizer state, its first iteration, the rate of
     * each of its iterations, and whether it validates its starting weights. Serialized as raw bytes.
     */
    public static final class Round implements Serializable {
        private static final long serialVersionUID = 1L;

        private transient double[] params;
        private transient List<double[]> state;
        /** Whether the arrays travel rounded to float. */
        private final boolean compact;
        private final long first;
        private final long stateSteps;
        private final double[] rates;
        private final boolean validate;

        /**
         * @param params    copied, not kept
         * @param precision the gradient pass's: float rounds the weights and the state to float on the way,
         *                  except for a validating round, whose weights are scored in double
         */
        public Round(double[] params, OptimizerState state, long first, double[] rates, boolean validate,
                     Precision precision) {
            this.compact = precision == Precision.FLOAT && !validate;
            this.params = travelled(params.clone());
            this.state = state.arrays().stream().map(this::travelled).toList();
            this.stateSteps = state.steps();
            this.first = first;
            this.rates = rates.clone();
            this.validate = validate;
        }

        public long first() {
            return first;
        }

        public int steps() {
            return rates.length;
        }

        public boolean validates() {
            return validate;
        }

        double[] params() {
            return params;
        }

        OptimizerState state() {
            return new OptimizerState(rates[0], stateSteps, state);
        }

        double rate(int step) {
            return rates[step];
        }

        /** {@code a} as it arrives in the task: rounded to float in place when the round is compact. */
        private double[] travelled(double[] a) {
            if (compact) {
                for (int i = 0; i < a.length; i++) {
                    a[i] = (float) a[i];
                }
            }
            return a;
        }

        private void writeObject(ObjectOutputStream out) throws IOException {
            out.defaultWriteObject();
            out.writeInt(state.size());
            for (double[] a : concat(params, state)) {
                if (compact) {
                    RawArrays.writeFloats(out, Kernels.toFloats(a));
                } else {
                    RawArrays.writeDoubles(out, a);
                }
            }
        }

        private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
            in.defaultReadObject();
            int n = in.readInt();
            List<double[]> arrays = new ArrayList<>(n + 1);
            for (int i = 0; i <= n; i++) {
                arrays.add(compact ? Kernels.toDoubles(RawArrays.readFloats(in)) : RawArrays.readDoubles(in));
            }
            params = arrays.get(0);
            state = arrays.subList(1, arrays.size());
        }

        private static List<double[]> concat(double[] first, List<double[]> rest) {
            List<double[]> all = new ArrayList<>(rest.size() + 1);
            all.add(first);
            all.addAll(rest);
            return all;
        }
    }

    /**
     * One task's round over its partitions {@code parts}: its example-weighted weights and optimizer state,
     * with the loss, count and total weight of the rows it trained on, and, when the round validates, the
     * metrics of the round's starting weights on the partitions' validation rows. Null when the task has
     * neither. A task whose steps diverge returns weights that are not finite, which the driver refuses.
     */
    public static GradientSum run(TrainConfig cfg, TrainingSetup setup, Round round,
                                  List<PartitionGradient.Part> parts) {
        long start = System.nanoTime();
        double[] params = round.params().clone();
        double[] grad = gradientBuffer(params.length);
        Optimizer optimizer = cfg.newOptimizer(setup.spec());
        optimizer.restore(round.state());
        Stepper stepper = new Stepper(cfg, setup, optimizer);
        double lossSum = 0;
        double weightSum = 0;
        long count = 0;
        try {
            for (int j = 0; j < round.steps(); j++) {
                long it = round.first() + j;
                GradientSum g = PartitionGradient.computeInto(grad, setup.spec(), setup.preprocessor(),
                    cfg.precision(), IterationWeights.view(params), setup.plan(), it, parts, cfg.blockSize(),
                    setup.classWeights());
                if (g == null || g.weightSum() <= 0) {
                    continue;
                }
                lossSum += g.lossSum();
                weightSum += g.weightSum();
                count += g.count();
                optimizer.setLearningRate(round.rate(j));
                stepper.step(params, stepper.average(g, it), it);
            }
        } catch (TrainingDivergedException e) {
            java.util.Arrays.fill(params, Double.NaN);
        }
        org.sparkmlp.model.Metrics validation = null;
        if (round.validates()) {
            List<DataBlock> all = parts.stream().flatMap(p -> p.blocks().stream()).toList();
            validation = PartitionGradient.validate(org.sparkmlp.model.MlpModel.unnamed(setup.spec(),
                round.params(), setup.preprocessor()), all, cfg.blockSize(), setup.classWeights());
        }
        if (weightSum == 0 && validation == null) {
            return null;
        }
        int n = params.length;
        List<double[]> state = weightSum == 0 ? List.of() : optimizer.state().arrays();
        double[] v = new double[n * (1 + optimizer.stateArrays())];
        if (weightSum > 0) {
            for (int i = 0; i < n; i++) {
                v[i] = weightSum * params[i];
            }
            for (int a = 0; a < state.size(); a++) {
                double[] s = state.get(a);
                int off = n * (a + 1);
                for (int i = 0; i < n; i++) {
                    v[off + i] = weightSum * s[i];
                }
            }
        }
        GradientSum sum = cfg.precision() == Precision.FLOAT ? GradientSum.compact(v, lossSum, count, weightSum)
            : new GradientSum(v, lossSum, count, weightSum);
        return sum.withValidation(validation).withComputeSeconds((System.nanoTime() - start) * 1e-9);
    }

    private static final ThreadLocal<double[]> GRADIENT = new ThreadLocal<>();

    /** The thread's buffer for a local step's gradient, kept from round to round while the size holds. */
    private static double[] gradientBuffer(int n) {
        double[] g = GRADIENT.get();
        if (g == null || g.length != n) {
            g = new double[n];
            GRADIENT.set(g);
        }
        return g;
    }

    /** The length of a round's summed vector: the weights and each optimizer state array. */
    public static int vectorLength(TrainConfig cfg, TrainingSetup setup) {
        return setup.spec().numParams() * (1 + cfg.newOptimizer(setup.spec()).stateArrays());
    }
}
