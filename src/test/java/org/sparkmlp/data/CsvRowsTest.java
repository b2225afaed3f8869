package org.sparkmlp.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CsvRowsTest {
    @Test
    void splitsQuotedFields() {
        assertEquals(List.of("a", "b,c", "say \"hi\"", ""), CsvRows.split("a,\"b,c\",\"say \"\"hi\"\"\","));
        assertEquals(List.of("1", "2", "3"), CsvRows.split("1,2,3"));
    }

    @Test
    void findsFieldStarts() {
        int[] starts = new int[5];
        assertEquals(3, CsvRows.fieldStarts("1,22,333", starts));
        assertEquals("22", "1,22,333".substring(starts[1], starts[2] - 1));
        assertEquals("333", "1,22,333".substring(starts[2], starts[3] - 1));
        assertEquals(-1, CsvRows.fieldStarts("1,2,3,4,5", starts), "more fields than room");
    }

    @Test
    void theFastPathParsesExactlyLikeParseDouble() {
        SplittableRandom rng = new SplittableRandom(345);
        for (int i = 0; i < 100_000; i++) {
            String s = switch (i % 5) {
                case 0 -> Integer.toString(rng.nextInt(-1000, 1000));
                case 1 -> String.format("%.2f", rng.nextDouble(-200, 200));
                case 2 -> Double.toString(rng.nextDouble() * 1e6);
                case 3 -> "-" + rng.nextInt(100) + "." + String.format("%06d", rng.nextInt(1_000_000));
                default -> Double.toString(rng.nextGaussian() * 1e-8);
            };
            double expected = Double.parseDouble(s);
            assertEquals(expected, CsvRows.parseNumber(s, 0, s.length()), 0.0, s);
        }
        assertEquals(1.5e10, CsvRows.parseNumber(" 1.5e10 ", 0, 8));
        assertEquals(-0.0, CsvRows.parseNumber("-0", 0, 2));
        assertEquals(123456789012345678.0, CsvRows.parseNumber("123456789012345678", 0, 18));
        assertEquals(0.1234567890123456789, CsvRows.parseNumber("0.1234567890123456789", 0, 21));
    }

    @Test
    void refusesWhatIsNotANumber() {
        assertThrows(NumberFormatException.class, () -> CsvRows.parseNumber("abc", 0, 3));
        assertThrows(NumberFormatException.class, () -> CsvRows.parseNumber("  ", 0, 2));
        assertThrows(NumberFormatException.class, () -> CsvRows.parseNumber("1.2.3", 0, 5));
        assertThrows(NumberFormatException.class, () -> CsvRows.parseNumber("-", 0, 1));
    }
}
