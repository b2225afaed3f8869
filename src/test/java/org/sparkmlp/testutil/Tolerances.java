package org.sparkmlp.testutil;

/** Named tolerances, in one place, so that a failure message can say which bound it broke. */
public final class Tolerances {
    private Tolerances() {}

    /** Results that should agree to the last bits, up to a few roundings. */
    public static final double EXACT = 1e-12;
    /** Central-difference gradient checks in double: relative error bound. */
    public static final double GRADIENT_REL = 1e-6;
    /** Central-difference gradient checks: absolute floor under which a difference is rounding noise. */
    public static final double GRADIENT_ABS = 1e-9;
    /** Distributed vs single-JVM results in double, where only the summation order differs. */
    public static final double DISTRIBUTED_REL = 1e-10;
}
