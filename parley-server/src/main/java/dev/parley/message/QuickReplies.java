package dev.parley.message;

import java.util.ArrayList;
import java.util.List;

/**
 * The FAQ bot's starter questions as buttons (a message's {@code quick_replies}): the bot writes
 * them at the end of its text as a bulleted list ({@link #block}), so a client that ignores the
 * field still reads them, and every view of a {@code bot} message reads them back from that text
 * ({@link #of}). Derived at render time rather than stored: no column, no migration, and the
 * bot's greetings sent before this existed get their buttons too. A person's message (or an
 * agent's, or automation's) never carries them, whatever its text says.
 */
public final class QuickReplies {
    /** The line that opens the list: the bot's own words, so no one else's text is read as buttons. */
    static final String LEAD = "\n\nYou can ask me, for example:\n";
    private static final String BULLET = "• ";
    /** As many as a business may set ({@code faq_bot.starter_questions}). */
    private static final int MAX = 4;

    private QuickReplies() {}

    /** The bot's list of questions to end its text with; empty for none. */
    public static String block(List<String> questions) {
        if (questions.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder(LEAD);
        for (int i = 0; i < questions.size(); i++) {
            b.append(i == 0 ? "" : "\n").append(BULLET).append(questions.get(i));
        }
        return b.toString();
    }

    /** The questions a bot message's text ends with, as {@link #block} wrote them; empty for any other message. */
    static List<String> of(AuthorKind author, boolean deleted, String text) {
        if (author != AuthorKind.BOT || deleted || text == null) {
            return List.of();
        }
        int at = text.lastIndexOf(LEAD);
        if (at < 0) {
            return List.of();
        }
        String[] lines = text.substring(at + LEAD.length()).split("\n", -1);
        if (lines.length > MAX) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            String q = line.startsWith(BULLET) ? line.substring(BULLET.length()).strip() : "";
            if (q.isEmpty()) {
                return List.of(); // not the bot's list after all: no buttons rather than odd ones
            }
            out.add(q);
        }
        return List.copyOf(out);
    }
}
