package org.sparkmlp.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparkmlp.data.BlockBuilder;
import org.sparkmlp.model.MlpModel;
import org.sparkmlp.model.ModelIO;
import org.sparkmlp.testutil.Cli;
import org.sparkmlp.testutil.CsvTable;
import org.sparkmlp.testutil.Datasets;
import org.sparkmlp.testutil.OnnxRun;
import org.sparkmlp.testutil.SharedSpark;
import org.sparkmlp.train.LocalTrainer;
import org.sparkmlp.train.TrainConfig;

/** ONNX export of a model directory on HDFS (a real one, in this JVM), to a file on HDFS. */
class OnnxHdfsTest {
    @TempDir
    static Path tmp;

    private static MiniDFSCluster hdfs;
    private static String root;

    @BeforeAll
    static void startHdfs() throws Exception {
        Configuration conf = new Configuration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, tmp.resolve("hdfs").toString());
        hdfs = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
        hdfs.waitActive();
        root = "hdfs://127.0.0.1:" + hdfs.getNameNodePort() + "/spark-mlp";
    }

    @AfterAll
    static void stopHdfs() {
        if (hdfs != null) {
            hdfs.shutdown();
        }
    }

    @Test
    void theCommandAndTheApiExportAModelOnHdfsToHdfs() throws Exception {
        CsvTable train = CsvTable.read(Datasets.repo("letter/train.csv.gz"));
        List<String> features = train.columnsExcept(List.of("label"));
        TrainConfig cfg = TrainConfig.builder().label("label").layers(16, 64, 26).activation("relu").epochs(2)
            .batchSize(256).seed(8).build();
        MlpModel m = LocalTrainer.fit(cfg, features, LocalTrainer.partition(BlockBuilder.pack(train.columns(features),
            train.columns(List.of("label")), null, 512), 2));
        FileSystem fs = hdfs.getFileSystem();
        ModelIO.save(m, HadoopFileDir.at(root + "/models/letter", fs.getConf()), false, Map.of());

        Cli.Result r = Cli.run("export", "--model", root + "/models/letter", "--output", root + "/onnx/letter.onnx");
        assertEquals(0, r.exitCode(), r.err());
        byte[] fromCommand = read(fs, root + "/onnx/letter.onnx");
        OnnxRun.assertSameClassifications(m, fromCommand, CsvTable.read(Datasets.repo("letter/test.csv.gz")));

        SharedSpark.session();
        SparkMlpModel.load(root + "/models/letter").exportOnnx(root + "/onnx/api.onnx");
        assertArrayEquals(fromCommand, read(fs, root + "/onnx/api.onnx"), "the API writes the command's file");
        assertEquals(List.of("api.onnx", "letter.onnx"), Arrays.stream(fs.listStatus(new org.apache.hadoop.fs.Path(
            root + "/onnx"))).map(FileStatus::getPath).map(org.apache.hadoop.fs.Path::getName).sorted().toList(),
            "no temporary file is left");
    }

    @Test
    void aLocationWithoutAuthorityIsOnTheDefaultFileSystemsNameNode() throws Exception {
        CsvTable train = CsvTable.read(Datasets.repo("letter/train.csv.gz"));
        List<String> features = train.columnsExcept(List.of("label"));
        TrainConfig cfg = TrainConfig.builder().label("label").layers(16, 8, 26).epochs(1).batchSize(0).seed(8).build();
        MlpModel m = LocalTrainer.fit(cfg, features, LocalTrainer.partition(BlockBuilder.pack(train.columns(features),
            train.columns(List.of("label")), null, 512), 1));
        Configuration conf = new Configuration(hdfs.getFileSystem().getConf());
        conf.set("fs.defaultFS", "hdfs://127.0.0.1:" + hdfs.getNameNodePort());
        ModelIO.save(m, HadoopFileDir.at("hdfs:///spark-mlp/models/no-authority", conf), false, Map.of());
        assertArrayEquals(m.params(), ModelIO.load(HadoopFileDir.at(root + "/models/no-authority", conf)).params(),
            "hdfs:///path is the path on the default NameNode");
    }

    private static byte[] read(FileSystem fs, String path) throws Exception {
        try (var in = fs.open(new org.apache.hadoop.fs.Path(path))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toByteArray();
        }
    }
}
