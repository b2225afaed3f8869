package org.sparkmlp.data;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.sparkmlp.math.Checks;

/**
 * How a table's raw columns become the network's inputs, and its label values class indexes. Part of a
 * model: training learns it from the data ({@link #learn}), and prediction reads raw tables through it.
 *
 * <p>A numeric column gives its value, or its training mean where it is missing, and, when training saw it
 * missing, a second 0/1 input that says so. A categorical column gives a 0/1 input per level, the most
 * frequent first, up to {@code maxLevels}; levels seen in fewer than {@link #MIN_LEVEL_ROWS} training rows
 * or beyond that limit share one {@code (other)} input, which also takes the levels training never saw, and
 * a missing value has a {@code (missing)} input when training saw one. Where a column has no such input,
 * an unseen level or a missing value sets none of its inputs. A column whose values are nearly all distinct
 * (an id) is left out.
 *
 * @param columns the raw columns read, in the order their inputs are given to the network
 * @param classes the class names the label indexes, in order, or an empty list for numeric labels
 */
public record TableEncoding(List<Column> columns, List<String> classes) implements Serializable {
    /** Levels seen in fewer training rows than this share their column's {@code (other)} input. */
    public static final int MIN_LEVEL_ROWS = 5;
    private static final Set<String> MISSING = Set.of("NA", "N/A", "NaN", "nan", "null", "NULL", "?");

    /**
     * One raw column.
     *
     * @param levels  a categorical column's levels, each its own input; null for a numeric column
     * @param fill    a numeric column's value where it is missing: its training mean
     * @param other   whether a categorical column has the {@code (other)} input
     * @param missing whether the column has an input that says the value is missing
     */
    public record Column(String name, List<String> levels, double fill, boolean other, boolean missing)
        implements Serializable {

        public Column {
            Checks.notNull(name, "column name");
            Checks.arg(Double.isFinite(fill), "column '%s': the fill value must be finite, got %s", name, fill);
            levels = levels == null ? null : List.copyOf(levels);
            Checks.arg(levels != null || !other, "numeric column '%s' cannot have an (other) input", name);
        }

        public static Column numeric(String name, double fill, boolean missing) {
            return new Column(name, null, fill, false, missing);
        }

        public boolean categorical() {
            return levels != null;
        }

        /** The inputs the column gives the network. */
        public int width() {
            return (categorical() ? levels.size() + (other ? 1 : 0) : 1) + (missing ? 1 : 0);
        }

        /** The inputs' names: {@code age}, {@code age=(missing)}, {@code color=red}, {@code color=(other)}. */
        public List<String> inputNames() {
            List<String> names = new ArrayList<>();
            if (categorical()) {
                levels.forEach(l -> names.add(name + "=" + l));
                if (other) {
                    names.add(name + "=(other)");
                }
            } else {
                names.add(name);
            }
            if (missing) {
                names.add(name + "=(missing)");
            }
            return names;
        }

        /** What the column is, for the log: "numeric, 381 missing" or "categorical, 5 levels". */
        String describe() {
            return categorical() ? "categorical, " + levels.size() + " levels" + (other ? " + (other)" : "")
                + (missing ? " + (missing)" : "") : "numeric" + (missing ? String.format(java.util.Locale.ROOT,
                ", missing filled with %.6g", fill) : "");
        }
    }

    public TableEncoding {
        columns = List.copyOf(columns);
        classes = List.copyOf(classes);
        Checks.arg(!columns.isEmpty(), "a table encoding needs columns");
    }

    /** The texts that stand for a missing value besides blanks, in order: {@code ?}, {@code N/A}, {@code NA}, .... */
    public static List<String> missingMarkers() {
        return MISSING.stream().sorted().toList();
    }

    /** Whether {@code text[from..to)} stands for a missing value: blank, or NA, N/A, NaN, null, ?. */
    public static boolean isMissing(CharSequence text, int from, int to) {
        while (from < to && text.charAt(from) == ' ') {
            from++;
        }
        while (to > from && text.charAt(to - 1) == ' ') {
            to--;
        }
        if (from == to) {
            return true;
        }
        char first = text.charAt(from);
        return to - from <= 4 && (first == 'N' || first == 'n' || first == '?')
            && MISSING.contains(text.subSequence(from, to).toString());
    }

    /** The network's input width. */
    public int width() {
        return columns.stream().mapToInt(Column::width).sum();
    }

    /** The network's inputs, named as {@link Column#inputNames}. */
    public List<String> inputNames() {
        List<String> names = new ArrayList<>();
        columns.forEach(c -> names.addAll(c.inputNames()));
        return names;
    }

    public List<String> columnNames() {
        return columns.stream().map(Column::name).toList();
    }

