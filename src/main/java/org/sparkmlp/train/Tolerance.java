package org.sparkmlp.train;

/**
 * MLlib's {@code tol}: stops training when an epoch's mean loss improves on the previous epoch's by less
 * than {@code tol} times it; with local rounds, at the first round that ends an epoch.
 */
final class Tolerance implements TrainingLoop.IterationListener {
    private final double tol;
    private final TrainingLoop.IterationListener then;
    private double previous = Double.NaN;
    private double sum;
    private long count;
    private long lastIteration = -1;
    /** Whether the last iteration's stop was this rule's, for the log's "stopped by". */
    private boolean stoppedHere;

    private Tolerance(double tol, TrainingLoop.IterationListener then) {
        this.tol = tol;
        this.then = then;
    }

    /** {@code listener}, after the configuration's {@code tol} when it has one. */
    static TrainingLoop.IterationListener before(TrainConfig cfg, TrainingLoop.IterationListener listener) {
        return cfg.tol() > 0 ? new Tolerance(cfg.tol(), listener) : listener;
    }

    private boolean improved(TrainingSetup setup, IterationRecord rec) {
        sum += rec.loss();
        count++;
        long perEpoch = setup.plan().iterationsPerEpoch();
        long before = lastIteration < 0 ? rec.iteration() - 1 : lastIteration;
        lastIteration = rec.iteration();
        if (rec.iteration() / perEpoch == before / perEpoch) {
            return true;
        }
        double epoch = sum / count;
        sum = 0;
        count = 0;
        boolean goOn = Double.isNaN(previous) || previous - epoch >= tol * Math.abs(previous);
        previous = epoch;
        return goOn;
    }

    @Override
    public boolean afterIteration(TrainingSetup setup, IterationRecord rec, double[] params) {
        stoppedHere = !improved(setup, rec);
        return !stoppedHere && then.afterIteration(setup, rec, params);
    }

    @Override
    public String toString() {
        return stoppedHere ? "tol " + tol + " (the epoch's mean loss improved by less than that, relative)"
            : then.toString();
    }
}
