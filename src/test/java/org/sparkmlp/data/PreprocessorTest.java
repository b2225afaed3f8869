package org.sparkmlp.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class PreprocessorTest {
    private static void assertRoundsAsTheCast(double v) {
        double rounded = Preprocessor.roundToFloat(v);
        assertEquals(Double.doubleToRawLongBits((float) v), Double.doubleToRawLongBits(rounded),
            () -> "roundToFloat(" + v + ") = " + rounded + ", the cast gives " + (double) (float) v);
    }

    @Test
    void roundToFloatIsTheCastOnEveryKindOfDouble() {
        Random random = new Random(11);
        for (int i = 0; i < 2_000_000; i++) {
            assertRoundsAsTheCast(Double.longBitsToDouble(random.nextLong()));
            assertRoundsAsTheCast((random.nextDouble() - 0.5) * Math.pow(2, random.nextInt(300) - 150));
            assertRoundsAsTheCast(random.nextInt(512) - 256);
        }
        for (double edge : new double[] {0.0, -0.0, Float.MAX_VALUE, -Float.MAX_VALUE,
            Math.nextUp((double) Float.MAX_VALUE), Float.MIN_NORMAL, Math.nextDown((double) Float.MIN_NORMAL),
            Float.MIN_VALUE, Double.MIN_VALUE, Double.MAX_VALUE, Double.NaN, Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY, 0.1, 1.0 / 3}) {
            assertRoundsAsTheCast(edge);
        }
        for (int i = 0; i < 100_000; i++) {
            float f = Float.intBitsToFloat(random.nextInt());
            double halfway = ((double) f + (double) Math.nextUp(f)) / 2;
            assertRoundsAsTheCast(halfway);
            assertRoundsAsTheCast(Math.nextUp(halfway));
            assertRoundsAsTheCast(Math.nextDown(halfway));
        }
    }
}
