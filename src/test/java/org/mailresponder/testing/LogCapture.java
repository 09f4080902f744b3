package org.mailresponder.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import org.slf4j.LoggerFactory;

/** Everything one logger (and those below it) writes while the capture is open, as {@code LEVEL logger - message}. */
public final class LogCapture implements AutoCloseable {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final Logger logger;
    private final OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();

    private LogCapture(String loggerName) {
        LoggerContext lc = (LoggerContext) LoggerFactory.getILoggerFactory();
        PatternLayoutEncoder enc = new PatternLayoutEncoder();
        enc.setContext(lc);
        enc.setPattern("%level %logger - %msg%n%ex{full}");
        enc.start();
        appender.setContext(lc);
        appender.setEncoder(enc);
        appender.setOutputStream(bytes);
        appender.start();
        logger = lc.getLogger(loggerName);
        logger.addAppender(appender);
    }

    /** @param loggerName a logger, or {@link org.slf4j.Logger#ROOT_LOGGER_NAME} for all of them */
    public static LogCapture of(String loggerName) {
        return new LogCapture(loggerName);
    }

    public String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        appender.stop();
    }
}
