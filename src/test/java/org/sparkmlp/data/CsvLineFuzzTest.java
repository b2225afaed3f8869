package org.sparkmlp.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Randomly corrupted CSV lines: each is either read exactly as a reference parser reads it, or refused
 * with an {@link InvalidRowException} that names the column or the field count; nothing else escapes.
 */
public class CsvLineFuzzTest {
    private static final String ALPHABET = "0123456789,.-+eE\" \tNaInfity x\u00e9";

    /** Columns: id (text, unused), x1, x2, x3, label; three classes. */
    public static CsvLineParser parser() {
        return new CsvLineParser(5, new int[] {1, 2, 3, 4}, List.of("x1", "x2", "x3", "label"),
            RowRules.classes(3, OnInvalidRows.FAIL));
    }

    /** Corrupts {@code line} in one of several ways: flip, insert or delete characters, drop or repeat fields, cut. */
    public static String corrupt(String line, SplittableRandom rng) {
        StringBuilder sb = new StringBuilder(line);
        int edits = 1 + rng.nextInt(3);
        for (int e = 0; e < edits; e++) {
            int kind = rng.nextInt(6);
            int at = sb.length() == 0 ? 0 : rng.nextInt(sb.length());
            char c = ALPHABET.charAt(rng.nextInt(ALPHABET.length()));
            switch (kind) {
                case 0 -> {
                    if (sb.length() > 0) {
                        sb.setCharAt(at, c);
                    }
                }
                case 1 -> sb.insert(at, c);
                case 2 -> {
                    if (sb.length() > 0) {
                        sb.deleteCharAt(at);
                    }
                }
                case 3 -> {
                    List<String> fields = new ArrayList<>(List.of(sb.toString().split(",", -1)));
                    fields.remove(rng.nextInt(fields.size()));
                    sb = new StringBuilder(String.join(",", fields));
                }
                case 4 -> {
                    List<String> fields = new ArrayList<>(List.of(sb.toString().split(",", -1)));
                    int i = rng.nextInt(fields.size());
                    fields.add(i, fields.get(i));
                    sb = new StringBuilder(String.join(",", fields));
                }
                default -> sb.setLength(at);
            }
        }
        return sb.toString();
    }

    public static String validLine(SplittableRandom rng) {
        return "\"row " + rng.nextInt(100) + "\"," + (rng.nextInt(2000) - 1000) / 8.0 + "," + rng.nextInt(50) + ","
            + rng.nextDouble() + "," + rng.nextInt(3);
    }

    @Test
    void corruptedLinesAreReadExactlyOrRefusedWithTheDocumentedError() {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            SplittableRandom rng = new SplittableRandom(2024);
            CsvLineParser parser = parser();
            float[] x = new float[3];
            float[] y1 = new float[1];
            int refused = 0;
            for (int n = 0; n < 600; n++) {
                String line = corrupt(validLine(rng), rng);
                try {
                    parser.parse(line, x, 0, y1, 0);
                    float label = y1[0];
                    List<String> fields = CsvRows.split(line);
                    assertEquals(5, fields.size(), line);
                    for (int j = 0; j < 3; j++) {
                        assertEquals((float) Double.parseDouble(fields.get(j + 1).trim()), x[j], line);
                        assertTrue(Float.isFinite(x[j]), line);
                    }
                    double y = Double.parseDouble(fields.get(4).trim());
                    assertEquals((float) y, label, line);
                    assertTrue(y == 0 || y == 1 || y == 2, line);
                } catch (InvalidRowException e) {
                    refused++;
                    assertNotNull(e.problem(), line);
                    assertTrue(e.getMessage().contains("column '") || e.getMessage().contains("wrong number of fields"),
                        e.getMessage());
                } catch (RuntimeException e) {
                    fail("line '" + line + "' raised " + e, e);
                }
            }
            assertTrue(refused > 200 && refused < 600, "the corruptions hit both outcomes: " + refused + " refused");
        });
    }
}
