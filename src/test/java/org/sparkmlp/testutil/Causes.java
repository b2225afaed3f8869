package org.sparkmlp.testutil;

/** Finding the exception a user reads inside the ones Spark wraps it in. */
public final class Causes {
    private Causes() {}

    /** {@code e} or its first cause that is a {@code kind}; the innermost cause when none is. */
    public static Throwable first(Throwable e, Class<? extends Throwable> kind) {
        Throwable t = e;
        while (t.getCause() != null && !kind.isInstance(t)) {
            t = t.getCause();
        }
        return t;
    }
}
