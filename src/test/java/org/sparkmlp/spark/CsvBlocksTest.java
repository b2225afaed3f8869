package org.sparkmlp.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.SparkException;
import org.apache.spark.api.java.JavaRDD;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparkmlp.data.ValidationSplit;
import org.sparkmlp.train.CacheLevel;
import org.sparkmlp.data.DataBlock;
import org.sparkmlp.testutil.Datasets;
import org.sparkmlp.testutil.SharedSpark;

class CsvBlocksTest {
    /** Finite values required, labels not checked against a class count. */
    private static final org.sparkmlp.data.RowRules ANY_LABEL =
        org.sparkmlp.data.RowRules.anyLabel(org.sparkmlp.data.OnInvalidRows.FAIL);

    @TempDir
    Path tmp;

    private static List<float[]> rows(List<List<DataBlock>> partitions) {
        List<float[]> out = new ArrayList<>();
        for (List<DataBlock> part : partitions) {
            for (DataBlock b : part) {
                int d = b.numFeatures();
                for (int r = 0; r < b.rows(); r++) {
                    float[] row = Arrays.copyOfRange(b.features(), r * d, r * d + d + 1);
                    row[d] = b.label(r);
                    out.add(row);
                }
            }
        }
        return out;
    }

    @Test
    void readsTheSameRowsAsSparkSql() {
        String path = Datasets.repo("letter/train.csv.gz").toString();
        CsvBlocks.Result fast = CsvBlocks.read(SharedSpark.jsc(), path, List.of("label"), List.of(), null, 512, 3, ANY_LABEL, ValidationSplit.NONE, CacheLevel.MEMORY_AND_DISK);
        assertEquals(3, fast.blocks().getNumPartitions());
        var df = SparkData.read(SharedSpark.session(), path, null);
        DatasetBlocks.Result viaSql = DatasetBlocks.read(df, List.of("label"), List.of(), null, 512, null,
            CacheLevel.MEMORY_AND_DISK, "the input", ANY_LABEL, ValidationSplit.NONE);
        assertEquals(viaSql.features(), fast.features());
        JavaRDD<DataBlock> slow = viaSql.blocks();

        List<float[]> a = rows(SparkData.collectPartitions(fast.blocks()));
        List<float[]> b = rows(SparkData.collectPartitions(slow));
        assertEquals(16_000, a.size());
        Comparator<float[]> order = Arrays::compare;
        a.sort(order);
        b.sort(order);
        for (int i = 0; i < a.size(); i++) {
            assertTrue(Arrays.equals(a.get(i), b.get(i)), "row " + i);
        }
        // Spread over the three partitions in whole blocks, and the same every time.
        assertEquals(SparkData.collectPartitions(fast.blocks()).stream().map(p -> p.size()).toList(),
            List.of(11, 11, 10));
        List<float[]> again = rows(SparkData.collectPartitions(
            CsvBlocks.read(SharedSpark.jsc(), path, List.of("label"), List.of(), null, 512, 3, ANY_LABEL, ValidationSplit.NONE, CacheLevel.MEMORY_AND_DISK).blocks()));
        List<float[]> first = rows(SparkData.collectPartitions(fast.blocks()));
        for (int i = 0; i < first.size(); i++) {
            assertTrue(Arrays.equals(first.get(i), again.get(i)), "row " + i + " moved between reads");
        }
        fast.blocks().unpersist();
        slow.unpersist();
    }

    @Test
    void stringColumnsAreLeftOutAndQuotedFieldsRead() throws Exception {
        Path csv = tmp.resolve("mixed.csv");
        Files.writeString(csv, "name,x,y,label\n\"Smith, J\",1.5,2,0\nDoe,-3,4e-1,1\n");
        CsvBlocks.Result r = CsvBlocks.read(SharedSpark.jsc(), csv.toString(), List.of("label"), List.of(), null, 16, 1, ANY_LABEL, ValidationSplit.NONE, CacheLevel.MEMORY_AND_DISK);
        assertEquals(List.of("x", "y"), r.features());
        List<float[]> rows = rows(SparkData.collectPartitions(r.blocks()));
        assertTrue(Arrays.equals(new float[] {1.5f, 2f, 0f}, rows.get(0)), Arrays.toString(rows.get(0)));
        assertTrue(Arrays.equals(new float[] {-3f, 0.4f, 1f}, rows.get(1)), Arrays.toString(rows.get(1)));
    }

    private int failures;

    private String failure(String content) throws Exception {
        Path csv = tmp.resolve("bad" + ++failures + ".csv");
        Files.writeString(csv, content);
        CsvBlocks.Result r = CsvBlocks.read(SharedSpark.jsc(), csv.toString(), List.of("label"), List.of(), null, 16, 1, ANY_LABEL, ValidationSplit.NONE, CacheLevel.MEMORY_AND_DISK);
        SparkException e = assertThrows(SparkException.class, () -> r.blocks().count());
        Throwable t = org.sparkmlp.testutil.Causes.first(e, IllegalArgumentException.class);
        assertTrue(t instanceof IllegalArgumentException, "cause: " + t);
        return t.getMessage();
    }