    /**
     * Whether the inputs are the columns' numbers as they are: every column numeric, none with a missing
     * input, and the label not class names.
     */
    public boolean plain() {
        return classes.isEmpty() && columns.stream().allMatch(c -> !c.categorical() && !c.missing());
    }

    /** Whether the label is read as class names. */
    public boolean namedClasses() {
        return !classes.isEmpty();
    }

    /**
     * {@code metrics} with each per-class key ({@code precision.2}, {@code train.f1.0}) naming its class
     * ({@code precision.Gentoo}) when the label names classes; as they are otherwise.
     */
    public <V> java.util.Map<String, V> withClassNames(java.util.Map<String, V> metrics) {
        if (classes.isEmpty()) {
            return metrics;
        }
        java.util.Map<String, V> named = new java.util.LinkedHashMap<>();
        java.util.regex.Pattern perClass = java.util.regex.Pattern.compile("(.*\\.(?:precision|recall|f1))\\.(\\d+)"
            + "|((?:precision|recall|f1))\\.(\\d+)");
        metrics.forEach((k, v) -> {
            java.util.regex.Matcher m = perClass.matcher(k);
            if (m.matches()) {
                String prefix = m.group(1) != null ? m.group(1) : m.group(3);
                int c = Integer.parseInt(m.group(1) != null ? m.group(2) : m.group(4));
                named.put(c < classes.size() ? prefix + "." + classes.get(c) : k, v);
            } else {
                named.put(k, v);
            }
        });
        return named;
    }

