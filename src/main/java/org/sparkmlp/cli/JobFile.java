package org.sparkmlp.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.TreeSet;

/**
 * A job file: a Java properties file whose keys are a command's long option names without the leading
 * dashes ({@code layers = 784,128,10}), plus any {@code spark.*} key, which is passed to Spark as
 * configuration. It is turned into command-line arguments placed before the user's own, so options given
 * on the command line override the file.
 */
final class JobFile {
    private JobFile() {}

    /**
     * @param options the command's option names, with dashes ({@code --layers}); a key matching none of
     *                them is an error that suggests the closest
     */
    static List<String> toArguments(Path file, Collection<String> options) throws IOException {
        Properties props = new Properties();
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "job file not found");
        }
        try (Reader r = Files.newBufferedReader(file)) {
            props.load(r);
        }
        List<String> args = new ArrayList<>();
        for (String key : new TreeSet<>(props.stringPropertyNames())) {
            String value = props.getProperty(key).trim();
            if (key.startsWith("spark.")) {
                args.add("--conf");
                args.add(key + "=" + value);
                continue;
            }
            String option = "--" + key;
            if (!options.contains(option) || option.equals("--job")) {
                throw new IllegalArgumentException(file + ": unknown key '" + key + "'" + suggestion(key, options)
                    + "; keys are the command's long options without '--', or spark.* settings");
            }
            args.add(option);
            args.add(value);
        }
        return args;
    }

    private static String suggestion(String key, Collection<String> options) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String o : options) {
            String name = o.replaceFirst("^--", "");
            int d = distance(key, name);
            if (d < bestDistance) {
                bestDistance = d;
                best = name;
            }
        }
        return best != null && bestDistance <= Math.max(2, key.length() / 3) ? " (did you mean '" + best + "'?)" : "";
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
