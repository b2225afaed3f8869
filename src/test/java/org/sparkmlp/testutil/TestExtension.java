package org.sparkmlp.testutil;

import java.util.List;
import java.util.function.Supplier;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.TaskContext;
import org.sparkmlp.math.Matrix;
import org.sparkmlp.math.Precision;
import org.sparkmlp.nn.Layer;
import org.sparkmlp.nn.Extension;
import org.sparkmlp.nn.Layers;
import org.sparkmlp.nn.ReLU;
import org.sparkmlp.nn.loss.Loss;
import org.sparkmlp.nn.loss.ResidualLoss;

/**
 * The tests' own extension, on the test class path through {@code META-INF/services}: a layer that counts
 * the passes Spark tasks make through it, a layer type with no ONNX form, and the log-cosh regression loss.
 */
public final class TestExtension implements Extension {
    /** A layer type that {@code export} has no ONNX form for. */
    public static final String ONNXLESS = "onnxlesstest";

    @Override
    public List<Layers.Type> layers() {
        return List.of(new Layers.Type("counting", null, null, false, (in, v) -> new Counting()),
            new Layers.Type(ONNXLESS, null, null, true, (in, v) -> new ReLU()));
    }

    @Override
    public List<Supplier<Loss>> losses() {
        return List.of(LogCosh::new);
    }

    /**
     * A pass-through layer that counts the passes Spark tasks run through it, and in which precision; the
     * layer type {@code counting}.
     */
    public static final class Counting extends Layer {
        public static final AtomicLong TASK_FORWARDS = new AtomicLong();
        public static final AtomicLong TASK_BACKWARDS = new AtomicLong();
        public static final AtomicLong FLOAT_FORWARDS = new AtomicLong();

        @Override
        public Matrix forward(Matrix inp) {
            if (TaskContext.get() != null) {
                TASK_FORWARDS.incrementAndGet();
                if (inp.precision() == Precision.FLOAT) {
                    FLOAT_FORWARDS.incrementAndGet();
                }
            }
            this.inp = inp;
            this.out = inp;
            return inp;
        }

        @Override
        public Matrix backward(Matrix dout) {
            checkBackward(dout);
            if (TaskContext.get() != null) {
                TASK_BACKWARDS.incrementAndGet();
            }
            return dout;
        }
    }

    /** {@code log(cosh(e))} of each residual: about {@code e^2/2} near zero and {@code |e| - log 2} far out. */
    public static final class LogCosh extends ResidualLoss {
        /** {@code log(cosh(e)) = |e| + log1p(exp(-2|e|)) - log 2}, without overflow. */
        @Override
        protected double cost(double e) {
            double a = Math.abs(e);
            return a + Math.log1p(Math.exp(-2 * a)) - Math.log(2);
        }

        @Override
        protected double slope(double e) {
            return Math.tanh(e);
        }

        @Override
        public String name() {
            return "logcosh";
        }

        @Override
        public String lossMetric() {
            return "mae";
        }
    }
}
