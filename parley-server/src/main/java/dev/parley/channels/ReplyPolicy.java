package dev.parley.channels;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A network's rules for a business's replies.
 *
 * @param window           how long after the customer's last message a reply may go (null: no window, X)
 * @param humanAgentWindow how long a person's reply may go with the HUMAN_AGENT tag (null: none)
 * @param media            the files the network takes as attachments, first match wins; a type no
 *                         rule names is refused
 * @param maxTextChars     the longest text the network takes
 */
public record ReplyPolicy(Duration window, Duration humanAgentWindow, List<Media> media, int maxTextChars) {

    public ReplyPolicy {
        media = List.copyOf(media);
    }

    /**
     * One kind of attachment a network takes.
     *
     * @param kind     the network's name for it (Meta's {@code image}, {@code audio}, {@code video}, {@code file})
     * @param types    the content types it covers; {@code "audio/*"} covers a whole family, {@code "*"} anything
     * @param maxBytes the largest such file the network takes
     */
    public record Media(String kind, Set<String> types, long maxBytes) {
        public Media {
            types = Set.copyOf(types);
        }

        boolean covers(String type) {
            int slash = type.indexOf('/');
            return types.contains(type) || types.contains("*") || (slash > 0 && types.contains(type.substring(0, slash) + "/*"));
        }
    }

    /** Why the network will not take a file, as a stable code and a sentence for the person sending it. */
    public record Refusal(String code, String detail) {
        public static final String TYPE = "channel_attachment_type";
        public static final String TOO_LARGE = "channel_attachment_too_large";
    }

    /** The rule a file of this type falls under, if the network takes such files at all. */
    public Optional<Media> mediaFor(String contentType) {
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        return media.stream().filter(m -> m.covers(type)).findFirst();
    }

    /** Why the network would refuse this file (its detail goes on after the file's name), or empty when it takes it. */
    public Optional<Refusal> refusal(String networkName, String contentType, long bytes) {
        Optional<Media> rule = mediaFor(contentType);
        if (rule.isEmpty()) {
            return Optional.of(new Refusal(Refusal.TYPE, "is a kind of file " + networkName + " can't take ("
                    + contentType + ")."));
        }
        if (bytes > rule.get().maxBytes()) {
            return Optional.of(new Refusal(Refusal.TOO_LARGE, "is too large for " + networkName + ", which takes "
                    + rule.get().kind() + " files of up to " + (rule.get().maxBytes() >> 20) + " MB."));
        }
        return Optional.empty();
    }
}
