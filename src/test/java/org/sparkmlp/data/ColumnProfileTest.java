package org.sparkmlp.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A column's profile counted a value at a time and a run of values at once. */
class ColumnProfileTest {

    @Test
    void aRunOfNumbersCountsAsItsValuesOneByOne() {
        SplittableRandom rng = new SplittableRandom(17);
        double[] values = new double[5000];
        for (int i = 0; i < values.length; i++) {
            int kind = rng.nextInt(40);
            values[i] = kind == 0 ? Double.NaN : kind == 1 ? Double.POSITIVE_INFINITY
                : kind == 2 ? Double.NEGATIVE_INFINITY : kind == 3 ? -0.0 : kind < 20 ? rng.nextInt(-50, 50)
                : rng.nextGaussian() * 1e3;
        }
        for (boolean keepsNumbers : new boolean[] {false, true}) {
            ColumnProfile one = new ColumnProfile("c", keepsNumbers);
            ColumnProfile runs = new ColumnProfile("c", keepsNumbers);
            one.addMissing();
            runs.addMissing();
            for (double v : values) {
                one.addNumber(v);
            }
            runs.addNumbers(values, 0, 1234);
            runs.addNumbers(values, 1234, values.length);
            assertEquals(one.numbers(), runs.numbers());
            assertEquals(one.missing(), runs.missing());
            assertEquals(Double.doubleToLongBits(one.mean()), Double.doubleToLongBits(runs.mean()), "the same sum");
            assertEquals(one.min(), runs.min());
            assertEquals(one.max(), runs.max());
            assertEquals(one.integers(), runs.integers());
            assertEquals(one.distinctNumbers(), runs.distinctNumbers());
        }

        ColumnProfile whole = new ColumnProfile("w", false);
        whole.addNumbers(new double[] {3, -2, 7, 0.5, 9}, 0, 3);
        assertEquals(3, whole.numbers());
        assertEquals(true, whole.integers(), "only the first three count");
        assertEquals(-2, whole.min());
        assertEquals(7, whole.max());
    }
}
