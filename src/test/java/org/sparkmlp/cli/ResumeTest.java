package org.sparkmlp.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparkmlp.model.MlpModel;
import org.sparkmlp.model.ModelIO;
import org.sparkmlp.testutil.Cli;
import org.sparkmlp.testutil.SharedSpark;

/** Checkpoints and --resume from the command line, in local mode (the cluster tests kill real drivers). */
class ResumeTest {
    @TempDir
    Path tmp;

    @BeforeAll
    static void spark() {
        SharedSpark.session();
    }

    private Cli.Result train(Path model, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("train", "--data", "data/iris/iris.csv", "--layers",
            "4,8,3", "--optimizer", "sgd", "--nesterov", "--lr", "0.1", "--epochs", "6", "--batch-size", "32",
            "--partitions", "2", "--model", model.toString()));
        args.addAll(List.of(extra));
        return Cli.run(args.toArray(new String[0]));
    }

    @Test
    void aRunResumedFromACheckpointEndsWithTheUninterruptedRunsWeights() throws Exception {
        Path plain = tmp.resolve("plain");
        assertEquals(0, train(plain).exitCode());
        Path ckpt = tmp.resolve("ckpt");
        Path first = tmp.resolve("first");
        Cli.Result r = train(first, "--checkpoint-dir", ckpt.toString(), "--checkpoint-every", "4");
        assertEquals(0, r.exitCode(), r.err());
        MlpModel expected = ModelIO.load(plain);
        assertArrayEquals(expected.params(), ModelIO.load(first).params(), "checkpointing changes nothing computed");
        List<String> names;
        try (var files = Files.list(ckpt)) {
            names = files.map(f -> f.getFileName().toString()).filter(n -> n.startsWith("checkpoint-")).sorted().toList();
        }
        assertEquals(List.of("checkpoint-0000000020.bin", "checkpoint-0000000024.bin", "checkpoint-0000000028.bin"),
            names, "6 epochs of 5 iterations, every 4, the newest 3 kept");

        Cli.Result again = train(tmp.resolve("again"), "--checkpoint-dir", ckpt.toString());
        assertEquals(1, again.exitCode());
        assertTrue(again.err().contains("already holds checkpoints") && again.err().contains("--resume"), again.err());

        // As if the newest checkpoint had been cut short and the one before it lost.
        Path newest = ckpt.resolve("checkpoint-0000000028.bin");
        byte[] bytes = Files.readAllBytes(newest);
        Files.delete(newest);
        Files.write(newest, java.util.Arrays.copyOf(bytes, 100));
        Files.delete(ckpt.resolve("checkpoint-0000000024.bin"));
        Path resumed = tmp.resolve("resumed");
        Cli.Result res = train(resumed, "--checkpoint-dir", ckpt.toString(), "--resume");
        assertEquals(0, res.exitCode(), res.err());
        MlpModel back = ModelIO.load(resumed);
        assertArrayEquals(expected.params(), back.params());
        assertEquals(20, ((Number) back.training().get("resumedAfterIteration")).intValue());
        assertEquals(30.0, back.metrics().get("iterations"));
        assertEquals(expected.metrics().get("finalIterationLoss"), back.metrics().get("finalIterationLoss"));

        Cli.Result changed = train(tmp.resolve("changed"), "--checkpoint-dir", ckpt.toString(), "--resume", "--lr", "0.2");
        assertEquals(1, changed.exitCode());
        assertTrue(changed.err().contains("another training configuration"), changed.err());
    }
}
