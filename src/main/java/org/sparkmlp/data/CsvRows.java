package org.sparkmlp.data;

import java.util.ArrayList;
import java.util.List;

/**
 * Splitting CSV lines into fields and parsing numbers from them, without allocating per field.
 *
 * <p>Fields are separated by commas; a field may be enclosed in double quotes, with {@code ""} for a
 * quote inside it. A quoted field cannot span lines. Numbers are parsed by a fast path for plain
 * decimals (an optional sign, up to 18 significant digits, an optional fraction), which is exact because
 * both the integer mantissa and the power of ten are exact doubles and one IEEE division rounds
 * correctly; anything else (exponents, long mantissas, {@code NaN}) goes through
 * {@link Double#parseDouble}.
 */
public final class CsvRows {
    private static final double[] POW10 = new double[23];

    static {
        POW10[0] = 1;
        for (int i = 1; i < POW10.length; i++) {
            POW10[i] = POW10[i - 1] * 10;
        }
    }

    private CsvRows() {}

    /** The fields of a line, unquoted; for header lines and for lines with quotes. */
    public static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        out.add(field.toString());
        return out;
    }

    /**
     * Finds the start of every field of {@code line} (an unquoted line): {@code starts[i]} is the index of
     * field {@code i}'s first character and {@code starts[count]} is one past the end of the line plus one.
     *
     * @return the number of fields, or -1 if the line has more than {@code starts.length - 1} fields
     */
    public static int fieldStarts(String line, int[] starts) {
        int count = 0;
        starts[0] = 0;
        for (int i = 0; i < line.length(); i++) {
            if (line.charAt(i) == ',') {
                if (++count >= starts.length - 1) {
                    return -1;
                }
                starts[count] = i + 1;
            }
        }
        count++;
        starts[count] = line.length() + 1;
        return count;
    }

    /**
     * Parses {@code s[from, to)} as a number, ignoring surrounding spaces.
     *
     * @throws NumberFormatException when it is empty or not a number
     */
    public static double parseNumber(CharSequence s, int from, int to) {
        while (from < to && s.charAt(from) == ' ') {
            from++;
        }
        while (to > from && s.charAt(to - 1) == ' ') {
            to--;
        }
        if (from == to) {
            throw new NumberFormatException("empty field");
        }
        int i = from;
        boolean negative = false;
        char c = s.charAt(i);
        if (c == '-' || c == '+') {
            negative = c == '-';
            i++;
        }
        long mantissa = 0;
        int digits = 0;
        int fraction = 0;
        boolean seenDot = false;
        boolean any = false;
        for (; i < to; i++) {
            c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                any = true;
                if (mantissa != 0 || c != '0') {
                    digits++;
                }
                if (digits > 18) {
                    return slow(s, from, to);
                }
                mantissa = mantissa * 10 + (c - '0');
                if (seenDot) {
                    fraction++;
                }
            } else if (c == '.' && !seenDot) {
                seenDot = true;
            } else {
                return slow(s, from, to);
            }
        }
        if (!any || fraction >= POW10.length || mantissa >= (1L << 53)) {
            return slow(s, from, to);
        }
        double v = fraction == 0 ? mantissa : mantissa / POW10[fraction];
        return negative ? -v : v;
    }

    private static double slow(CharSequence s, int from, int to) {
        return Double.parseDouble(s.subSequence(from, to).toString());
    }
}
