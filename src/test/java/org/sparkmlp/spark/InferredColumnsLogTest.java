package org.sparkmlp.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.sparkmlp.train.TrainConfig;
import org.sparkmlp.testutil.SharedSpark;

/**
 * A wide table's columns as the trainer infers them: the log names the many plain numeric columns in one line
 * and the others one by one, and the model's metadata keeps a line for every column.
 */
class InferredColumnsLogTest {
    private static final int PLAIN = 25;

    @Test
    void manyPlainNumericColumnsAreOneLogLineAndEveryColumnIsInTheMetadata() {
        StructType schema = new StructType();
        for (int j = 0; j < PLAIN; j++) {
            schema = schema.add("x" + j, DataTypes.DoubleType, true);
        }
        schema = schema.add("gappy", DataTypes.DoubleType, true).add("colour", DataTypes.StringType, true)
            .add("label", DataTypes.StringType, false);
        SplittableRandom rng = new SplittableRandom(11);
        List<Row> rows = new ArrayList<>();
        for (int r = 0; r < 300; r++) {
            Object[] v = new Object[PLAIN + 3];
            for (int j = 0; j < PLAIN; j++) {
                v[j] = rng.nextGaussian();
            }
            v[PLAIN] = r % 7 == 0 ? null : rng.nextGaussian();
            v[PLAIN + 1] = rng.nextBoolean() ? "red" : "blue";
            v[PLAIN + 2] = (double) v[0] > 0 ? "up" : "down";
            rows.add(RowFactory.create(v));
        }
        Dataset<Row> df = SharedSpark.session().createDataFrame(rows, schema);

        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        StringWriter out = new StringWriter();
        WriterAppender appender = WriterAppender.createAppender(PatternLayout.newBuilder().withPattern("%m%n")
            .build(), null, out, "inferred-columns-test", false, true);
        appender.start();
        String name = SparkTrainer.class.getName();
        Level level = LogManager.getLogger(name).getLevel();
        Configurator.setLevel(name, Level.INFO);
        LoggerConfig logger = ctx.getConfiguration().getLoggerConfig(name);
        logger.addAppender(appender, null, null);
        SparkMlpModel model;
        try {
            model = new SparkTrainer(TrainConfig.builder().label("label").epochs(1).seed(2).build())
                .fit(df, "wide", null);
        } finally {
            logger.removeAppender("inferred-columns-test");
            appender.stop();
            Configurator.setLevel(name, level);
        }
        String log = out.toString();
        assertTrue(log.contains("wide: " + PLAIN + " numeric columns, none missing: x0, x1, ..., x" + (PLAIN - 1)), log);
        assertFalse(log.contains("column x3: numeric"), log);
        assertTrue(log.contains("column gappy: numeric, missing filled with"), log);
        assertTrue(log.contains("column colour: categorical, 2 levels"), log);

        List<?> inferred = (List<?>) model.model().training().get("inferred");
        long columnLines = inferred.stream().filter(l -> String.valueOf(l).startsWith("column ")).count();
        assertEquals(PLAIN + 2, columnLines, inferred.toString());
        assertTrue(inferred.contains("column x3: numeric"), inferred.toString());
    }
}
