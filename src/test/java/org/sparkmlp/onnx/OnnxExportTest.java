package org.sparkmlp.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxModelMetadata;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sparkmlp.Version;
import org.sparkmlp.data.BlockBuilder;
import org.sparkmlp.data.DataBlock;
import org.sparkmlp.model.MlpModel;
import org.sparkmlp.nn.Layers;
import org.sparkmlp.nn.LayerSpec;
import org.sparkmlp.nn.ModelSpec;
import org.sparkmlp.nn.ReLU;
import org.sparkmlp.nn.loss.LossKind;
import org.sparkmlp.train.LocalTrainer;
import org.sparkmlp.train.TrainConfig;
import org.sparkmlp.testutil.CsvTable;
import org.sparkmlp.testutil.Datasets;
import org.sparkmlp.testutil.OnnxRun;

/**
 * Models trained on real data, exported, and run by ONNX Runtime with every graph optimisation on: its
 * outputs are spark-mlp's own predictions, for every layer type, both tasks and the operator sets whose
 * graphs differ (13 and 23 besides the default: LayerNorm is written in plain operators before 17).
 */
class OnnxExportTest {
    /** Every layer type there is, dropout included (it must vanish from the graph). */
    private static final String EVERY_LAYER = "linear:64,relu,linear:48,leakyrelu:0.05,layernorm,linear:32,gelu,"
        + "dropout:0.1,linear:32,tanh,linear:32,sigmoid,linear:%d";

    private static CsvTable letterTest;
    private static MlpModel letter;

    @BeforeAll
    static void trainOnLetter() throws Exception {
        CsvTable train = CsvTable.read(Datasets.repo("letter/train.csv.gz"));
        letterTest = CsvTable.read(Datasets.repo("letter/test.csv.gz"));
        TrainConfig cfg = TrainConfig.builder().label("label").network(String.format(EVERY_LAYER, 26)).loss("cross-entropy")
            .optimizer("adam").lr(0.005).epochs(4).batchSize(256).seed(3).build();
        letter = fit(cfg, train, List.of("label"));
    }

    private static MlpModel fit(TrainConfig cfg, CsvTable table, List<String> labels) {
        List<String> features = table.columnsExcept(labels);
        List<DataBlock> blocks = BlockBuilder.pack(table.columns(features), table.columns(labels), null, 512);
        return LocalTrainer.fit(cfg, features, LocalTrainer.partition(blocks, 2));
    }

    @ParameterizedTest
    @ValueSource(ints = {13, OnnxExport.DEFAULT_OPSET, 23})
    void aClassifierWithEveryLayerTypeGivesSparkMlpsProbabilitiesAndLabels(int opset) throws Exception {
        double accuracy = OnnxRun.assertSameClassifications(letter, OnnxExport.toBytes(letter, opset), letterTest);
        assertTrue(accuracy > 0.6, "the model has learned something to compare: test accuracy " + accuracy);
    }

    @Test
    void theQuickStartNetworkGivesSparkMlpsProbabilitiesAndLabels() throws Exception {
        TrainConfig cfg = TrainConfig.builder().label("label").layers(16, 128, 26).activation("relu")
            .optimizer("adam").lr(0.005).epochs(3).batchSize(512).seed(1).build();
        MlpModel m = fit(cfg, CsvTable.read(Datasets.repo("letter/train.csv.gz")), List.of("label"));
        assertTrue(OnnxRun.assertSameClassifications(m, OnnxExport.toBytes(m), letterTest) > 0.7);
    }

    @ParameterizedTest
    @ValueSource(ints = {13, OnnxExport.DEFAULT_OPSET, 23})
    void aRegressionOfTwoLabelsWithEveryLayerTypeGivesSparkMlpsPredictionsInTheLabelsUnits(int opset)
        throws Exception {
        CsvTable iris = withConstantColumn(CsvTable.read(Datasets.repo("iris/iris.csv")));
        List<String> labels = List.of("petal_length", "petal_width");
        TrainConfig cfg = TrainConfig.builder().labelColumns(labels).network(String.format(EVERY_LAYER, 2))
            .loss("mse").optimizer("adam").lr(0.01).epochs(40).batchSize(32).seed(5).build();
        MlpModel m = fit(cfg, iris, labels);
        OnnxRun.assertSamePredictions(m, OnnxExport.toBytes(m, opset), iris, labels);
    }

