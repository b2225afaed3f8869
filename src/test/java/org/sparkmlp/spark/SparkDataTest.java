package org.sparkmlp.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SparkDataTest {
    @Test
    void theFormatComesFromTheExtension() {
        assertEquals("csv", SparkData.inferFormat("data/letter/train.csv.gz"));
        assertEquals("csv", SparkData.inferFormat("s3a://bucket/x.CSV"));
        assertEquals("parquet", SparkData.inferFormat("hdfs:///data/mnist.parquet/"));
        assertEquals("orc", SparkData.inferFormat("t.orc"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> SparkData.inferFormat("/data/table"));
        assertTrue(e.getMessage().contains("/data/table") && e.getMessage().contains("`format`"), e.getMessage());
    }
}
