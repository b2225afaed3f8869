package org.sparkmlp.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparkmlp.data.Preprocessor;
import org.sparkmlp.nn.MLP;
import org.sparkmlp.nn.ModelSpec;
import org.sparkmlp.nn.loss.LossKind;

/**
 * Randomly damaged model directories (bytes flipped, files cut short, JSON fields dropped or retyped):
 * each loads as the model that was saved, or fails with {@link ModelFormatException}; nothing else.
 */
class ModelFuzzTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void damagedModelsLoadUnchangedOrFailWithTheDocumentedError() throws Exception {
        ModelSpec spec = ModelSpec.of(List.of(3, 5, 2), "tanh", LossKind.CROSS_ENTROPY);
        MlpModel original = new MlpModel(spec, MLP.create(spec, 4).params().values(),
            new Preprocessor(new double[] {1, 2, 3}, new double[] {0.5, 0, 2}, new double[] {0}, new double[] {1}, 2), List.of("a", "b", "c"), List.of("y"),
            Map.of("epochs", 3, "optimizer", "adam"), Map.of("train.accuracy", 0.75));
        Path base = tmp.resolve("base");
        ModelIO.save(original, base, false);
        byte[] meta = Files.readAllBytes(base.resolve(ModelIO.METADATA));
        Path weightsFile = ModelIO.weightsFile(base);
        byte[] weights = Files.readAllBytes(weightsFile);
        SplittableRandom rng = new SplittableRandom(77);
        int[] outcomes = new int[2];
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (int n = 0; n < 400; n++) {
                Path dir = tmp.resolve("m" + n);
                Files.createDirectory(dir);
                byte[] m = meta.clone();
                byte[] w = weights.clone();
                String what;
                switch (rng.nextInt(6)) {
                    case 0 -> {
                        int i = rng.nextInt(m.length);
                        m[i] ^= (byte) (1 << rng.nextInt(8));
                        what = "metadata byte " + i + " flipped";
                    }
                    case 1 -> {
                        int i = rng.nextInt(w.length);
                        w[i] ^= (byte) (1 << rng.nextInt(8));
                        what = "weights byte " + i + " flipped";
                    }
                    case 2 -> {
                        int len = rng.nextInt(m.length);
                        m = java.util.Arrays.copyOf(m, len);
                        what = "metadata cut to " + len;
                    }
                    case 3 -> {
                        int len = rng.nextInt(w.length);
                        w = java.util.Arrays.copyOf(w, len);
                        what = "weights cut to " + len;
                    }
                    case 4 -> {
                        JsonNode tree = JSON.readTree(m);
                        what = "dropped " + dropRandomField(tree, rng);
                        m = JSON.writeValueAsBytes(tree);
                    }
                    default -> {
                        JsonNode tree = JSON.readTree(m);
                        what = "retyped " + retypeRandomValue(tree, rng);
                        m = JSON.writeValueAsBytes(tree);
                    }
                }
                Files.write(dir.resolve(ModelIO.METADATA), m);
                Files.write(dir.resolve(weightsFile.getFileName()), w);
                try {
                    MlpModel loaded = ModelIO.load(dir);
                    assertEquals(original, loaded, what);
                    assertArrayEquals(original.params(), loaded.params(), what);
                    outcomes[0]++;
                } catch (ModelFormatException e) {
                    assertTrue(e.getMessage().contains(dir.toString()), what + ": the message names the file: "
                        + e.getMessage());
                    outcomes[1]++;
                } catch (Exception e) {
                    fail(what + " raised " + e, e);
                }
            }
        });
        assertTrue(outcomes[0] > 10 && outcomes[1] > 200, "loaded " + outcomes[0] + ", refused " + outcomes[1]);
    }

    /** Removes a random field anywhere in the tree; returns its path. */
    private static String dropRandomField(JsonNode root, SplittableRandom rng) {
        List<String> paths = new ArrayList<>();
        List<ObjectNode> parents = new ArrayList<>();
        collect(root, "", paths, parents);
        int i = rng.nextInt(paths.size());
        String path = paths.get(i);
        parents.get(i).remove(path.substring(path.lastIndexOf('/') + 1));
        return path;
    }

    /** Replaces a random field's value with one of another type; returns its path. */
    private static String retypeRandomValue(JsonNode root, SplittableRandom rng) {
        List<String> paths = new ArrayList<>();
        List<ObjectNode> parents = new ArrayList<>();
        collect(root, "", paths, parents);
        int i = rng.nextInt(paths.size());
        String name = paths.get(i).substring(paths.get(i).lastIndexOf('/') + 1);
        ObjectNode parent = parents.get(i);
        switch (rng.nextInt(5)) {
            case 0 -> parent.put(name, "text");
            case 1 -> parent.put(name, -7);
            case 2 -> parent.put(name, 2.5);
            case 3 -> parent.putNull(name);
            default -> {
                ArrayNode a = parent.putArray(name);
                a.add(1).add("x");
            }
        }
        return paths.get(i);
    }

    private static void collect(JsonNode node, String path, List<String> paths, List<ObjectNode> parents) {
        if (node instanceof ObjectNode obj) {
            for (Iterator<String> it = obj.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                paths.add(path + "/" + name);
                parents.add(obj);
                collect(obj.get(name), path + "/" + name, paths, parents);
            }
        }
    }
}
