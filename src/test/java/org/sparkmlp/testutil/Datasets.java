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

    /**
     * The iris table with three yes/no tags per flower for multi-label models, each 0 or 1: {@code setosa}
     * and {@code virginica} (its species) and {@code wide_petal} (petal width of 1.3 cm or more), with
     * every column of the table as it is.
     */
    public static CsvTable irisMultiLabel() throws java.io.IOException {
        CsvTable iris = CsvTable.read(repo("iris/iris.csv"));
        java.util.List<String> header = new java.util.ArrayList<>(iris.header());
        header.addAll(java.util.List.of("setosa", "virginica", "wide_petal"));
        int label = iris.header().indexOf("label");
        int width = iris.header().indexOf("petal_width");
        double[][] rows = new double[iris.rows().length][];
        for (int r = 0; r < rows.length; r++) {
            double[] row = iris.rows()[r];
            rows[r] = java.util.Arrays.copyOf(row, row.length + 3);
            rows[r][row.length] = row[label] == 0 ? 1 : 0;
            rows[r][row.length + 1] = row[label] == 2 ? 1 : 0;
            rows[r][row.length + 2] = row[width] >= 1.3 ? 1 : 0;
        }
        return new CsvTable(header, rows);
    }
}
