package dev.parley.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/** What the node logged at WARN or above while a piece of a test ran (in this JVM). */
public final class Logs {
    /** A piece of a test that may throw what the test throws. */
    @FunctionalInterface
    public interface Body<E extends Exception> {
        void run() throws E;
    }

    private Logs() {}

    public static <E extends Exception> List<ILoggingEvent> warningsWhile(Body<E> body) throws E {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        root.addAppender(lines);
        try {
            body.run();
        } finally {
            root.detachAppender(lines);
        }
        return lines.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN)).toList();
    }
}
