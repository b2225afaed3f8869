package org.sparkmlp.nn;

import org.sparkmlp.math.Matrix;

/** {@code f(x) = 1 / (1 + e^-x)}; {@code f'(x) = f(x) (1 - f(x))}, taken from the saved output. */
public final class Sigmoid extends Squash {
    public Sigmoid() {
        super(false);
    }

    /** The probabilities of the last forward pass. */
    public Matrix output() {
        return out;
    }

    @Override
    public String toString() {
        return "Sigmoid";
    }
}
