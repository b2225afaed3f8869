package org.sparkmlp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparkmlp.model.MlpModel;
import org.sparkmlp.model.ModelIO;
import org.sparkmlp.testutil.Cli;
import org.sparkmlp.testutil.CsvTable;
import org.sparkmlp.testutil.Datasets;
import org.sparkmlp.testutil.OnnxRun;
import org.sparkmlp.testutil.SharedSpark;

/**
 * The README's "Writing your own layer", as a reader follows it: its Java file and its services line are
 * copied out of the README into a jar of their own, which the command line then takes with {@code --jars}
 * and the README's own train command, in both precisions, on a Spark session's executors.
 */
class SwishExampleTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECTION = "## Writing your own layer";

    @TempDir
    static Path tmp;
    private static Path jar;
    private static List<String> trainCommand;

    @BeforeAll
    static void buildTheReadmesJar() throws IOException {
        SharedSpark.session();
        String readme = Files.readString(Path.of("README.md"));
        int start = readme.indexOf(SECTION);
        assertTrue(start >= 0, "the README has a section " + SECTION);
        String section = readme.substring(start, readme.indexOf("\n## ", start + SECTION.length()));
        String source = block(section, "java");
        String service = block(section, "text").strip();
        Matcher pkg = Pattern.compile("package ([\\w.]+);").matcher(source);
        Matcher cls = Pattern.compile("public final class (\\w+)").matcher(source);
        assertTrue(pkg.find() && cls.find(), "the example is one public class in a package");

        Path src = tmp.resolve("src").resolve(pkg.group(1).replace('.', '/')).resolve(cls.group(1) + ".java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, source);
        Path classes = Files.createDirectories(tmp.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertNotNull(javac, "a JDK's compiler");
        int compiled = javac.run(null, null, null, "-cp", System.getProperty("java.class.path"), "-d",
            classes.toString(), src.toString());
        assertEquals(0, compiled, "the README's Swish compiles against spark-mlp");

        jar = tmp.resolve("swish.jar");
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file);
                Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                out.write(Files.readAllBytes(f));
                out.closeEntry();
            }
            out.putNextEntry(new JarEntry("META-INF/services/org.sparkmlp.nn.Extension"));
            out.write((service + "\n").getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }

        String command = block(section, "").replace("\\\n", " ").strip();
        trainCommand = new ArrayList<>(Arrays.asList(command.split("\\s+")));
        assertEquals(List.of("scripts/spark-mlp", "train"), trainCommand.subList(0, 2), command);
        trainCommand.remove(0);
    }

    /** The first fenced block of {@code language} ("" for a plain one) in {@code text}. */
    private static String block(String text, String language) {
        Matcher m = Pattern.compile("^```(\\w*)\n(.*?)^```", Pattern.DOTALL | Pattern.MULTILINE).matcher(text);
        while (m.find()) {
            if (m.group(1).equals(language)) {
                return m.group(2);
            }
        }
        throw new AssertionError("no ```" + language + " block in the README's section");
    }

    /** The README's train command with this test's jar, model directory and {@code extra} options. */
    private static String[] train(Path model, String... extra) {
        List<String> args = new ArrayList<>(trainCommand);
        args.set(args.indexOf("--jars") + 1, jar.toString());
        args.set(args.indexOf("--model") + 1, model.toString());
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    @Test
    void theReadmesSwishTrainsIrisInBothPrecisionsAndExportsToOnnx() throws Exception {
        assertTrue(trainCommand.contains("linear:16,swish,linear:3"), trainCommand.toString());
        for (String precision : List.of("float", "double")) {
            Path model = tmp.resolve("iris-swish-" + precision);
            Cli.Result train = Cli.run(train(model, "--precision", precision));
            assertEquals(0, train.exitCode(), train.err());

            Cli.Result eval = Cli.run("evaluate", "--jars", jar.toString(), "--model", model.toString(), "--data",
                "data/iris/iris.csv");
            assertEquals(0, eval.exitCode(), eval.err());
            double accuracy = JSON.readTree(eval.lastLine()).get("accuracy").asDouble();
            assertTrue(accuracy >= 0.9, precision + ": iris accuracy with Swish " + accuracy);

            Path onnx = tmp.resolve("iris-swish-" + precision + ".onnx");
            Cli.Result export = Cli.run("export", "--jars", jar.toString(), "--model", model.toString(), "--output",
                onnx.toString());
            assertEquals(0, export.exitCode(), export.err());
            try (ExtensionJars.Installed swish = ExtensionJars.install(List.of(jar.toString()))) {
                MlpModel m = ModelIO.load(model);
                assertEquals("swish", m.spec().layers().get(1).type());
                double onnxAccuracy = OnnxRun.assertSameClassifications(m, Files.readAllBytes(onnx),
                    CsvTable.read(Datasets.repo("iris/iris.csv")));
                assertEquals(accuracy, onnxAccuracy, 1e-12, "ONNX Runtime classifies as spark-mlp does");
            }
        }
    }

    @Test
    void withoutTheJarSwishIsNamedAsMissing() throws Exception {
        Path model = tmp.resolve("no-jar");
        List<String> args = new ArrayList<>(Arrays.asList(train(model)));
        int at = args.indexOf("--jars");
        args.subList(at, at + 2).clear();
        Cli.Result train = Cli.run(args.toArray(String[]::new));
        assertEquals(1, train.exitCode(), train.err());
        assertTrue(train.err().contains("unknown layer type 'swish'") && train.err().contains("--jars"), train.err());
        assertFalse(Files.exists(model), "nothing written");

        Path trained = tmp.resolve("with-jar");
        assertEquals(0, Cli.run(train(trained, "--epochs", "2")).exitCode());
        Path onnx = tmp.resolve("no-jar.onnx");
        for (String[] command : List.of(new String[] {"export", "--model", trained.toString(), "--output",
                onnx.toString()}, new String[] {"evaluate", "--model", trained.toString(), "--data",
                "data/iris/iris.csv"})) {
            Cli.Result r = Cli.run(command);
            assertEquals(1, r.exitCode(), command[0] + ": " + r.err());
            assertTrue(r.err().contains("unknown layer type 'swish'"), command[0] + ": " + r.err());
        }
        assertFalse(Files.exists(onnx), "no ONNX file left behind");
    }

    /** A class loader that gains jars while it runs, as Spark's executor loader does with {@code addJar}. */
    private static final class GrowingLoader extends java.net.URLClassLoader {
        GrowingLoader(ClassLoader parent) {
            super(new java.net.URL[0], parent);
        }

        void add(Path jar) throws IOException {
            addURL(jar.toUri().toURL());
        }
    }

    @Test
    void aJarAddedToARunningClassLoaderIsSeenFromThenOn() throws IOException {
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        try (GrowingLoader loader = new GrowingLoader(before)) {
            thread.setContextClassLoader(loader);
            assertFalse(org.sparkmlp.nn.Layers.names().contains("swish"), org.sparkmlp.nn.Layers.names().toString());
            loader.add(jar);
            assertTrue(org.sparkmlp.nn.Layers.names().contains("swish"), org.sparkmlp.nn.Layers.names().toString());
            assertEquals("swish", org.sparkmlp.nn.Layers.type("swish").name());
        } finally {
            thread.setContextClassLoader(before);
        }
    }
}
