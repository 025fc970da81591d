package dev.parley.notify;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** What the pending writer reads of a message.created event, without a tree. */
@Tag("store-free")
class MessageFactsTest {

    @Test
    void readsIdSenderAndKindWhateverTheOrderAndSkipsTheRest() {
        String data = "{\"other\":{\"id\":\"not this\"},\"message\":{\"text\":\"{\\\"id\\\":\\\"x\\\"}\","
                + "\"attachments\":[{\"id\":\"u-1\",\"sender_id\":\"no\"}],\"author_kind\":\"person\",\"id\":\"c-1.7\","
                + "\"reply_to\":null,\"sender_id\":\"a-ann\"}}";
        assertThat(MessageFacts.of(data)).isEqualTo(new MessageFacts("c-1.7", "a-ann", "person"));
    }

    @Test
    void aSystemLineHasNoSenderAndEventsWithoutAMessageGiveNothing() {
        assertThat(MessageFacts.of("{\"message\":{\"id\":\"c-1.2\",\"author_kind\":\"system\",\"sender_id\":null}}"))
                .isEqualTo(new MessageFacts("c-1.2", "", "system"));
        assertThat(MessageFacts.of("{\"conversation_id\":\"c-1\"}")).isNull();
        assertThat(MessageFacts.of("{\"message\":{\"text\":\"no id\"}}")).isNull();
        assertThat(MessageFacts.of("{\"message\":\"not an object\"}")).isNull();
        assertThat(MessageFacts.of("not json")).isNull();
    }
}
