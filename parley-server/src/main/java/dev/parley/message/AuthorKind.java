package dev.parley.message;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * Who wrote a message, as a customer or a client may tell it: a person for themselves, an agent
 * for a business, an automatic reply, a bot, or the system. Decided once, at write time, and
 * stored with the message, so rendering it costs no lookup.
 */
public enum AuthorKind {
    /** Anyone writing for themselves. */
    PERSON,
    /** A person writing for a business. */
    AGENT,
    /** An instant reply, an away message, an integration writing through an agent's session. */
    AUTOMATION,
    /** The FAQ bot, or an external bot through its token. */
    BOT,
    /**
     * A line of a group's life such as "Ann renamed the group", written by the server with the
     * change ({@link SystemMessages}): never unread, notified, searched or answered.
     */
    SYSTEM;

    /** The stored and wire spelling. */
    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Written by no person: a business's response figures and read pointers leave it out. */
    public boolean automated() {
        return this == AUTOMATION || this == BOT;
    }

    /** A person's send: for a business when an agent acts for it. */
    public static AuthorKind personOrAgent(String agentId) {
        return agentId == null ? PERSON : AGENT;
    }

    public static AuthorKind parse(String stored) {
        return valueOf(stored.toUpperCase(Locale.ROOT));
    }
}