    @Test
    void californiaHousingPricesInDollars() throws Exception {
        CsvTable table = CsvTable.read(Datasets.shared("california_housing.csv.gz"));
        CsvTable train = new CsvTable(table.header(), java.util.Arrays.copyOf(table.rows(), 16000));
        CsvTable test = new CsvTable(table.header(), java.util.Arrays.copyOfRange(table.rows(), 16000,
            table.rows().length));
        TrainConfig cfg = TrainConfig.builder().label("label").network(String.format(EVERY_LAYER, 1)).loss("mae")
            .optimizer("adam").lr(0.003).epochs(4).batchSize(256).seed(9).build();
        MlpModel m = fit(cfg, train, List.of("label"));
        OnnxRun.assertSamePredictions(m, OnnxExport.toBytes(m), test, List.of("label"));
    }

    @Test
    void unstandardizedModelsNeedNoStandardizingNodes() throws Exception {
        CsvTable iris = CsvTable.read(Datasets.repo("iris/iris.csv"));
        TrainConfig cfg = TrainConfig.builder().label("label").layers(4, 8, 3).activation("tanh").standardize(false)
            .epochs(20).batchSize(16).seed(2).build();
        MlpModel m = fit(cfg, iris, List.of("label"));
        byte[] onnx = OnnxExport.toBytes(m);
        assertTrue(OnnxExport.build(m, OnnxExport.DEFAULT_OPSET).getGraph().getNodeList().stream()
            .noneMatch(n -> n.getName().startsWith("standardize")), "no standardisation nodes");
        OnnxRun.assertSameClassifications(m, onnx, iris);
    }

    @Test
    void theFileNamesItsInputsOutputsAndColumns() throws Exception {
        try (OrtSession s = OnnxRun.session(OnnxExport.toBytes(letter))) {
            assertEquals(List.of(OnnxExport.INPUT), new ArrayList<>(s.getInputInfo().keySet()));
            assertTensor(s.getInputInfo().get(OnnxExport.INPUT), OnnxJavaType.FLOAT, -1, 16);
            assertEquals(List.of(OnnxExport.PROBABILITY, OnnxExport.LABEL), new ArrayList<>(s.getOutputInfo().keySet()));
            assertTensor(s.getOutputInfo().get(OnnxExport.PROBABILITY), OnnxJavaType.FLOAT, -1, 26);
            assertTensor(s.getOutputInfo().get(OnnxExport.LABEL), OnnxJavaType.INT64, -1);
            OnnxModelMetadata meta = s.getMetadata();
            assertEquals("spark-mlp", meta.getProducerName());
            assertTrue(meta.getDescription().startsWith("spark-mlp " + Version.get() + ": "), meta.getDescription());
            Map<String, String> props = meta.getCustomMetadata();
            assertEquals(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(letter.featureColumns()),
                props.get("feature_columns"));
            assertEquals("[\"label\"]", props.get("label_columns"));
            assertEquals("26", props.get("num_classes"));
            assertEquals("16", props.get("num_features"));
            assertEquals("classification", props.get("task"));
            assertEquals(letter.spec().network(), props.get("network"));
            assertEquals(Version.get(), props.get("spark_mlp_version"));
        }
        assertEquals(8, OnnxExport.build(letter, 17).getIrVersion());
        assertEquals(7, OnnxExport.build(letter, 13).getIrVersion());
        assertEquals(11, OnnxExport.build(letter, 23).getIrVersion());
    }

    @Test
    void aRegressionsOutputIsItsPrediction() throws Exception {
        CsvTable iris = CsvTable.read(Datasets.repo("iris/iris.csv"));
        TrainConfig cfg = TrainConfig.builder().label("petal_width").layers(4, 6, 1).activation("relu").loss("mse")
            .epochs(5).batchSize(16).seed(2).build();
        MlpModel m = fit(cfg, iris, List.of("petal_width"));
        try (OrtSession s = OnnxRun.session(OnnxExport.toBytes(m))) {
            assertEquals(List.of(OnnxExport.PREDICTION), new ArrayList<>(s.getOutputInfo().keySet()));
            assertTensor(s.getOutputInfo().get(OnnxExport.PREDICTION), OnnxJavaType.FLOAT, -1, 1);
            assertEquals("regression", s.getMetadata().getCustomMetadata().get("task"));
            assertTrue(!s.getMetadata().getCustomMetadata().containsKey("num_classes"));
        }
    }