    @Test
    void badLinesAreNamedByFileLineAndColumn() throws Exception {
        String m = failure("a,b,label\n1,2,0\n3,4,1\n5,oops,0\n");
        assertTrue(m.contains("bad1.csv") && m.contains("line 4") && m.contains("column 'b'") && m.contains("'oops'"), m);
        m = failure("a,b,label\n1,2,0\n3,1\n");
        assertTrue(m.contains("line 3") && m.contains("wrong number of fields: 2; expected 3 as in the header"), m);
        m = failure("a,b,label\n1,2,0\n1,,0\n");
        assertTrue(m.contains("line 3") && m.contains("column 'b' is empty"), m);
        m = failure("a,b,label\n1,NaN,0\n");
        assertTrue(m.contains("line 2") && m.contains("NaN") && m.contains("finite"), m);
    }

    @Test
    void aFileFixedInPlaceIsReadAgainInTheSameSession() throws Exception {
        Path csv = tmp.resolve("fixed.csv");
        Files.writeString(csv, "a,b,label\n1,2,0\n3,4,1\n5,oops,0\n");
        CsvBlocks.Result broken = CsvBlocks.read(SharedSpark.jsc(), csv.toString(), List.of("label"), List.of(), null, 16, 1, ANY_LABEL, ValidationSplit.NONE, CacheLevel.MEMORY_AND_DISK);
        assertThrows(SparkException.class, () -> broken.blocks().count());
        Files.writeString(csv, "a,b,label\n1,2,0\n3,4,1\n5,6,0\n");
        CsvBlocks.Result fixed = CsvBlocks.read(SharedSpark.jsc(), csv.toString(), List.of("label"), List.of(), null, 16, 1, ANY_LABEL, ValidationSplit.NONE, CacheLevel.MEMORY_AND_DISK);
        assertEquals(3, fixed.blocks().first().rows());
        fixed.blocks().unpersist();
    }

    @Test
    void aMissingLabelColumnIsNamedWithTheColumnsThereAre() throws Exception {
        Path csv = tmp.resolve("nolabel.csv");
        Files.writeString(csv, "a,b\n1,2\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> CsvBlocks.read(SharedSpark.jsc(), csv.toString(), List.of("label"), List.of(), null, 16, 1, ANY_LABEL, ValidationSplit.NONE, CacheLevel.MEMORY_AND_DISK));
        assertTrue(e.getMessage().contains("'label'") && e.getMessage().contains("[a, b]"), e.getMessage());
    }

    @Test
    void corruptedLinesInAFileAreSkippedAndCountedExactlyAsTheLineParserRefusesThem() throws Exception {
        java.util.SplittableRandom rng = new java.util.SplittableRandom(11);
        List<String> lines = new java.util.ArrayList<>(List.of("id,x1,x2,x3,label"));
        org.sparkmlp.data.CsvLineParser reference = org.sparkmlp.data.CsvLineFuzzTest.parser();
        int valid = 0;
        int firstBad = -1;
        for (int i = 0; i < 400; i++) {
            String line = org.sparkmlp.data.CsvLineFuzzTest.validLine(rng);
            if (rng.nextBoolean()) {
                line = org.sparkmlp.data.CsvLineFuzzTest.corrupt(line, rng);
            }
            if (line.isEmpty() || line.equals(lines.get(0))) {
                continue;
            }
            lines.add(line);
            try {
                reference.parse(line, new float[3], 0, new float[1], 0);
                valid++;
            } catch (org.sparkmlp.data.InvalidRowException e) {
                firstBad = firstBad < 0 ? lines.size() : firstBad;
            }
        }
        Path csv = tmp.resolve("fuzzed.csv");
        Files.write(csv, lines);
        org.sparkmlp.data.RowRules skip = org.sparkmlp.data.RowRules.classes(3, org.sparkmlp.data.OnInvalidRows.SKIP);
        CsvBlocks.Result r = CsvBlocks.read(SharedSpark.jsc(), csv.toString(), List.of("label"), List.of("x1", "x2", "x3"),
            null, 16, 2, skip, ValidationSplit.NONE, CacheLevel.MEMORY_AND_DISK);
        long rows = r.blocks().map(DataBlock::rows).reduce(Integer::sum);
        assertEquals(valid, rows);
        assertEquals(lines.size() - 1 - valid, r.skipped().value().total());
        r.blocks().unpersist();

        org.sparkmlp.data.RowRules fail = org.sparkmlp.data.RowRules.classes(3, org.sparkmlp.data.OnInvalidRows.FAIL);
        CsvBlocks.Result strict = CsvBlocks.read(SharedSpark.jsc(), csv.toString(), List.of("label"),
            List.of("x1", "x2", "x3"), null, 16, 2, fail, ValidationSplit.NONE, CacheLevel.MEMORY_AND_DISK);
        SparkException e = assertThrows(SparkException.class, () -> strict.blocks().count());
        Throwable t = org.sparkmlp.testutil.Causes.first(e, org.sparkmlp.data.InvalidRowException.class);
        assertTrue(t.getMessage().contains("fuzzed.csv: line " + firstBad + ","), t.getMessage());
        strict.blocks().unpersist();
    }
}
