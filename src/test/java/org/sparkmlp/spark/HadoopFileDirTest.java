package org.sparkmlp.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparkmlp.data.Preprocessor;
import org.sparkmlp.model.MlpModel;
import org.sparkmlp.io.FileDir;
import org.sparkmlp.model.ModelIO;
import org.sparkmlp.nn.MLP;
import org.sparkmlp.nn.ModelSpec;
import org.sparkmlp.nn.loss.LossKind;

/** Model directories through Hadoop's FileSystem API (here the local one by URI; HDFS in the cluster tests). */
class HadoopFileDirTest {
    @TempDir
    Path tmp;

    private static MlpModel model(long seed) {
        ModelSpec spec = ModelSpec.of(List.of(3, 4, 2), "relu", LossKind.CROSS_ENTROPY);
        return new MlpModel(spec, MLP.create(spec, seed).params().values(),
            new Preprocessor(new double[] {1, 2, 3}, new double[] {1, 1, 2}, new double[] {0}, new double[] {1}, 2), List.of("a", "b", "c"), List.of("y"),
            Map.of("epochs", 1), Map.of("train.accuracy", 0.5));
    }

    @Test
    void aModelSavedThroughAHadoopUriLoadsBackBitIdenticalAndIsReplacedOnlyWithOverwrite() throws Exception {
        String uri = tmp.resolve("m").toUri().toString();
        assertTrue(uri.startsWith("file:"), uri);
        FileDir dir = HadoopFileDir.at(uri, new Configuration());
        assertTrue(dir instanceof HadoopFileDir);
        ModelIO.save(model(1), dir, false, Map.of("history.csv", "iteration\n1\n".getBytes()));
        MlpModel back = ModelIO.load(HadoopFileDir.at(uri, new Configuration()));
        assertEquals(model(1), back);
        assertArrayEquals(model(1).params(), back.params());
        assertEquals(model(1), ModelIO.load(tmp.resolve("m")), "the same directory read as a local path");

        assertThrows(FileAlreadyExistsException.class, () -> ModelIO.save(model(2), dir, false, Map.of()));
        ModelIO.save(model(2), dir, true, Map.of());
        assertEquals(model(2), ModelIO.load(dir));
        assertFalse(dir.list().contains("history.csv"), "the replaced model's history went with it");
        assertEquals(1, dir.list().stream().filter(n -> n.startsWith("weights-")).count(), dir.list().toString());
    }

    @Test
    void aPlainPathIsTheLocalFileSystem() throws Exception {
        assertFalse(HadoopFileDir.hasScheme("models/letter"));
        assertFalse(HadoopFileDir.hasScheme("/tmp/models/letter"));
        assertTrue(HadoopFileDir.hasScheme("hdfs://nn:8020/models/letter"));
        assertTrue(HadoopFileDir.hasScheme("file:///tmp/m"));
        assertFalse(HadoopFileDir.at(tmp.resolve("x").toString(), new Configuration()) instanceof HadoopFileDir);
    }
}
