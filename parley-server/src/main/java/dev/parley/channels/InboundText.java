package dev.parley.channels;

import dev.parley.message.MessageService;
import java.util.Map;

/**
 * The text a network's event shows as in the thread. Attachments, shared posts and reels are
 * links (the network's URLs are short-lived; the thread keeps what the customer sent, by link);
 * a story reply names the story; what Parley cannot show says so, so nothing is lost silently.
 */
final class InboundText {
    private static final Map<String, String> LABELS = Map.of("image", "Photo", "audio", "Voice message",
            "video", "Video", "file", "File", "share", "Shared post", "ig_reel", "Reel", "reel", "Reel",
            "fallback", "Link", "story_mention", "Story");
    static final String UNSUPPORTED = "This message can't be shown in Parley (the network does not hand it over). "
            + "Open the network's app to see it.";

    private InboundText() {}

    static String of(Inbound e) {
        StringBuilder out = new StringBuilder();
        switch (e.kind()) {
            case STORY_REPLY -> out.append("Replied to your story").append(e.payload() == null ? "" : " " + e.payload())
                    .append(e.text() == null ? "" : ":\n" + e.text());
            case STORY_MENTION -> out.append("Mentioned you in their story")
                    .append(e.payload() == null ? "" : ": " + e.payload());
            case POSTBACK -> out.append(e.text() != null && !e.text().isBlank() ? e.text() : "Chose: " + e.payload());
            case UNSUPPORTED -> out.append(UNSUPPORTED);
            default -> out.append(e.text() == null ? "" : e.text());
        }
        if (e.kind() != Inbound.Kind.STORY_MENTION) {
            for (Inbound.Attachment a : e.attachments()) {
                if (out.length() > 0) {
                    out.append('\n');
                }
                out.append(LABELS.getOrDefault(a.type(), "Attachment")).append(": ")
                        .append(a.url() != null ? a.url() : a.name() != null ? a.name() : "(no link)");
            }
        }
        String text = clean(out.toString());
        return text.isBlank() ? UNSUPPORTED : text;
    }

    /** No control characters but line breaks and tabs, and no more than a message holds. */
    private static String clean(String raw) {
        StringBuilder b = new StringBuilder(raw.length());
        raw.codePoints().filter(cp -> cp == '\n' || cp == '\t' || !Character.isISOControl(cp))
                .filter(cp -> !(cp >= 0xD800 && cp <= 0xDFFF)).forEach(b::appendCodePoint);
        String s = b.toString();
        if (s.codePointCount(0, s.length()) > MessageService.MAX_TEXT) {
            s = s.substring(0, s.offsetByCodePoints(0, MessageService.MAX_TEXT));
        }
        return s;
    }
}
