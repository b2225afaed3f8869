package org.sparkmlp.data;

import java.util.List;
import org.sparkmlp.math.Checks;

/**
 * Parses the data lines of one CSV layout into block rows: the chosen feature columns and the label
 * columns into float arrays, every value checked by {@link RowRules}. A line it cannot
 * use raises an {@link InvalidRowException} naming the column; the caller adds the file and line.
 * One per thread: it keeps the positions of a line's fields ({@link CsvFields}).
 */
public final class CsvLineParser {
    private final int width;
    private final int[] columns;
    private final List<String> names;
    private final RowRules rules;
    private final CsvFields fields;
    private final int numLabels;
    private final boolean weighted;
    private float weight = 1f;
    private final int featureColumns;
    private final TableEncoding.Encoder encoder;
    private final boolean namedClasses;
    private final boolean imputes;
    private final double[] row;

    /**
     * @param width   the header's field count
     * @param columns the field index of each feature, then of the label
     * @param names   the names of those columns, in the same order
     */
    public CsvLineParser(int width, int[] columns, List<String> names, RowRules rules) {
        this(width, columns, names, rules, 1, false);
    }

    /**
     * @param numLabels how many label columns follow the features in {@code columns} and {@code names}
     * @param weighted  whether {@code columns} and {@code names} end with a sample-weight column, after the labels
     */
    public CsvLineParser(int width, int[] columns, List<String> names, RowRules rules, int numLabels,
                         boolean weighted) {
        this(width, columns, names, rules, numLabels, weighted, null, false);
    }

    /**
     * @param encoding how the feature columns (one per column of {@code encoding}, first in {@code columns})
     *                 become inputs, and the labels class indexes when it names classes; null to read every
     *                 column as one number
     * @param imputes  whether a missing feature is filled from the encoding; else it is refused
     */
    public CsvLineParser(int width, int[] columns, List<String> names, RowRules rules, int numLabels,
                         boolean weighted, TableEncoding encoding, boolean imputes) {
        Checks.arg(numLabels > 0 && columns.length >= numLabels + 1 + (weighted ? 1 : 0) && columns.length == names.size(),
            "need feature and label columns with a name each, got %s columns and %s names", columns.length,
            names.size());
        for (int c : columns) {
            Checks.index(c, width, "column index");
        }
        this.width = width;
        this.columns = columns.clone();
        this.names = List.copyOf(names);
        this.rules = rules;
        this.fields = new CsvFields(width);
        this.numLabels = numLabels;
        this.weighted = weighted;
        this.featureColumns = columns.length - numLabels - (weighted ? 1 : 0);
        Checks.arg(encoding == null || encoding.columns().size() == featureColumns,
            "the encoding reads %s columns, the parser %s", encoding == null ? 0 : encoding.columns().size(),
            featureColumns);
        this.encoder = encoding == null ? null : encoding.encoder();
        this.namedClasses = encoding != null && encoding.namedClasses();
        this.imputes = imputes;
        this.row = new double[encoding == null ? featureColumns : encoding.width()];
    }

    /** The inputs a line gives the network. */
    public int numFeatures() {
        return row.length;
    }

    public int numLabels() {
        return numLabels;
    }

    /** Whether the lines carry a sample weight after the label. */
    public boolean weighted() {
        return weighted;
    }

    /** The sample weight of the line {@link #parse} read last; 1 without a weight column. */
    public float weight() {
        return weight;
    }

    /** Writes the line's features to {@code x} from {@code xOff} and its labels to {@code y} from {@code yOff}. */
    public void parse(String line, float[] x, int xOff, float[] y, int yOff) {
        int count = fields.split(line);
        if (count != width) {
            throw new InvalidRowException(RowProblem.FIELD_COUNT, "wrong number of fields: "
                + (count < 0 ? "more than " + width : count) + "; expected " + width + " as in the header");
        }
        int d = featureColumns;
        for (int j = 0; j < columns.length; j++) {
            int c = columns[j];
            CharSequence text = fields.text(c);
            int from = fields.from(c);
            int to = fields.to(c);
            if (j < d && encoder != null) {
                encoder.text(j, text, from, to, row, imputes);
                continue;
            }
            if (j == d && namedClasses) {
                y[yOff] = encoder.classOf(names.get(j), text, from, to);
                continue;
            }
            double v;
            try {
                v = CsvRows.parseNumber(text, from, to);
            } catch (NumberFormatException e) {
                String raw = text.subSequence(from, to).toString();
                if (raw.isBlank()) {
                    throw new InvalidRowException(RowProblem.MISSING,
                        "column '" + names.get(j) + "' is empty; expected a finite number");
                }
                throw new InvalidRowException(RowProblem.NOT_A_NUMBER, "column '" + names.get(j) + "': '"
                    + abbreviate(raw) + "' is not a number; expected a finite number");
            }
            RowRules.checkValue(v, names.get(j));
            if (j < d) {
                x[xOff + j] = (float) v;
            } else if (j < d + numLabels) {
                rules.checkLabel(v, names.get(j));
                y[yOff + j - d] = (float) v;
            } else {
                RowRules.checkWeight(v, names.get(j));
                weight = (float) v;
            }
        }
        if (encoder != null) {
            for (int i = 0; i < row.length; i++) {
                x[xOff + i] = (float) row[i];
            }
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }
}