    /**
     * Each registered layer type between two linear layers, with drawn weights, on drawn rows: a new layer
     * type fails here until it has a converter.
     */
    @ParameterizedTest
    @ValueSource(ints = {13, OnnxExport.DEFAULT_OPSET, 23})
    void everyRegisteredLayerTypeRunsAsInSparkMlp(int opset) throws Exception {
        java.util.SplittableRandom rng = new java.util.SplittableRandom(opset);
        List<String> features = List.of("a", "b", "c", "d", "e");
        double[][] x = new double[300][features.size()];
        for (double[] row : x) {
            for (int j = 0; j < row.length; j++) {
                row[j] = 10 * j + (j + 1) * rng.nextGaussian();
            }
        }
        List<String> header = new ArrayList<>(features);
        header.add("label");
        CsvTable rows = new CsvTable(header, java.util.Arrays.stream(x).map(r -> {
            double[] withLabel = java.util.Arrays.copyOf(r, r.length + 1);
            withLabel[r.length] = 0;
            return withLabel;
        }).toArray(double[][]::new));
        org.sparkmlp.data.Preprocessor prep = new org.sparkmlp.data.Preprocessor(new double[] {0, 10, 20, 30, 40},
            new double[] {1, 2, 3, 0, 5}, new double[1], new double[] {1}, 3);
        for (String type : Layers.builtIn()) {
            Layers.Type t = Layers.type(type);
            String layer = t.holdsLayers() ? type + "(linear:4,relu,dropout:0.2,linear:8,layernorm)"
                : type + (t.setting() == null ? "" : ":" + (type.equals("linear") ? "6" : "0.2"));
            ModelSpec spec = new ModelSpec(5, LayerSpec.parseList("linear:8," + layer + ",linear:3"),
                LossKind.CROSS_ENTROPY);
            double[] params = org.sparkmlp.nn.MLP.create(spec, 11).params().values();
            MlpModel m = new MlpModel(spec, params, prep, features, List.of("label"), Map.of(), Map.of());
            OnnxRun.assertSameClassifications(m, OnnxExport.toBytes(m, opset), rows);
        }
    }

    private static final String UNCONVERTED = org.sparkmlp.testutil.TestExtension.ONNXLESS;

