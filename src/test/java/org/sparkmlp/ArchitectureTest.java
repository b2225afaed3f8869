package org.sparkmlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The layering the sources keep: a plain-Java core, Spark at the edge, MLlib nowhere outside Spark ML's package. */
class ArchitectureTest {
    private static final Path MAIN = Path.of("src/main/java/org/sparkmlp");
    private static final List<String> CORE = List.of("math", "nn", "optim", "data", "train", "model", "io", "report",
        "onnx");

    /** Every main source file under {@code dir} with a line that imports a name starting with one of {@code prefixes}. */
    private static List<String> importing(Path dir, String... prefixes) throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                for (String line : Files.readAllLines(f)) {
                    for (String prefix : prefixes) {
                        if (line.startsWith("import " + prefix) || line.startsWith("import static " + prefix)) {
                            found.add(MAIN.relativize(f) + ": " + line);
                        }
                    }
                }
            }
        }
        return found;
    }

    @Test
    void theCoreImportsNothingFromSparkOrScala() throws IOException {
        for (String pkg : CORE) {
            assertTrue(Files.isDirectory(MAIN.resolve(pkg)), pkg);
            assertEquals(List.of(), importing(MAIN.resolve(pkg), "org.apache.spark", "scala."), pkg);
        }
    }

    @Test
    void onlySparkMlsPackageImportsMllib() throws IOException {
        List<String> found = importing(MAIN, "org.apache.spark.ml.", "org.apache.spark.mllib.");
        found.removeIf(f -> f.startsWith("ml/"));
        assertEquals(List.of(), found);
    }

    /** The model is what the exporter reads, not the other way round: no cycle between the two packages. */
    @Test
    void theModelKnowsNothingOfItsOnnxExport() throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(MAIN.resolve("model"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                if (Files.readString(f).contains("org.sparkmlp.onnx")) {
                    found.add(MAIN.relativize(f).toString());
                }
            }
        }
        assertEquals(List.of(), found);
    }
}
