package org.sparkmlp.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/** How the settings' text is read: the parsers that {@code training.settings} names. */
final class SettingParsers {
    private SettingParsers() {}

    static String text(String text) {
        return text;
    }

    static String lowerCase(String text) {
        return text.toLowerCase(Locale.ROOT);
    }

    static int integer(String text) {
        return numeric(text, Integer::parseInt, "an integer");
    }

    static long longInteger(String text) {
        return numeric(text, Long::parseLong, "an integer");
    }

    static double number(String text) {
        return numeric(text, Double::parseDouble, "a number");
    }

    private static <T> T numeric(String text, Function<String, T> parse, String what) {
        try {
            return parse.apply(text);
        } catch (NumberFormatException e) {
            throw new NumberFormatException("'" + text + "' is not " + what);
        }
    }

    /** {@code true} or {@code false}, in any case. */
    static boolean bool(String text) {
        if (text.equalsIgnoreCase("true")) {
            return true;
        }
        if (text.equalsIgnoreCase("false")) {
            return false;
        }
        throw new IllegalArgumentException("'" + text + "' is not true or false");
    }

    /** Column names, comma-separated. */
    static List<String> names(String text) {
        return Arrays.stream(text.split(",", -1)).map(String::trim).toList();
    }

    /** Comma-separated widths; whether they make a network is for {@link TrainConfig} to say. */
    static List<Integer> widths(String value) {
        return list(value, Integer::parseInt, "layers must be comma-separated integers such as 784,128,10");
    }

    /** {@code parse}, with empty text for the empty list. */
    static <T> Function<String, List<T>> orEmpty(Function<String, List<T>> parse) {
        return text -> text.isBlank() ? List.of() : parse.apply(text);
    }

    /** Comma-separated values, each read by {@code parse}; {@code expected} says what they should be. */
    static <T> List<T> list(String value, Function<String, T> parse, String expected) {
        List<T> out = new ArrayList<>();
        for (String v : value.split(",", -1)) {
            try {
                out.add(parse.apply(v.trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(expected + "; '" + v.trim() + "' in '" + value + "' is not one");
            }
        }
        return List.copyOf(out);
    }

    /** A positive integer, or {@code auto} (0 in {@link TrainConfig}). */
    static int aggregationDepth(String value) {
        return positiveOr("auto", value, "the aggregation depth");
    }

    /** A positive integer, {@code full} (0 in {@link TrainConfig}) or {@code auto} ({@link BatchPlan#AUTO}). */
    static int batchSize(String value) {
        if (value.equalsIgnoreCase("auto")) {
            return BatchPlan.AUTO;
        }
        try {
            return positiveOr("full", value, "batch size");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("batch size must be a positive integer, 'full' or 'auto', got '" + value
                + "'", e);
        }
    }

    /** A positive integer, or {@code word}, which stands for 0. */
    private static int positiveOr(String word, String value, String what) {
        if (value.equalsIgnoreCase(word)) {
            return 0;
        }
        try {
            int v = Integer.parseInt(value);
            if (v > 0) {
                return v;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new IllegalArgumentException(what + " must be a positive integer or '" + word + "', got '" + value
            + "'");
    }
}
