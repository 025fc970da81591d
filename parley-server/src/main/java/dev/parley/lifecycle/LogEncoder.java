package dev.parley.lifecycle;

import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.encoder.EncoderBase;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The node's one log encoder: text lines, or one JSON object a line for log shippers
 * ({@code log.format}). One appender whose format is switched, rather than logback.xml choosing an
 * appender by the variable's name: a misspelt value then named no appender and silenced every line
 * for the node's life, and the settings file could not choose at all. A bad value is refused at start
 * with the other settings ({@code Keys.LOG_FORMAT}); until the settings are read, a valid
 * {@code PARLEY_LOG_FORMAT} already applies so that the first lines have the format of the rest.
 *
 * <p>Text lines carry the date and zone ({@code 2026-12-07T18:25:03.123Z}): a node runs for days.
 * A JSON line holds the rendered message (never the {@code {}} template), an ISO-8601 time, the
 * level, logger and thread, and the stack when there is one.
 */
public final class LogEncoder extends EncoderBase<ILoggingEvent> {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static volatile boolean json = "json".equals(System.getenv("PARLEY_LOG_FORMAT"));

    private PatternLayout text;

    /** Switches every line from now on to {@code format} ({@code text} or {@code json}, already validated). */
    public static void use(String format) {
        json = "json".equals(format);
    }

    @Override
    public void start() {
        text = new PatternLayout();
        text.setContext(getContext());
        text.setPattern("%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX, UTC} %-5level %logger{24} - %msg%n");
        text.start();
        super.start();
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        return (json ? json(event) : text.doLayout(event)).getBytes(StandardCharsets.UTF_8);
    }

    private static String json(ILoggingEvent event) {
        ObjectNode line = JSON.createObjectNode();
        line.put("time", Instant.ofEpochMilli(event.getTimeStamp()).toString());
        line.put("level", event.getLevel().toString());
        line.put("logger", event.getLoggerName());
        line.put("thread", event.getThreadName());
        line.put("message", event.getFormattedMessage());
        IThrowableProxy thrown = event.getThrowableProxy();
        if (thrown != null) {
            line.put("exception", ThrowableProxyUtil.asString(thrown));
        }
        return line + "\n";
    }

    @Override
    public byte[] headerBytes() {
        return null;
    }

    @Override
    public byte[] footerBytes() {
        return null;
    }
}
