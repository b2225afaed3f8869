package org.sparkmlp.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TableEncodingTest {

    private static ColumnProfile profile(String name, String... fields) {
        ColumnProfile p = new ColumnProfile(name, false);
        for (String f : fields) {
            p.add(f, 0, f.length());
        }
        return p;
    }

    private static String[] repeat(String value, int n) {
        String[] a = new String[n];
        java.util.Arrays.fill(a, value);
        return a;
    }

    private static String[] concat(String[]... parts) {
        List<String> all = new ArrayList<>();
        for (String[] p : parts) {
            all.addAll(List.of(p));
        }
        return all.toArray(new String[0]);
    }

    @Test
    void aNumericColumnWithGapsIsFilledWithItsMeanAndSaysWhereItWasMissing() {
        TableEncoding t = TableEncoding.learn(List.of(profile("age", "20", "", "40", "NA")), null, 64, 1000, true,
            new ArrayList<>());
        assertEquals(List.of("age", "age=(missing)"), t.inputNames());
        TableEncoding.Encoder e = t.encoder();
        double[] x = new double[2];
        e.text(0, "", 0, 0, x, true);
        assertArrayEquals(new double[] {30, 1}, x);
        e.text(0, "25.5", 0, 4, x, true);
        assertArrayEquals(new double[] {25.5, 0}, x);
        InvalidRowException strict = assertThrows(InvalidRowException.class, () -> e.text(0, " ", 0, 1, x, false));
        assertEquals(RowProblem.MISSING, strict.problem());
        InvalidRowException typo = assertThrows(InvalidRowException.class, () -> e.text(0, "4O", 0, 2, x, true));
        assertEquals(RowProblem.NOT_A_NUMBER, typo.problem());
        assertTrue(typo.getMessage().contains("column 'age': '4O' is not a number"), typo.getMessage());
    }

    @Test
    void aColumnWithoutGapsHasNoMissingInputAndIsStillFilledAtPrediction() {
        TableEncoding t = TableEncoding.learn(List.of(profile("x", "1", "2", "6")), null, 64, 1000, true, new ArrayList<>());
        assertEquals(List.of("x"), t.inputNames());
        double[] x = new double[1];
        t.encoder().number(0, Double.NaN, x, true);
        assertArrayEquals(new double[] {3}, x);
    }

    @Test
    void levelsGetAnInputEachAndRareOrUnseenLevelsShareOther() {
        String[] fields = concat(repeat("red", 10), repeat("blue", 6), repeat("green", 2), repeat("", 3));
        TableEncoding t = TableEncoding.learn(List.of(profile("color", fields)), null, 64, 1000, true, new ArrayList<>());
        assertEquals(List.of("color=blue", "color=red", "color=(other)", "color=(missing)"), t.inputNames());
        TableEncoding.Encoder e = t.encoder();
        double[] x = new double[4];
        e.level(0, "red", x);
        assertArrayEquals(new double[] {0, 1, 0, 0}, x);
        e.level(0, "green", x);
        assertArrayEquals(new double[] {0, 0, 1, 0}, x);
        e.level(0, "violet", x);
        assertArrayEquals(new double[] {0, 0, 1, 0}, x);
        e.text(0, "", 0, 0, x, true);
        assertArrayEquals(new double[] {0, 0, 0, 1}, x);
    }

    @Test
    void anUnseenLevelOfAColumnWithoutOtherSetsNoInput() {
        String[] fields = concat(repeat("yes", 8), repeat("no", 7));
        TableEncoding t = TableEncoding.learn(List.of(profile("b", fields)), null, 64, 1000, true, new ArrayList<>());
        assertEquals(List.of("b=no", "b=yes"), t.inputNames());
        double[] x = {7, 7};
        t.encoder().level(0, "maybe", x);
        assertArrayEquals(new double[] {0, 0}, x);
    }

    @Test
    void theMostFrequentLevelsUpToTheLimitKeepTheirInputs() {
        List<String> fields = new ArrayList<>();
        for (int level = 0; level < 10; level++) {
            fields.addAll(List.of(repeat("L" + level, 5 + level)));
        }
        List<String> warnings = new ArrayList<>();
        TableEncoding t = TableEncoding.learn(List.of(profile("c", fields.toArray(new String[0]))), null, 3, 1000, true, warnings);
        assertEquals(List.of("c=L7", "c=L8", "c=L9", "c=(other)"), t.inputNames());
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).contains("column 'c' has 10 levels"), warnings.get(0));
    }

    @Test
    void anIdColumnIsLeftOutWithAWarningNamingIt() {
        List<String> ids = new ArrayList<>();
        List<String> numbers = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            ids.add("id-" + i);
            numbers.add(Integer.toString(i % 7));
        }
        List<String> warnings = new ArrayList<>();
        TableEncoding t = TableEncoding.learn(List.of(profile("customerID", ids.toArray(new String[0])),
            profile("n", numbers.toArray(new String[0]))), null, 64, 1000, true, warnings);
        assertEquals(List.of("n"), t.columnNames());
        assertTrue(warnings.get(0).contains("column 'customerID' is left out: 200 distinct values in 200 rows"),
            warnings.get(0));
    }

    @Test
    void aStrayWordDoesNotMakeANumericColumnCategorical() {
        TableEncoding t = TableEncoding.learn(List.of(profile("x", "1", "2", "3", "oops")), null, 64, 1000, true,
            new ArrayList<>());
        assertFalse(t.columns().get(0).categorical());
    }

    @Test
    void wordLabelsNameSortedClasses() {
        ColumnProfile label = new ColumnProfile("species", true);
        for (String s : List.of("Gentoo", "Adelie", "Chinstrap", "Adelie")) {
            label.add(s, 0, s.length());
        }
        TableEncoding t = TableEncoding.learn(List.of(profile("x", "1", "2", "3", "4")), label, 64, 1000, true,
            new ArrayList<>());
        assertEquals(List.of("Adelie", "Chinstrap", "Gentoo"), t.classes());
        TableEncoding.Encoder e = t.encoder();
        assertEquals(2, e.classOf("species", "Gentoo", 0, 6));
        InvalidRowException unknown = assertThrows(InvalidRowException.class,
            () -> e.classOf("species", "Emperor", 0, 7));
        assertTrue(unknown.getMessage().contains("'Emperor' is not a class the model knows; its classes are Adelie, "
            + "Chinstrap, Gentoo"), unknown.getMessage());
    }

    @Test
    void profilesOfPartsMergeIntoTheProfileOfTheWhole() {
        ColumnProfile whole = profile("c", "a", "b", "1", "", "a", "2.5");
        ColumnProfile merged = profile("c", "a", "b", "1").merge(profile("c", "", "a", "2.5"));
        assertEquals(whole.words(), merged.words());
        assertEquals(whole.numbers(), merged.numbers());
        assertEquals(whole.missing(), merged.missing());
        assertEquals(whole.mean(), merged.mean());
        assertEquals(whole.integers(), merged.integers());
    }

    @Test
    void perClassMetricsAreNamedByTheirClass() {
        ColumnProfile label = new ColumnProfile("y", true);
        for (String s : List.of("no", "yes")) {
            label.add(s, 0, s.length());
        }
        TableEncoding t = TableEncoding.learn(List.of(profile("x", "1", "2")), label, 64, 1000, true, new ArrayList<>());
        java.util.Map<String, Double> m = new java.util.LinkedHashMap<>();
        m.put("accuracy", 0.9);
        m.put("precision.1", 0.8);
        m.put("train.f1.0", 0.7);
        assertEquals(List.of("accuracy", "precision.yes", "train.f1.no"), List.copyOf(t.withClassNames(m).keySet()));
    }
}
