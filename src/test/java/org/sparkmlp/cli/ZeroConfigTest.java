package org.sparkmlp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
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
import org.sparkmlp.train.DefaultNetwork;

/**
 * A network the data decides: without {@code --layers}, {@code --hidden} or {@code --network}, the default
 * hidden layers; with {@code --hidden}, the widths given; either way the input width is the feature count and
 * the output width the classes found in the labels, or one per label column.
 */
class ZeroConfigTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @BeforeAll
    static void spark() {
        SharedSpark.session();
    }

    @Test
    void theDefaultHiddenLayersScaleWithTheInputWidth() {
        assertEquals(List.of(64, 32), DefaultNetwork.hidden(1));
        assertEquals(List.of(64, 32), DefaultNetwork.hidden(32));
        assertEquals(List.of(128, 64), DefaultNetwork.hidden(33));
        assertEquals(List.of(128, 64), DefaultNetwork.hidden(64));
        assertEquals(List.of(256, 128), DefaultNetwork.hidden(65));
        assertEquals(List.of(256, 128), DefaultNetwork.hidden(784));
    }

    @Test
    void withoutANetworkTheClassifierCountsItsClassesAndTakesTheDefaultLayers() throws Exception {
        Path model = tmp.resolve("iris");
        Cli.Result train = Cli.run("train", "--data", "data/iris/iris.csv", "--epochs", "100", "--batch-size", "16",
            "--lr", "0.01", "--model", model.toString());
        assertEquals(0, train.exitCode(), train.err());
        MlpModel m = ModelIO.load(model);
        assertEquals("linear:64,relu,linear:32,relu,linear:3,softmax", m.spec().network());
        assertEquals(3, m.numClasses());
        assertTrue(JSON.readTree(train.lastLine()).get("train.accuracy").asDouble() >= 0.9, train.lastLine());
    }

    @Test
    void hiddenWidthsAloneMakeARegressionWithOneOutputPerLabel() throws Exception {
        Path model = tmp.resolve("petals");
        Cli.Result train = Cli.run("train", "--data", "data/iris/iris.csv", "--label", "petal_length,petal_width",
            "--features", "sepal_length,sepal_width", "--loss", "mse", "--hidden", "16", "--activation", "tanh",
            "--epochs", "2", "--model", model.toString());
        assertEquals(0, train.exitCode(), train.err());
        assertEquals("linear:16,tanh,linear:2", ModelIO.load(model).spec().network());
    }

    @Test
    void aClassIndexBeyondWhatCanBeCountedIsRefusedByItsLine() throws Exception {
        Path data = tmp.resolve("big.csv");
        Files.write(data, List.of("a,label", "1,0", "2,1", "3,1000"));
        Path model = tmp.resolve("big");
        Cli.Result train = Cli.run("train", "--data", data.toString(), "--model", model.toString());
        assertEquals(1, train.exitCode(), train.err());
        assertTrue(train.err().contains("line 4, column 'label': label 1000 is too large; expected a class index "
            + "0..999 (the classes are counted from the labels"), train.err());
        assertFalse(Files.exists(model));
    }
}
