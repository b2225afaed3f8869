package org.sparkmlp.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.FileAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;

/**
 * Where Spark's task-failure log lines go: conf/log4j2.properties sends them to a file (appender
 * {@value #APPENDER}) rather than the console, so that a refused row prints its one clear line. Without
 * that configuration (another log4j setup), nothing here changes anything.
 */
final class TaskLog {
    static final String APPENDER = "tasklog";
    private static final String[] LOGGERS = {"org.apache.spark.executor.Executor",
        "org.apache.spark.scheduler.TaskSetManager"};

    private TaskLog() {}

    /** Sends the task-failure lines to the console too ({@code --verbose}). */
    static void alsoToConsole() {
        if (!(LogManager.getContext(false) instanceof LoggerContext ctx)) {
            return;
        }
        Configuration config = ctx.getConfiguration();
        Appender console = config.getAppender("console");
        if (console == null) {
            return;
        }
        for (String name : LOGGERS) {
            LoggerConfig logger = config.getLoggerConfig(name);
            if (logger.getName().equals(name) && !logger.getAppenders().containsKey(console.getName())) {
                logger.addAppender(console, null, null);
            }
        }
        ctx.updateLoggers();
    }

    /** The task log's file when it exists and was written since {@code sinceMillis}; else null. */
    static Path writtenSince(long sinceMillis) {
        if (!(LogManager.getContext(false) instanceof LoggerContext ctx)
            || !(ctx.getConfiguration().getAppender(APPENDER) instanceof FileAppender file)) {
            return null;
        }
        Path path = Path.of(file.getFileName());
        try {
            return Files.isRegularFile(path) && Files.getLastModifiedTime(path).toMillis() >= sinceMillis - 1000
                ? path : null;
        } catch (java.io.IOException e) {
            return null;
        }
    }
}
