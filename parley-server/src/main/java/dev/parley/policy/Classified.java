package dev.parley.policy;

import dev.parley.safety.PromotionClassifier;

/**
 * One text as the promotion classifier reads it, each reading made at most once: a send's rules
 * read it for the decision and again for what the approval records, and the dry run
 * ({@code …/messages/check}) for its own decision, the whole chain's and the reasons it shows.
 * Before, each of those asked the classifier anew. Not thread-safe: one request's.
 */
public final class Classified {
    private final PromotionClassifier classifier;
    private final String text;
    private PromotionClassifier.Verdict plain;
    private PromotionClassifier.Verdict inChat;

    Classified(PromotionClassifier classifier, String text) {
        this.classifier = classifier;
        this.text = text;
    }

    public String text() {
        return text;
    }

    /** The text read alone. */
    public PromotionClassifier.Verdict plain() {
        if (plain == null) {
            plain = classifier.classify(text);
        }
        return plain;
    }

    /** The text read as a person's line in a live chat ({@link PromotionClassifier#classifyInChat}). */
    PromotionClassifier.Verdict inChat() {
        if (inChat == null) {
            inChat = classifier.classifyInChat(text);
        }
        return inChat;
    }
}
