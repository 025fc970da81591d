package dev.parley.safety;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Tells promotion (discounts, sales, coupon codes, "buy now") from service (refunds, shipping,
 * order numbers, prices given in answers), and says why. Each signal found adds its weight and
 * its reason; service context takes weight away, so "here is your refund code" and "your order
 * ships free" pass while "use code SAVE20 for 20% off" does not.
 *
 * @implNote Rules rather than a model: the refusal must name its reasons so an agent can fix the
 * draft, and the rules are easy to read and extend. Each pattern is tested in PromotionClassifierTest.
 */
public final class PromotionClassifier {
    public static final double THRESHOLD = 2.0;

    /** @param reasons why it reads as promotion (empty when it doesn't) */
    public record Verdict(boolean promotional, double score, List<String> reasons) {}

    private record Signal(Pattern pattern, double weight, String reason) {}

    private static Signal signal(String regex, double weight, String reason) {
        return new Signal(Pattern.compile(regex, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE), weight, reason);
    }

    private static final List<Signal> PROMOTION = List.of(
            signal("\\b\\d{1,2}\\s?%\\s?(off|discount)|\\b(off|discount)\\b.{0,20}\\d{1,2}\\s?%|\\bhalf[- ]price\\b",
                    2.0, "offers a discount"),
            signal("\\b(promo|coupon|discount|voucher)\\s?codes?\\b|\\buse (the )?code\\b|\\bcode [A-Z0-9]{4,}\\b",
                    2.0, "gives a promo code"),
            signal("\\b(flash |mega |big |summer |winter |clearance |holiday )?sale\\b|\\bclearance\\b|\\bblack friday\\b|\\bcyber monday\\b",
                    1.5, "announces a sale"),
            signal("\\b(buy|shop|order|book|grab|get yours|subscribe) (it |them |yours )?(now|today)\\b|\\bshop (the|our)\\b|\\bclaim (your|it)\\b",
                    1.5, "urges to buy"),
            signal("\\blimited[- ]time\\b|\\btoday only\\b|\\blast chance\\b|\\bends (soon|tonight|today|sunday|friday)\\b|\\bwhile (stocks|supplies) last\\b|\\bdon'?t miss\\b|\\bhurry\\b",
                    1.5, "pushes urgency"),
            signal("\\bbuy one,? get one\\b|\\bbogo\\b|\\b2 for 1\\b|\\bfree gift\\b|\\bsave (up to )?[$€£]?\\d+",
                    2.0, "offers a deal"),
            signal("\\b(exclusive|special|amazing|unbeatable|best) (offer|deal|price)s?\\b|\\bdeals?\\b",
                    1.0, "advertises an offer"),
            signal("\\bnew (collection|arrivals?|season|drop)\\b|\\bjust (dropped|launched|landed)\\b|\\bcheck out our\\b",
                    1.0, "advertises products"),
            signal("\\bfree shipping on (all )?orders\\b|\\bon orders over\\b|\\bwhen you spend\\b",
                    1.5, "conditions an offer on buying"));

    private static final List<Signal> SERVICE = List.of(
            signal("\\byour (order|refund|return|parcel|package|delivery|account|booking|reservation|ticket|request|exchange|replacement|invoice|receipt|payment|subscription)\\b",
                    -1.5, "about the customer's order"),
            signal("\\border (number |no\\.? ?)?#?\\d{3,}|\\btracking (number|link|code)\\b|\\brefund(ed)?\\b|\\breturn label\\b",
                    -1.0, "service details"),
            signal("\\b(sorry|apologi[sz]e|thanks for (your|reaching)|happy to help|let us know|as requested|you asked)\\b",
                    -0.5, "answers the customer"));

    public Verdict classify(String text) {
        String t = text.toLowerCase(Locale.ROOT);
        double score = 0;
        List<String> reasons = new ArrayList<>();
        for (Signal s : PROMOTION) {
            if (s.pattern().matcher(text).find() || s.pattern().matcher(t).find()) {
                score += s.weight();
                reasons.add(s.reason());
            }
        }
        for (Signal s : SERVICE) {
            if (s.pattern().matcher(t).find()) {
                score += s.weight();
            }
        }
        boolean promotional = score >= THRESHOLD;
        return new Verdict(promotional, score, promotional ? List.copyOf(reasons) : List.of());
    }
}
