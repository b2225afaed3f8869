package org.sparkmlp.ml;

/**
 * The uid of an estimator or model while Spark ML's base classes construct their params: those read
 * {@code uid()} before a Java subclass's own fields are assigned, so the constructor hands the uid over
 * through the thread first ({@code this(PendingUid.hold(uid), ...)}), and takes it back once they are done.
 */
final class PendingUid {
    private static final ThreadLocal<String> HELD = new ThreadLocal<>();

    private PendingUid() {}

    /** Holds {@code uid} for the constructor about to run on this thread; returns it. */
    static String hold(String uid) {
        org.sparkmlp.math.Checks.arg(uid != null && !uid.isEmpty(), "a uid must not be empty");
        HELD.set(uid);
        return uid;
    }

    /** The uid held for the instance under construction. */
    static String held() {
        String uid = HELD.get();
        if (uid == null) {
            throw new IllegalStateException("no uid is held for the instance under construction");
        }
        return uid;
    }

    /** Ends the hand-over: the instance now has its uid in a field. */
    static void release() {
        HELD.remove();
    }

    /** A fresh uid with {@code prefix}, as Spark ML makes them. */
    static String random(String prefix) {
        return org.apache.spark.ml.util.Identifiable$.MODULE$.randomUID(prefix);
    }
}