    /** One line per column, for the log and the model's metadata. */
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        columns.forEach(c -> lines.add(c.name() + ": " + c.describe()));
        return lines;
    }

    /**
     * The encoding the profiles call for.
     *
     * @param features  one profile per candidate feature column
     * @param label     the label column's profile, or null to leave labels as numbers
     * @param maxLevels  the most levels of a categorical column with an input each
     * @param maxClasses the most classes a label of words may name
     * @param imputes    whether missing values are filled (and get their inputs); else they are refused
     * @param warnings  receives a line for each column left out or cut down
     */
    public static TableEncoding learn(List<ColumnProfile> features, ColumnProfile label, int maxLevels,
                                      int maxClasses, boolean imputes, List<String> warnings) {
        Checks.arg(maxLevels > 0, "the most levels per column must be positive, got %s", maxLevels);
        List<Column> columns = new ArrayList<>();
        for (ColumnProfile p : features) {
            Column c = column(p, maxLevels, imputes, warnings);
            if (c != null) {
                columns.add(c);
            }
        }
        Checks.arg(!columns.isEmpty(), "no column besides the labels can be a feature: %s", warnings);
        List<String> classes = List.of();
        if (label != null && !label.numeric()) {
            Checks.arg(!label.moreWords() && label.words().size() <= maxClasses,
                "label column '%s' has more than %s distinct values; a classifier's label names at most %s classes",
                label.name(), maxClasses, maxClasses);
            classes = label.words().keySet().stream().sorted().toList();
        }
        return new TableEncoding(columns, classes);
    }

    private static Column column(ColumnProfile p, int maxLevels, boolean imputes, List<String> warnings) {
        long present = p.numbers() + p.wordCount();
        if (present == 0) {
            warnings.add("column '" + p.name() + "' is left out: it has no values");
            return null;
        }
        if (p.numeric()) {
            return Column.numeric(p.name(), p.mean(), imputes && p.missing() > 0);
        }
        Map<String, Long> words = p.words();
        if (p.moreWords() || (words.size() > maxLevels && words.size() * 2L > present)) {
            warnings.add("column '" + p.name() + "' is left out: " + (p.moreWords() ? "more than " : "")
                + words.size() + " distinct values in " + present + " rows, like an id");
            return null;
        }
        List<String> levels = words.entrySet().stream().filter(e -> e.getValue() >= MIN_LEVEL_ROWS)
            .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
            .map(Map.Entry::getKey).limit(maxLevels).toList();
        boolean other = levels.size() < words.size() || p.numbers() > 0;
        if (words.size() > maxLevels) {
            warnings.add("column '" + p.name() + "' has " + words.size() + " levels: the " + levels.size()
                + " most frequent have an input each, the rest share '" + p.name() + "=(other)'");
        }
        return new Column(p.name(), levels.stream().sorted(Comparator.naturalOrder()).toList(), 0, other,
            imputes && p.missing() > 0);
    }

    /** Reads rows through this encoding; one per thread. */
    public Encoder encoder() {
        return new Encoder();
    }

    /** Writes one row's inputs, column by column, into a row of {@link #width} values. */
    public final class Encoder {
        private final int[] offsets = new int[columns.size()];
        private final List<Map<String, Integer>> slots = new ArrayList<>();
        private final Map<String, Integer> classIndex = new HashMap<>();

        private Encoder() {
            int off = 0;
            for (int c = 0; c < columns.size(); c++) {
                offsets[c] = off;
                off += columns.get(c).width();
                Map<String, Integer> m = new HashMap<>();
                List<String> levels = columns.get(c).levels();
                if (levels != null) {
                    for (int i = 0; i < levels.size(); i++) {
                        m.put(levels.get(i), i);
                    }
                }
                slots.add(m);
            }
            for (int i = 0; i < classes.size(); i++) {
                classIndex.put(classes.get(i), i);
            }
        }

        /**
         * Column {@code c}'s field {@code text[from..to)}. A numeric column's field that is neither a number
         * nor a missing value is refused: a typo is not a category.
         *
         * @param imputes whether a missing value is filled; else it is refused
         * @throws InvalidRowException naming the column and what was expected
         */
        public void text(int c, CharSequence text, int from, int to, double[] x, boolean imputes) {
            Column col = columns.get(c);
            if (isMissing(text, from, to)) {
                if (!imputes) {
                    refuseMissing(col, text.subSequence(from, to).toString().trim());
                }
                missing(c, x, true);
            } else if (col.categorical()) {
                level(c, text.subSequence(from, to).toString(), x);
            } else {
                double v;
                try {
                    v = CsvRows.parseNumber(text, from, to);
                } catch (NumberFormatException e) {
                    throw new InvalidRowException(RowProblem.NOT_A_NUMBER, "column '" + col.name() + "': '"
                        + abbreviate(text.subSequence(from, to).toString()) + "' is not a number; expected a finite "
                        + "number (or an empty cell)");
                }
                number(c, v, x, imputes);
            }
        }

        /** Numeric column {@code c}'s value; NaN is a missing value. */
        public void number(int c, double v, double[] x, boolean imputes) {
            Column col = columns.get(c);
            if (Double.isNaN(v)) {
                missing(c, x, imputes);
                return;
            }
            if (col.categorical()) {
                level(c, Double.toString(v), x);
                return;
            }
            RowRules.checkValue(v, col.name());
            x[offsets[c]] = v;
            if (col.missing()) {
                x[offsets[c] + 1] = 0;
            }
        }

        /** Categorical column {@code c}'s level {@code s}; a level not among its inputs is (other). */
        public void level(int c, String s, double[] x) {
            Column col = columns.get(c);
            if (!col.categorical()) {
                text(c, s, 0, s.length(), x, true);
                return;
            }
            int off = offsets[c];
            java.util.Arrays.fill(x, off, off + col.width(), 0.0);
            Integer slot = slots.get(c).get(s);
            if (slot != null) {
                x[off + slot] = 1;
            } else if (col.other()) {
                x[off + col.levels().size()] = 1;
            }
        }

        private void refuseMissing(Column col, String field) {
            if (field.equalsIgnoreCase("NaN")) {
                throw new InvalidRowException(RowProblem.NOT_FINITE, "column '" + col.name() + "': NaN; expected a "
                    + "finite number");
            }
            throw new InvalidRowException(RowProblem.MISSING, "column '" + col.name() + "' is "
                + (field.isEmpty() ? "empty" : "'" + field + "', a missing value") + "; expected "
                + (col.categorical() ? "a value" : "a finite number"));
        }

        /** Column {@code c} is missing: filled, with its missing input set where it has one. */
        public void missing(int c, double[] x, boolean imputes) {
            Column col = columns.get(c);
            if (!imputes) {
                refuseMissing(col, "");
            }
            int off = offsets[c];
            int w = col.width();
            if (col.categorical()) {
                java.util.Arrays.fill(x, off, off + w, 0.0);
            } else {
                x[off] = col.fill();
            }
            if (col.missing()) {
                x[off + w - 1] = 1;
            }
        }

        /**
         * The class index of label {@code text[from..to)}.
         *
         * @throws InvalidRowException when it is missing or not one of the classes
         */
        public int classOf(String column, CharSequence text, int from, int to) {
            if (isMissing(text, from, to)) {
                throw new InvalidRowException(RowProblem.MISSING, "label column '" + column + "' is empty; expected "
                    + "one of the classes");
            }
            String s = text.subSequence(from, to).toString();
            Integer k = classIndex.get(s);
            if (k == null) {
                throw new InvalidRowException(RowProblem.BAD_LABEL, "label column '" + column + "': '"
                    + abbreviate(s) + "' is not a class the model knows; its classes are " + abbreviate(
                    String.join(", ", classes), 200));
            }
            return k;
        }
    }

    private static String abbreviate(String s) {
        return abbreviate(s, 40);
    }

    private static String abbreviate(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n - 3) + "...";
    }
}
