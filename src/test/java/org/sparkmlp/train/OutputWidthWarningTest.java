package org.sparkmlp.train;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.util.List;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.junit.jupiter.api.Test;
import org.sparkmlp.data.DataBlock;
import org.sparkmlp.testutil.Data;

/**
 * A classifier whose network has far more outputs than its labels need (a network written to end in a hidden
 * layer, its output layer left out) trains, and its log says which outputs are never a target.
 */
class OutputWidthWarningTest {
    private static final List<String> FEATURES = List.of("a", "b", "c", "d");

    private static String logOf(TrainConfig cfg) {
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        Configuration conf = ctx.getConfiguration();
        StringWriter out = new StringWriter();
        WriterAppender appender = WriterAppender.createAppender(PatternLayout.newBuilder().withPattern("%p %m%n")
            .build(), null, out, "output-width-test", false, true);
        appender.start();
        LoggerConfig logger = conf.getLoggerConfig(TrainingSetup.class.getName());
        logger.addAppender(appender, null, null);
        try {
            List<List<DataBlock>> blocks = List.of(Data.teacherBlocks(120, FEATURES.size(), 3, 1));
            LocalTrainer.fit(cfg, FEATURES, blocks);
        } finally {
            logger.removeAppender("output-width-test");
            appender.stop();
        }
        return out.toString();
    }

    @Test
    void aNetworkEndingInAHiddenLayerIsNamedInTheLog() {
        String log = logOf(TrainConfig.builder().network("linear:64,relu").epochs(1).batchSize(40).build());
        assertTrue(log.contains("WARN") && log.contains("the network has 64 outputs") && log.contains("linear:3"), log);
    }

    @Test
    void aNetworkWithItsOutputLayerTrainsWithoutTheWarning() {
        String log = logOf(TrainConfig.builder().network("linear:64,relu,linear:3").epochs(1).batchSize(40).build());
        assertFalse(log.contains("outputs but the labels"), log);
    }
}
