package org.sparkmlp.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparkmlp.optim.OptimizerState;
import org.sparkmlp.train.Checkpoint;

/** Checkpoints on a Hadoop file system (the local one here; HDFS in the cluster tests). */
class CheckpointDirTest {
    @TempDir
    Path tmp;

    private static Checkpoint at(long iteration) {
        return new Checkpoint(iteration, 1.0 / iteration, 1, "cfg", "data", new double[] {iteration, -iteration},
            new OptimizerState(0.1, iteration, List.of(new double[] {0.5, 0.25})));
    }

    private CheckpointDir dir(int keep) {
        return new CheckpointDir(tmp.resolve("ckpt").toUri().toString(), new Configuration(), keep);
    }

    @Test
    void onlyTheNewestKAreKeptAndTheNewestIsReadBack() {
        CheckpointDir d = dir(2);
        for (long it = 10; it <= 50; it += 10) {
            d.save(at(it));
        }
        assertEquals(List.of("checkpoint-0000000050.bin", "checkpoint-0000000040.bin"),
            d.list());
        CheckpointDir.Newest n = d.newest("cfg", "data");
        assertEquals(at(50), n.checkpoint());
        assertTrue(n.skipped().isEmpty());
    }

    @Test
    void aTruncatedOrDamagedNewestIsSkippedForThePreviousOneNamingIt() throws Exception {
        CheckpointDir d = dir(3);
        d.save(at(10));
        d.save(at(20));
        d.save(at(30));
        Path newest = tmp.resolve("ckpt").resolve("checkpoint-0000000030.bin");
        byte[] bytes = Files.readAllBytes(newest);
        Files.delete(newest);
        Files.write(newest, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        Path second = tmp.resolve("ckpt").resolve("checkpoint-0000000020.bin");
        byte[] b2 = Files.readAllBytes(second);
        b2[b2.length / 2] ^= 1;
        Files.delete(second);
        Files.write(second, b2);
        CheckpointDir.Newest n = new CheckpointDir(tmp.resolve("ckpt").toString(), new Configuration(), 3)
            .newest("cfg", "data");
        assertEquals(at(10), n.checkpoint());
        assertEquals(2, n.skipped().size());
        assertTrue(n.skipped().get(0).contains("checkpoint-0000000030.bin"), n.skipped().toString());
        assertTrue(n.skipped().get(1).contains("checkpoint-0000000020.bin"), n.skipped().toString());
    }

    @Test
    void aCheckpointOfAnotherConfigurationOrOtherDataIsRefused() {
        CheckpointDir d = dir(3);
        d.save(at(10));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> d.newest("other", "data"));
        assertTrue(e.getMessage().contains("another training configuration") && e.getMessage().contains("checkpoint-0000000010.bin"),
            e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> d.newest("cfg", "other"));
        assertTrue(e.getMessage().contains("other data"), e.getMessage());
    }

    @Test
    void anEmptyOrMissingDirectoryHasNoCheckpointAndLeftoverTempFilesAreIgnored() throws Exception {
        assertNull(dir(3).newest("cfg", "data").checkpoint());
        Files.createDirectories(tmp.resolve("ckpt"));
        Files.write(tmp.resolve("ckpt").resolve(org.sparkmlp.io.FileDir.temporaryName("checkpoint-0000000070.bin")),
            new byte[] {1, 2, 3});
        assertNull(dir(3).newest("cfg", "data").checkpoint());
        dir(3).save(at(5));
        assertEquals(at(5), dir(3).newest("cfg", "data").checkpoint());
        try (var files = Files.list(tmp.resolve("ckpt"))) {
            assertTrue(files.noneMatch(f -> org.sparkmlp.io.FileDir.isTemporary(f.getFileName().toString())),
                "temporary files are cleaned up");
        }
    }
}
