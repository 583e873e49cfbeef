package io.ferspark.jobs.s3;

import java.io.StringWriter;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.layout.PatternLayout;

/**
 * Every log line written while it is open, with stack traces, so a test can prove that no secret
 * reached a log: what the root logger passes, plus all of S3A at DEBUG (those go to this capture
 * only, not to the console).
 */
final class CapturedLogs implements AutoCloseable {

  private static final String S3A_LOGGER = "org.apache.hadoop.fs.s3a";

  private final StringWriter text = new StringWriter();
  private final LoggerContext context = (LoggerContext) LogManager.getContext(false);
  private final WriterAppender appender;
  private final LoggerConfig previousS3a;

  CapturedLogs() {
    Configuration config = context.getConfiguration();
    PatternLayout layout = PatternLayout.newBuilder().withConfiguration(config).withPattern("%p %c: %m%n%ex").build();
    appender = WriterAppender.newBuilder().setName("captured-" + System.nanoTime()).setLayout(layout).setTarget(text).build();
    appender.start();
    config.addAppender(appender);
    config.getRootLogger().addAppender(appender, null, null);
    previousS3a = config.getLoggers().get(S3A_LOGGER);
    LoggerConfig s3a = LoggerConfig.newBuilder().withLoggerName(S3A_LOGGER).withLevel(Level.DEBUG)
        .withAdditivity(false).withConfig(config).build();
    s3a.addAppender(appender, null, null);
    config.removeLogger(S3A_LOGGER);
    config.addLogger(S3A_LOGGER, s3a);
    context.updateLoggers();
  }

  String text() {
    return text.toString();
  }

  @Override
  public void close() {
    Configuration config = context.getConfiguration();
    config.removeLogger(S3A_LOGGER);
    if (previousS3a != null) {
      config.addLogger(S3A_LOGGER, previousS3a);
    }
    config.getRootLogger().removeAppender(appender.getName());
    context.updateLoggers();
    appender.stop();
  }
}
