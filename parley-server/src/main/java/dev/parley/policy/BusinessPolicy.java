package dev.parley.policy;

import dev.parley.config.RuleProfile;
import dev.parley.safety.PromotionClassifier;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The rules that keep brands from spamming: a business answers within the reply window after the
 * customer's last message (longer for a reply a human agent writes); it opens conversations only
 * as requests, with a first message written for that person (not a blast), under a daily cap;
 * and it sends promotion only to customers who opted in, under a frequency cap. Each refusal
 * names its rule: {@code outside_window}, {@code not_personal}, {@code outreach_limit},
 * {@code promotional_content} (no opt-in) and {@code promotion_cap_reached} (opted in, but over the
 * weekly cap: a different fix, so a different code).
 */
public final class BusinessPolicy {
    /** A first message counts as a blast when this many other prospects got the same one in a day. */
    public static final int BLAST_RECIPIENTS = 2;
    private static final Duration DAY = Duration.ofHours(24);
    private static final Duration WEEK = Duration.ofDays(7);
    /** How recently the customer wrote for a person's reply to count as live chat ({@link PromotionClassifier#classifyInChat}). */
    private static final Duration LIVE_CHAT = Duration.ofHours(1);

    private final RuleProfile rules;
    private final BusinessFacts facts;
    private final PromotionClassifier classifier;
    private final int outreachPerDay;
    private final int promotionsPerWeek;

    public BusinessPolicy(RuleProfile rules, BusinessFacts facts, PromotionClassifier classifier, int outreachPerDay,
                          int promotionsPerWeek) {
        this.rules = rules;
        this.facts = facts;
        this.classifier = classifier;
        this.outreachPerDay = outreachPerDay;
        this.promotionsPerWeek = promotionsPerWeek;
    }

    /**
     * May the business send this text to a customer in an existing conversation now?
     *
     * @param human written by a human agent (the longer window applies), not by automation
     */
    public Decision reply(String businessId, String customerId, String conversationId, String text, boolean human,
                          Instant now) {
        return reply(businessId, customerId, conversationId, classified(text), human, now);
    }

    /** {@link #reply(String, String, String, String, boolean, Instant)} for a text whose readings may be shared. */
    public Decision reply(String businessId, String customerId, String conversationId, Classified text, boolean human,
                          Instant now) {
        Optional<Instant> last = facts.lastMessageFrom(conversationId, customerId);
        // A person answering a customer who wrote within the hour is chatting: short lines read as chat lines.
        boolean chatting = human && last.isPresent() && !now.isAfter(last.get().plus(LIVE_CHAT));
        PromotionClassifier.Verdict verdict = chatting ? text.inChat() : text.plain();
        if (verdict.promotional()) {
            return promotion(businessId, customerId, verdict, now);
        }
        Duration window = human ? rules.humanAgentReplyWindow() : rules.businessReplyWindow();
        if (last.isEmpty()) {
            return Decision.refuse("outside_window", "The customer hasn't written yet; a business can answer only "
                    + "after the customer's message.");
        }
        if (now.isAfter(last.get().plus(window))) {
            return Decision.refuse("outside_window", "The customer last wrote more than " + human(window)
                    + " ago" + (human ? "" : " (a reply written by a human agent may be sent for "
                    + human(rules.humanAgentReplyWindow()) + ")") + ".");
        }
        return Decision.inbox();
    }

    /**
     * Why this text reads as promotion, or empty when it does not: what the business may send only to
     * customers who opted in (an FAQ answer the bot would otherwise give everyone).
     */
    public Optional<List<String>> promotionReasons(String text) {
        PromotionClassifier.Verdict verdict = classifier.classify(text);
        return verdict.promotional() ? Optional.of(verdict.reasons()) : Optional.empty();
    }

    /** Promotion needs the customer's opt-in and stays under the frequency cap, window or not. */
    private Decision promotion(String businessId, String customerId, PromotionClassifier.Verdict verdict, Instant now) {
        List<String> reasons = verdict.reasons();
        if (!facts.consented(businessId, customerId)) {
            return Decision.refuse("promotional_content", "This reads as promotion (" + String.join(", ", reasons)
                    + ") and the customer hasn't opted in to promotional messages.", reasons);
        }
        if (facts.promotionsSince(businessId, customerId, now.minus(WEEK)) >= promotionsPerWeek) {
            List<String> capped = new ArrayList<>(reasons);
            capped.add("over the cap of " + promotionsPerWeek + " promotional messages a week");
            return Decision.refuse("promotion_cap_reached", "This customer already got " + promotionsPerWeek
                    + " promotional messages this week.", capped);
        }
        return new Decision(true, null, null, Decision.INBOX, reasons);
    }

    /**
     * May the business open a conversation with this first message? It lands as a request.
     *
     * @param recipientNames the recipient's handle and names, taken out before comparing first messages
     */
    public Decision outreach(String businessId, String recipientId, Collection<String> recipientNames, String text,
                             Instant now) {
        return outreach(businessId, recipientId, recipientNames, classified(text), now);
    }

    /** {@link #outreach(String, String, Collection, String, Instant)} for a text whose readings may be shared. */
    public Decision outreach(String businessId, String recipientId, Collection<String> recipientNames, Classified classified,
                             Instant now) {
        String text = classified.text();
        if (facts.outreachSince(businessId, now.minus(DAY)) >= outreachPerDay) {
            return Decision.refuse("outreach_limit", "A business may open at most " + outreachPerDay
                    + " new conversations a day.");
        }
        PromotionClassifier.Verdict verdict = classified.plain();
        if (verdict.promotional() && !facts.consented(businessId, recipientId)) {
            return Decision.refuse("promotional_content", "A first message can't be promotion (" + String.join(", ",
                    verdict.reasons()) + "); write to the person about why you're reaching out.", verdict.reasons());
        }
        String print = fingerprint(text, recipientNames);
        if (facts.recipientsWithFingerprintSince(businessId, print, recipientId, now.minus(DAY)) >= BLAST_RECIPIENTS) {
            return Decision.refuse("not_personal", "You sent this same message to " + BLAST_RECIPIENTS
                    + " others today; write a first message for this person.");
        }
        return Decision.request(null);
    }

    /**
     * The text with the recipient's names taken out, case and punctuation folded. Only name words
     * that hold a letter are taken out (a handle's digits are not a name), handles whole.
     */
    public static String fingerprint(String text, Collection<String> names) {
        String t = " " + text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}_]+", " ") + " ";
        for (String name : names) {
            for (String word : name.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}_]+")) {
                if (word.chars().anyMatch(Character::isLetter)) {
                    t = t.replace(" " + word + " ", " ");
                }
            }
        }
        return t.trim().replaceAll("\\s+", " ");
    }

    /** The text, to be read by the classifier at most once per reading however many rules ask. */
    public Classified classified(String text) {
        return new Classified(classifier, text);
    }

    public boolean isPromotional(String text) {
        return classifier.classify(text).promotional();
    }

    public PromotionClassifier.Verdict classify(String text) {
        return classifier.classify(text);
    }

    private static String human(Duration d) {
        long hours = d.toHours();
        return hours % 24 == 0 ? (hours / 24) + (hours == 24 ? " day" : " days") : hours + " hours";
    }
}
