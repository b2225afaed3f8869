package org.sparkmlp.nn;

/** {@code f(x) = tanh(x)}; {@code f'(x) = 1 - f(x)^2}, taken from the saved output. */
public final class Tanh extends Squash {
    public Tanh() {
        super(true);
    }

    @Override
    public String toString() {
        return "Tanh";
    }
}
