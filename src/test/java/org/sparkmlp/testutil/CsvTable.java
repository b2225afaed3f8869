package org.sparkmlp.testutil;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.sparkmlp.data.CsvRows;

/** A numeric CSV file with a header, plain or gzipped, read whole: for tests on small real datasets. */
public record CsvTable(List<String> header, double[][] rows) {

    public static CsvTable read(Path file) throws IOException {
        var in = Files.newInputStream(file);
        var raw = file.toString().endsWith(".gz") ? new GZIPInputStream(in) : in;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(raw, StandardCharsets.UTF_8))) {
            List<String> header = CsvRows.split(r.readLine());
            List<double[]> rows = new ArrayList<>();
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (!line.isBlank()) {
                    rows.add(CsvRows.split(line).stream().mapToDouble(Double::parseDouble).toArray());
                }
            }
            return new CsvTable(List.copyOf(header), rows.toArray(double[][]::new));
        }
    }

    /** The columns named {@code names}, in that order, of every row. */
    public double[][] columns(List<String> names) {
        int[] at = names.stream().mapToInt(n -> {
            int i = header.indexOf(n);
            if (i < 0) {
                throw new IllegalArgumentException("no column " + n + " in " + header);
            }
            return i;
        }).toArray();
        double[][] out = new double[rows.length][at.length];
        for (int r = 0; r < rows.length; r++) {
            for (int j = 0; j < at.length; j++) {
                out[r][j] = rows[r][at[j]];
            }
        }
        return out;
    }

    /** Every column except {@code except}, in file order. */
    public List<String> columnsExcept(List<String> except) {
        return header.stream().filter(h -> !except.contains(h)).toList();
    }

    /** The first {@code n} rows (all of them when there are fewer). */
    public CsvTable head(int n) {
        return new CsvTable(header, java.util.Arrays.copyOf(rows, Math.min(n, rows.length)));
    }
}
