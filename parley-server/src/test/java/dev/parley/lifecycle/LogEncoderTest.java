package dev.parley.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** What a log shipper and an operator reading the console see of one line. */
@Tag("store-free")
class LogEncoderTest {
    private static final long AT = Instant.parse("2026-12-07T18:25:03.120Z").toEpochMilli();

    private static String encode(LogEncoder encoder, Throwable thrown) {
        LoggerContext context = new LoggerContext();
        encoder.setContext(context);
        encoder.start();
        LoggingEvent e = new LoggingEvent("dev.parley.Main", context.getLogger("dev.parley.Main"), Level.INFO,
                "Parley serving on http://{}:{}", thrown, new Object[] {"127.0.0.1", 8080});
        e.setTimeStamp(AT);
        return new String(encoder.encode(e), StandardCharsets.UTF_8);
    }

    @AfterEach
    void backToText() {
        LogEncoder.use("text");
    }

    @Test
    void jsonCarriesTheRenderedMessageAndAnIsoTime() throws Exception {
        LogEncoder.use("json");
        String line = encode(new LogEncoder(), new IllegalStateException("boom"));
        assertThat(line).endsWith("}\n").doesNotContain("{}");
        JsonNode json = new ObjectMapper().readTree(line);
        assertThat(json.get("message").asText()).isEqualTo("Parley serving on http://127.0.0.1:8080");
        assertThat(json.get("time").asText()).isEqualTo("2026-12-07T18:25:03.120Z");
        assertThat(json.get("level").asText()).isEqualTo("INFO");
        assertThat(json.get("logger").asText()).isEqualTo("dev.parley.Main");
        assertThat(json.get("exception").asText()).contains("IllegalStateException: boom");
    }

    /** A node runs for days: a time without its date (and zone) cannot be placed. */
    @Test
    void textLinesCarryTheDateAndZone() {
        assertThat(encode(new LogEncoder(), null))
                .isEqualTo("2026-12-07T18:25:03.120Z INFO  dev.parley.Main - Parley serving on http://127.0.0.1:8080\n");
    }
}
