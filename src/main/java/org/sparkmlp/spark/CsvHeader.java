package org.sparkmlp.spark;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.sparkmlp.data.CsvRows;
import org.sparkmlp.math.Checks;

/**
 * The header row and first data row of a CSV input (a file, a directory of files or a glob), read
 * through Hadoop's FileSystem API on the caller's side. It needs no Spark job, so the columns can be
 * checked against the configuration before Spark starts.
 *
 * @param file     the file the lines come from
 * @param line     the header line as it is in the file
 * @param columns  the header's column names
 * @param firstRow the first data row's fields, or null when the file has none
 */
public record CsvHeader(String file, String line, List<String> columns, List<String> firstRow) {

    public static CsvHeader read(String path, Configuration conf) {
        try {
            Path p = new Path(path);
            FileSystem fs = p.getFileSystem(conf);
            FileStatus[] matched = fs.globStatus(p);
            Checks.arg(matched != null && matched.length > 0, "%s: no such file or directory", path);
            List<FileStatus> files = new ArrayList<>();
            for (FileStatus s : matched) {
                if (s.isDirectory()) {
                    Arrays.stream(fs.listStatus(s.getPath())).filter(f -> f.isFile() && visible(f.getPath()))
                        .forEach(files::add);
                } else {
                    files.add(s);
                }
            }
            files.sort(Comparator.comparing(f -> f.getPath().toString()));
            Checks.arg(!files.isEmpty(), "%s holds no data files", path);
            CompressionCodecFactory codecs = new CompressionCodecFactory(conf);
            for (FileStatus f : files) {
                try (BufferedReader r = open(fs, f.getPath(), codecs)) {
                    String header = r.readLine();
                    if (header == null || header.isEmpty()) {
                        continue;
                    }
                    String data = r.readLine();
                    while (data != null && data.isEmpty()) {
                        data = r.readLine();
                    }
                    return new CsvHeader(f.getPath().toString(), header, CsvRows.split(header),
                        data == null ? null : CsvRows.split(data));
                }
            }
            throw new IllegalArgumentException(path + " is empty; expected a header row and data rows");
        } catch (IOException e) {
            throw new UncheckedIOException(path + ": cannot read the CSV header: " + e.getMessage(), e);
        }
    }

    /** Whether Spark's file sources read {@code p}: not a hidden name (starting with '_' or '.'). */
    static boolean visible(Path p) {
        return !p.getName().startsWith("_") && !p.getName().startsWith(".");
    }

    private static BufferedReader open(FileSystem fs, Path p, CompressionCodecFactory codecs) throws IOException {
        InputStream in = fs.open(p);
        CompressionCodec codec = codecs.getCodec(p);
        if (codec != null) {
            in = codec.createInputStream(in);
        }
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    }

    /**
     * The feature columns to read, checked against the header: {@code requested} when given, otherwise
     * every column except the labels and the sample-weight column {@code weight} (nullable) whose value in
     * the first data row is a number.
     */
    public List<String> featureColumns(List<String> labels, List<String> requested, String weight) {
        return featureColumns(labels, requested, weight, true);
    }

    /**
     * {@link #featureColumns(List, List, String)}, or, when not {@code numbersOnly}, every column besides the
     * labels and the weight, whatever its first value.
     */
    public List<String> featureColumns(List<String> labels, List<String> requested, String weight,
                                       boolean numbersOnly) {
        for (String label : labels) {
            Checks.arg(columns.contains(label), "label column '%s' is not in %s; its columns are %s", label, file,
                columns);
        }
        Checks.arg(weight == null || columns.contains(weight), "weight column '%s' is not in %s; its columns are %s",
            weight, file, columns);
        List<String> chosen = new ArrayList<>();
        if (requested.isEmpty()) {
            Checks.arg(firstRow != null, "%s has a header row but no data rows", file);
            for (int i = 0; i < columns.size(); i++) {
                if (!labels.contains(columns.get(i)) && !columns.get(i).equals(weight) && i < firstRow.size()
                    && (!numbersOnly || isNumber(firstRow.get(i)))) {
                    chosen.add(columns.get(i));
                }
            }
            Checks.arg(!chosen.isEmpty(), "%s has no %scolumns besides the labels %s", file,
                numbersOnly ? "numeric " : "", labels);
        } else {
            for (String f : requested) {
                Checks.arg(columns.contains(f), "feature column '%s' is not in %s; its columns are %s", f, file,
                    columns);
            }
            chosen.addAll(requested);
        }
        return List.copyOf(chosen);
    }

    private static boolean isNumber(String field) {
        try {
            CsvRows.parseNumber(field, 0, field.length());
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
