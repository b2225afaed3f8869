package org.sparkmlp.data;

import java.util.List;

/**
 * The fields of one CSV line at a time, found in place: field {@code c} is {@code text(c)[from(c)..to(c))}.
 * A line without quotes is not copied; a quoted one is split into its unquoted fields. One per thread: it
 * keeps a scratch array of field positions.
 */
public final class CsvFields {
    private final int[] starts;
    private String line;
    private List<String> quoted;

    /** @param width the header's field count */
    public CsvFields(int width) {
        this.starts = new int[width + 2];
    }

    /** Finds the fields of {@code line}; returns their count, or a negative number for more than the width. */
    public int split(String line) {
        this.line = line;
        this.quoted = line.indexOf('"') >= 0 ? CsvRows.split(line) : null;
        return quoted != null ? quoted.size() : CsvRows.fieldStarts(line, starts);
    }

    public CharSequence text(int c) {
        return quoted != null ? quoted.get(c) : line;
    }

    public int from(int c) {
        return quoted != null ? 0 : starts[c];
    }

    public int to(int c) {
        return quoted != null ? quoted.get(c).length() : starts[c + 1] - 1;
    }
}
