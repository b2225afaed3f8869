package org.sparkmlp.spark;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.spark.broadcast.Broadcast;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Destroys a run's per-iteration broadcasts on a thread of its own. {@code Broadcast.destroy} waits for
 * the block manager master to take the removal, an RPC round trip of about half a millisecond between
 * every two iterations; here it overlaps the driver's step and the next broadcast. Broadcasts are
 * destroyed in the order they are released, each once the job that read it has finished; {@link #close}
 * waits for the last of them, so a run leaves none behind.
 */
final class BroadcastReleases implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BroadcastReleases.class);
    private static final long CLOSE_TIMEOUT_SECONDS = 60;

    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "spark-mlp broadcast release");
        t.setDaemon(true);
        return t;
    });

    /** Destroys {@code b}, whose readers have all finished, soon and off the caller's thread. */
    void release(Broadcast<?> b) {
        thread.execute(() -> {
            try {
                b.destroy();
            } catch (RuntimeException e) {
                LOG.warn("could not destroy broadcast {}; Spark's context cleaner removes it later", b.id(), e);
            }
        });
    }

    /** Waits until every released broadcast is destroyed. */
    @Override
    public void close() {
        thread.shutdown();
        try {
            if (!thread.awaitTermination(CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                LOG.warn("broadcasts still being destroyed after {} s; Spark's context cleaner removes what is left",
                    CLOSE_TIMEOUT_SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
