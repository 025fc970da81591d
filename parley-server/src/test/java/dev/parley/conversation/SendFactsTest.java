package dev.parley.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The send checks' cache never keeps what a read found if a write committed while it read. */
@Tag("store-free")
class SendFactsTest {
    static final Instant T = Instant.parse("2026-01-05T10:00:00Z");

    static ConversationStore.WithMembers facts(String folder, long lastSeq) {
        return new ConversationStore.WithMembers(new Conversation("c1", Conversation.DIRECT, null, "a", T, T, lastSeq),
                List.of(new Member("c1", "a", Member.ADMIN, Member.INBOX, 0, false, T),
                        new Member("c1", "b", Member.MEMBER, folder, 0, false, T)));
    }

    @Test
    void aReadWithNoWriteMeanwhileIsKeptAndAWriteDropsIt() {
        SendFacts f = new SendFacts();
        f.loaded("c1", facts(Member.INBOX, 3), f.changeCount());
        assertThat(f.get("c1")).contains(facts(Member.INBOX, 3));
        try (Handle h = Jdbi.open("jdbc:sqlite::memory:")) {
            f.changed(h, "c1");
        }
        assertThat(f.get("c1")).isEmpty();
    }

    @Test
    void aReadRacingAWriteIsNotKept() {
        SendFacts f = new SendFacts();
        long before = f.changeCount();
        try (Handle h = Jdbi.open("jdbc:sqlite::memory:")) {
            f.changed(h, "c1"); // commits while the read was under way: what it found may be old
        }
        f.loaded("c1", facts(Member.REQUESTS, 3), before);
        assertThat(f.get("c1")).isEmpty();
    }

    @Test
    void theGroupCommitMovesSeqAndReadPointerInPlaceAtCommit() {
        SendFacts f = new SendFacts();
        f.loaded("c1", facts(Member.INBOX, 3), f.changeCount());
        try (Handle h = Jdbi.open("jdbc:sqlite::memory:")) {
            h.useTransaction(t -> {
                f.sent(t, Map.of("c1", 5L), T.plusSeconds(1), Map.of("c1", Map.of("a", 5L)));
                assertThat(f.get("c1").orElseThrow().conversation().lastSeq()).isEqualTo(3); // not before commit
            });
        }
        ConversationStore.WithMembers now = f.get("c1").orElseThrow();
        assertThat(now.conversation().lastSeq()).isEqualTo(5);
        assertThat(now.conversation().updatedAt()).isEqualTo(T.plusSeconds(1));
        assertThat(now.member("a").orElseThrow().readSeq()).isEqualTo(5);
        assertThat(now.member("b").orElseThrow().readSeq()).isZero();
    }
}