    @Test
    void refusesOperatorSetsItDoesNotWriteAndLayersWithoutAnOnnxForm() {
        IllegalArgumentException low = assertThrows(IllegalArgumentException.class, () -> OnnxExport.toBytes(letter, 12));
        assertEquals("ONNX export writes operator sets 13 to 23, got 12", low.getMessage());
        assertThrows(IllegalArgumentException.class, () -> OnnxExport.toBytes(letter, 24));

        ModelSpec spec = new ModelSpec(2, LayerSpec.parseList("linear:3," + UNCONVERTED + ",linear:2"),
            LossKind.CROSS_ENTROPY);
        MlpModel m = MlpModel.unnamed(spec, new double[spec.numParams()],
            new org.sparkmlp.data.Preprocessor(new double[2], new double[] {1, 1}, new double[1], new double[] {1}, 2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OnnxExport.toBytes(m));
        assertTrue(e.getMessage().startsWith("layer type 'onnxlesstest' has no ONNX form; the types that have one are "
            + "[dropout, gelu, layernorm, leakyrelu, linear, relu, residual, sigmoid, softmax, tanh]"), e.getMessage());
    }

    private static void assertTensor(NodeInfo node, OnnxJavaType type, long... shape) {
        TensorInfo info = (TensorInfo) node.getInfo();
        assertEquals(type, info.type, node.getName());
        assertArrayEquals(shape, info.getShape(), node.getName());
        assertEquals(OnnxExport.BATCH, info.getDimensionNames()[0], node.getName());
    }

    /** {@code table} with a column that never changes, which standardisation only centres. */
    private static CsvTable withConstantColumn(CsvTable table) {
        List<String> header = new ArrayList<>(table.header());
        header.add(0, "constant");
        double[][] rows = new double[table.rows().length][];
        for (int r = 0; r < rows.length; r++) {
            rows[r] = new double[table.rows()[r].length + 1];
            rows[r][0] = 7.5;
            System.arraycopy(table.rows()[r], 0, rows[r], 1, table.rows()[r].length);
        }
        return new CsvTable(header, rows);
    }

    /**
     * The letter network read through a table encoding of 16 inputs: a categorical column with (other) and
     * (missing), a numeric one with a missing input, fourteen plain numbers. ONNX Runtime, fed the raw
     * strings and floats, computes what spark-mlp's encoder and network compute, for levels it knows, a
     * level never seen, empty cells and missing markers.
     */
    @ParameterizedTest
    @ValueSource(ints = {13, OnnxExport.DEFAULT_OPSET, 23})
    void aTableModelScoresRawStringsAndGapsAsSparkMlpsEncoder(int opset) throws Exception {
        List<org.sparkmlp.data.TableEncoding.Column> columns = new ArrayList<>();
        columns.add(new org.sparkmlp.data.TableEncoding.Column("color", List.of("blue", "green", "red"), 0, true, true));
        columns.add(org.sparkmlp.data.TableEncoding.Column.numeric("size", 2.5, true));
        for (int j = 0; j < 9; j++) {
            columns.add(org.sparkmlp.data.TableEncoding.Column.numeric("x" + j, -1, false));
        }
        List<String> classes = new ArrayList<>();
        for (char c = 'A'; c <= 'Z'; c++) {
            classes.add(String.valueOf(c));
        }
        org.sparkmlp.data.TableEncoding table = new org.sparkmlp.data.TableEncoding(columns, classes);
        assertEquals(16, table.width());
        MlpModel m = new MlpModel(letter.spec(), letter.params(), letter.preprocessor(), table.inputNames(),
            letter.labelColumns(), letter.training(), letter.metrics(), table);

        String[] colors = {"red", "green", "blue", "purple", "", "NA", "?", "null", "N/A"};
        java.util.Random random = new java.util.Random(7);
        int n = 90;
        String[][] color = new String[n][1];
        float[][][] numbers = new float[columns.size()][n][1];
        double[][] x = new double[n][16];
        org.sparkmlp.data.TableEncoding.Encoder encoder = table.encoder();
        for (int r = 0; r < n; r++) {
            color[r][0] = colors[r % colors.length];
            encoder.text(0, color[r][0], 0, color[r][0].length(), x[r], true);
            for (int c = 1; c < columns.size(); c++) {
                float v = c == 1 && r % 4 == 0 ? Float.NaN : (float) (random.nextGaussian() * 4 + 7);
                numbers[c][r][0] = v;
                encoder.number(c, v, x[r], true);
            }
        }
        ai.onnxruntime.OrtEnvironment env = ai.onnxruntime.OrtEnvironment.getEnvironment();
        Map<String, ai.onnxruntime.OnnxTensor> inputs = new java.util.LinkedHashMap<>();
        inputs.put("color", ai.onnxruntime.OnnxTensor.createTensor(env, color));
        for (int c = 1; c < columns.size(); c++) {
            inputs.put(columns.get(c).name(), ai.onnxruntime.OnnxTensor.createTensor(env, numbers[c]));
        }
        org.sparkmlp.math.Matrix ours = OnnxRun.predict(m, x);
        try (OrtSession session = OnnxRun.session(OnnxExport.toBytes(m, opset));
             OrtSession.Result out = session.run(inputs)) {
            float[][] probability = (float[][]) out.get(OnnxExport.PROBABILITY).get().getValue();
            String[] label = (String[]) out.get(OnnxExport.LABEL).get().getValue();
            double worst = 0;
            java.util.Set<String> named = new java.util.HashSet<>();
            for (int r = 0; r < n; r++) {
                for (int k = 0; k < 26; k++) {
                    worst = Math.max(worst, Math.abs(probability[r][k] - ours.get(r, k)));
                }
                assertEquals(classes.get(ours.argmax(r)), label[r], "row " + r);
                named.add(label[r]);
            }
            assertTrue(worst <= 1e-5, "largest probability difference " + worst);
            assertTrue(named.size() > 3, "the rows are told apart: " + named);
            assertEquals(List.of("color", "size", "x0", "x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8"),
                new ArrayList<>(session.getInputNames()));
        } finally {
            inputs.values().forEach(ai.onnxruntime.OnnxTensor::close);
        }
        assertEquals("[0.0, 0.0, 0.0, 1.0, 0.0]", java.util.Arrays.toString(java.util.Arrays.copyOf(x[3], 5)),
            "purple, never seen, is (other)");
        assertEquals("[0.0, 0.0, 0.0, 0.0, 1.0]", java.util.Arrays.toString(java.util.Arrays.copyOf(x[5], 5)),
            "NA is (missing)");
    }
}
