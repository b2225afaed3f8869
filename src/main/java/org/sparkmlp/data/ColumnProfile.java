package org.sparkmlp.data;

import java.io.Serializable;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What one pass over a column's text fields learns: how many are numbers, words or missing, the numbers'
 * sum and range, and how often each word occurs (up to {@link #MAX_WORDS} distinct ones). Profiles of
 * partitions merge into the column's profile, from which {@link TableEncoding#learn} decides how the column
 * is read.
 */
public final class ColumnProfile implements Serializable {
    private static final long serialVersionUID = 1L;
    /** The distinct words a profile counts; beyond them it only knows that there are more. */
    public static final int MAX_WORDS = 50_000;
    /** The distinct numbers a label's profile keeps, to tell class indexes from a regression's values. */
    public static final int MAX_NUMBERS = 1001;

    private final String name;
    private final boolean keepsNumbers;
    private long numbers;
    private long finite;
    private long missing;
    private double sum;
    private boolean integers = true;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;
    private final Map<String, Long> words = new HashMap<>();
    private boolean moreWords;
    private Set<Double> distinct;

    /** @param keepsNumbers whether to keep the distinct numbers too (up to {@value #MAX_NUMBERS}), as for a label */
    public ColumnProfile(String name, boolean keepsNumbers) {
        this.name = name;
        this.keepsNumbers = keepsNumbers;
        this.distinct = keepsNumbers ? new HashSet<>() : null;
    }

    public String name() {
        return name;
    }

    /** Counts one field, {@code text[from..to)}. */
    public void add(CharSequence text, int from, int to) {
        if (TableEncoding.isMissing(text, from, to)) {
            missing++;
            return;
        }
        double v;
        try {
            v = CsvRows.parseNumber(text, from, to);
        } catch (NumberFormatException e) {
            addWord(text.subSequence(from, to).toString());
            return;
        }
        addNumber(v);
    }

    /** Counts one number; NaN counts as missing. */
    public void addNumber(double v) {
        if (Double.isNaN(v)) {
            missing++;
            return;
        }
        numbers++;
        if (!Double.isFinite(v)) {
            return;
        }
        finite++;
        sum += v;
        min = Math.min(min, v);
        max = Math.max(max, v);
        integers &= v == Math.rint(v);
        if (distinct != null && distinct.size() < MAX_NUMBERS) {
            distinct.add(v);
        }
    }

    /** Counts {@code values[from..to)} as {@link #addNumber} counts each, in order, in one loop. */
    public void addNumbers(double[] values, int from, int to) {
        if (distinct != null) {
            for (int i = from; i < to; i++) {
                addNumber(values[i]);
            }
            return;
        }
        long present = 0;
        long usable = 0;
        long gaps = 0;
        double s = sum;
        double lo = min;
        double hi = max;
        boolean whole = integers;
        for (int i = from; i < to; i++) {
            double v = values[i];
            if (Double.isNaN(v)) {
                gaps++;
                continue;
            }
            present++;
            if (!Double.isFinite(v)) {
                continue;
            }
            usable++;
            s += v;
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
            whole &= v == Math.rint(v);
        }
        numbers += present;
        finite += usable;
        missing += gaps;
        sum = s;
        min = lo;
        max = hi;
        integers = whole;
    }

    /** Counts one word: a value that is not a number. */
    public void addWord(String word) {
        Long n = words.get(word);
        if (n != null) {
            words.put(word, n + 1);
        } else if (words.size() < MAX_WORDS) {
            words.put(word, 1L);
        } else {
            moreWords = true;
        }
    }

    public void addMissing() {
        missing++;
    }

    /** Adds {@code other}'s counts, of the same column. */
    public ColumnProfile merge(ColumnProfile other) {
        numbers += other.numbers;
        finite += other.finite;
        missing += other.missing;
        sum += other.sum;
        integers &= other.integers;
        min = Math.min(min, other.min);
        max = Math.max(max, other.max);
        moreWords |= other.moreWords;
        other.words.forEach((w, n) -> {
            if (words.containsKey(w) || words.size() < MAX_WORDS) {
                words.merge(w, n, Long::sum);
            } else {
                moreWords = true;
            }
        });
        if (distinct != null) {
            for (Double v : other.distinct) {
                if (distinct.size() >= MAX_NUMBERS) {
                    break;
                }
                distinct.add(v);
            }
        }
        return this;
    }

    public long numbers() {
        return numbers;
    }

    public long missing() {
        return missing;
    }

    /** Fields that are neither numbers nor missing. */
    public long wordCount() {
        long n = 0;
        for (long c : words.values()) {
            n += c;
        }
        return n;
    }

    /** Each distinct word's count (at most {@link #MAX_WORDS} of them). */
    public Map<String, Long> words() {
        return Map.copyOf(words);
    }

    /** Whether there were more distinct words than {@link #MAX_WORDS}. */
    public boolean moreWords() {
        return moreWords;
    }

    /** The mean of the finite numbers, or 0 when there were none. */
    public double mean() {
        return finite == 0 || !Double.isFinite(sum / finite) ? 0 : sum / finite;
    }

    public double min() {
        return min;
    }

    public double max() {
        return max;
    }

    /** Whether every number was a whole number. */
    public boolean integers() {
        return integers;
    }

    /** The count of distinct numbers, up to {@value #MAX_NUMBERS}; -1 when the profile does not keep them. */
    public int distinctNumbers() {
        return keepsNumbers ? distinct.size() : -1;
    }

    /** Whether the column reads as numbers: no more of its present fields are words than numbers. */
    public boolean numeric() {
        return wordCount() <= numbers;
    }
}
