package org.sparkmlp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparkmlp.testutil.Cli;
import org.sparkmlp.testutil.SharedSpark;

/**
 * The HTML report: its content, and how it renders in headless Chromium (Debian's {@code chromium}, which
 * {@code .ci/run} installs; elsewhere the rendering part is skipped when there is no Chromium, unless
 * {@code SPARK_MLP_REQUIRE_CHROMIUM} is set).
 */
class ReportTest {
    @TempDir
    Path tmp;

    @BeforeAll
    static void spark() {
        SharedSpark.session();
    }

    private Path trainAndReport(String name, String... args) {
        Path model = tmp.resolve(name);
        List<String> cmd = new ArrayList<>(List.of("train", "--data", "data/iris/iris.csv", "--epochs", "40",
            "--validation-fraction", "0.3", "--lr", "0.02", "--batch-size", "full", "--model",
            model.toString()));
        cmd.addAll(List.of(args));
        Cli.Result train = Cli.run(cmd.toArray(new String[0]));
        assertEquals(0, train.exitCode(), train.err());
        Cli.Result report = Cli.run("report", "--model", model.toString());
        assertEquals(0, report.exitCode(), report.err());
        return model.resolve("report.html");
    }

    @Test
    void aClassifiersReportHasTheCurvesTheTimingsTheConfusionMatrixAndTheConfiguration() throws Exception {
        Path page = trainAndReport("classifier", "--layers", "4,16,3");
        String html = Files.readString(page);
        for (String s : List.of("data-series=\"train loss\"", "data-series=\"validation loss\"",
            "data-series=\"validation accuracy\"", "data-series=\"learning rate\"", "Where an iteration's time goes",
            "<td class=\"k\">compute</td>", "Confusion matrix (validation rows)", "<td class=\"k\">validation.macroF1</td>",
            "<td class=\"k\">optimizer</td><td class=\"k\">adam</td>", "4 inputs to <code>linear:16,")) {
            assertTrue(html.contains(s), "the page has " + s);
        }
        assertFalse(html.contains("<script") || html.contains("src=") || html.contains("href=")
            || html.contains("@import"), "nothing to load from anywhere");
        int points = html.split("data-series=\"train loss\"")[1].split("points=\"")[1].split("\"")[0].split(" ").length;
        assertEquals(40, points, "one point per iteration");
        render(page, true);
    }

    @Test
    void aRegressorsReportPlotsPredictedAgainstActual() throws Exception {
        Path page = trainAndReport("regressor", "--label", "petal_width", "--features",
            "sepal_length,sepal_width,petal_length", "--layers", "3,16,1", "--loss", "mse");
        String html = Files.readString(page);
        assertTrue(html.contains("Predicted against actual (validation rows"), "scatter heading");
        assertTrue(html.contains("data-series=\"validation rmse\""), "the validation metric curve");
        assertTrue(html.split("<circle").length > 40, "the scatter's points");
        render(page, false);
    }

    @Test
    void aPageWrittenToALocalOutputIsTheOnlyFileItLeaves() throws Exception {
        Path model = trainAndReport("elsewhere", "--layers", "4,8,3").getParent();
        Path pages = Files.createDirectories(tmp.resolve("pages"));
        Cli.Result report = Cli.run("report", "--model", model.toString(), "--output",
            pages.resolve("iris.html").toString());
        assertEquals(0, report.exitCode(), report.err());
        try (var files = Files.list(pages)) {
            assertEquals(List.of("iris.html"), files.map(p -> p.getFileName().toString()).toList());
        }
        assertTrue(Files.readString(pages.resolve("iris.html")).contains("data-series=\"train loss\""), "the page");
    }

    /** Opens the page in headless Chromium: no console errors, and the curves' colours in the screenshot. */
    private void render(Path page, boolean twoCurves) throws Exception {
        String chromium = chromium();
        Path png = tmp.resolve(page.getParent().getFileName() + ".png");
        // The page needs no network; the flags keep Chromium's own background connections from starting.
        Process p = new ProcessBuilder(chromium, "--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
            "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--user-data-dir=" + Files.createTempDirectory(tmp, "chromium"),
            "--window-size=1200,1400", "--enable-logging=stderr", "--v=0", "--screenshot=" + png,
            page.toUri().toString()).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(90, TimeUnit.SECONDS), "Chromium finishes");
        assertEquals(0, p.exitValue(), log);
        assertFalse(log.contains("CONSOLE") || log.contains("Uncaught"), "no console messages: " + log);
        BufferedImage image = ImageIO.read(png.toFile());
        assertTrue(image.getWidth() >= 1000, "a screenshot of the page");
        assertTrue(count(image, 0x1f, 0x77, 0xb4) > 300, "the blue curves are drawn");
        if (twoCurves) {
            assertTrue(count(image, 0xd6, 0x27, 0x28) > 150, "the red validation-loss curve is drawn");
        }
    }

    private static int count(BufferedImage img, int r, int g, int b) {
        int n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int rgb = img.getRGB(x, y);
                if (Math.abs(((rgb >> 16) & 255) - r) < 40 && Math.abs(((rgb >> 8) & 255) - g) < 40
                    && Math.abs((rgb & 255) - b) < 40) {
                    n++;
                }
            }
        }
        return n;
    }

    private static String chromium() {
        for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
            for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
                if (Files.isExecutable(Path.of(dir, name))) {
                    return Path.of(dir, name).toString();
                }
            }
        }
        String why = "skipped: no chromium on the PATH to render the report (.ci/run installs Debian's chromium)";
        if (System.getenv("SPARK_MLP_REQUIRE_CHROMIUM") != null) {
            throw new AssertionError(why.replace("skipped: ", "") + ", and SPARK_MLP_REQUIRE_CHROMIUM is set");
        }
        System.err.println(why);
        Assumptions.abort(why);
        return null;
    }
}
