package org.sparkmlp.testutil;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Assumptions;

/** Where the test data lives: small real datasets in the repository, large ones in ../shared/data. */
public final class Datasets {
    private Datasets() {}

    /** A file under the repository's {@code data/} folder. */
    public static Path repo(String relative) {
        Path p = Paths.get("data").resolve(relative);
        if (!Files.exists(p)) {
            throw new IllegalStateException("missing repository data file " + p.toAbsolutePath());
        }
        return p;
    }

    /**
     * A file in {@code ../shared/data}; the calling test is skipped, saying why, when it is absent
     * (a clone without the shared datasets).
     */
    public static Path shared(String name) {
        Path dir = Paths.get(System.getProperty("sparkmlp.sharedData", "../shared/data"));
        Path p = dir.resolve(name);
        if (!Files.isRegularFile(p)) {
            String why = "skipped: " + p.toAbsolutePath().normalize()
                + " is absent; this test needs the shared datasets in ../shared/data";
            System.err.println(why);
            Assumptions.abort(why);
        }
        return p;
    }
}
