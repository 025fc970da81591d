package dev.parley.safety;

import dev.parley.memo.Lru;
import dev.parley.text.Disguises;
import dev.parley.textmodel.Embedder;
import dev.parley.textmodel.KernelModel;
import dev.parley.textmodel.Pleasantries;
import dev.parley.textmodel.WholeWords;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Tells promotion (discounts, deals, sales, codes, launches, loyalty offers, events, invitations
 * to buy) from service (refunds, shipping, order numbers, prices and discounts given in answers),
 * and says why. Two readers decide together:
 *
 * <ul>
 *   <li><b>Rules</b>: each kind of signal found adds its weight and its reason once; service context
 *   (the customer's order, what was done for them, an apology) takes weight away, so "here is your
 *   refund" and "your order ships free" score low while "use code SAVE20 for 20% off" does not. A
 *   strong signal (a percentage off, buy-one-get-one, a sale, a code) counts alone; weaker ones (a
 *   deadline, a call to buy, a launch, a freebie) count together. They name the reasons a
 *   refusal shows, so an agent can fix the draft.</li>
 *   <li><b>A kernel model</b> ({@link KernelModel}, {@code promotion-model.json}) over the message's
 *   sentence embedding and the rules' score, plus a linear model of its words and letters
 *   ({@link dev.parley.textmodel.WordsModel}), trained on some 4,000 messages from twenty writers
 *   and kinds of business ({@code scripts/text-models/}). It catches the promotion the rules have
 *   no words for ("our autumn menu just landed: the pumpkin ravioli is something else") and lets
 *   through service replies the rules misread. It learnt each message also greeted and signed, and a signed
 *   message is read without its sign-off too ({@link Pleasantries#withoutSignOff}): "Kind regards, the team"
 *   after a promotion must not make it service; and one sentence that reads as marketing on its own (at
 *   {@value #SENTENCE_CUT}) makes a service reply with an offer tacked on promotion. It calls a message promotion from a probability
 *   set in training (the file's {@code cut}): the lowest at which at most 3% of service replies
 *   were flagged with each writer left out, since a service reply refused as promotion stops an
 *   agent answering a customer, while a missed promotion reaches a customer who is already
 *   writing to the business.</li>
 * </ul>
 *
 * Without the sentence model (the setting {@code business.promotion_model} off) the rules decide
 * alone, at {@value #THRESHOLD}.
 *
 * @implNote Rules alone were shaped on two writers' sets and caught about half of other writers'
 * promotions; the model, measured with each writer left out of training and on two blind sets, is in
 * docs/BUSINESS-MODELS.md. Verdicts are remembered per text, since automatic replies repeat and
 * one send asks more than once.
 */
public final class PromotionClassifier {
    /** The rules' score at or above which they call a message promotion, when they decide alone. */
    public static final double THRESHOLD = 2.0;
    /**
     * Shorter messages ("We do!", "👍") say too little for their embedding to mean much; the rules
     * decide them, and catch the short promotions ("50% off today!") by their words.
     */
    static final int MODEL_MIN_WORDS = 3;
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");
    /**
     * The node's own words among a business's in the FAQ bot's messages (Autoresponder): its
     * disclosure before, the heading of the starter questions after. They are not the business's
     * wording, so they must not move the verdict; the model was trained on what businesses write.
     */
    private static final Pattern BOT_DISCLOSURE = Pattern.compile("^I'm .{1,120}?(?:'s|’s|'|’) automated assistant \\(a bot\\)\\. ");
    private static final String STARTERS_HEADING = "\n\nYou can ask me, for example:\n";
    /** Named when the model decides and the rules found no reason of their own. */
    public static final String READS_AS_PROMOTION = "is marketing as a whole";
    /** Then, for a message of several sentences, the one that reads most as marketing, quoted: what to change. */
    public static final String MOST_OF_ALL = "most of all: ";
    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?…])\\s+|\\n+");
    private static final int QUOTE_CHARS = 120;
    /**
     * The model's probability at which one sentence makes the message promotion: at 0.8 an offer tacked onto a
     * service reply was caught 88 times in 100 (38 before), and 3 more service replies in 1,000 were flagged
     * (docs/BUSINESS-MODELS.md, promotion round 17); at 0.7, 93 and 9 more.
     */
    static final double SENTENCE_CUT = 0.8;
    /** How many words a chat line may have for {@link #classifyInChat}'s surer cut, and that cut. */
    static final int CHAT_LINE_WORDS = 8;
    static final double CHAT_LINE_CUT = 0.9;
    private static final int MEMO = 1024;

    /**
     * @param score   the model's probability of promotion (0 to 1), or the rules' score when they decide alone
     * @param reasons why it reads as promotion (empty when it doesn't)
     */
    public record Verdict(boolean promotional, double score, List<String> reasons) {}

    private final Embedder embedder;
    /** Null for the rules alone. */
    private final Supplier<KernelModel> model;
    private final Lru<String, Verdict> memo;

    /** The rules alone. */
    public PromotionClassifier() {
        this(null, null, MEMO);
    }

    private PromotionClassifier(Embedder embedder, Supplier<KernelModel> model, int memo) {
        this.embedder = embedder;
        this.model = model;
        this.memo = new Lru<>(memo);
    }

    /**
     * The rules and the bundled model (read at the first business message it judges, not at the
     * node's start), reading the given sentence embeddings ({@link dev.parley.textmodel.MiniLm}).
     */
    public static PromotionClassifier withModel(Embedder embedder) {
        return withModel(embedder, MEMO);
    }

    /**
     * With a memo of the given size: the evaluations read each of thousands of messages again in many
     * disguises that read back to the message as written, and a verdict is a function of that text.
     */
    static PromotionClassifier withModel(Embedder embedder, int memo) {
        return new PromotionClassifier(embedder, KernelModel.shipped(PromotionClassifier.class, "promotion-model.json", m -> {
            if (!m.classes().equals(List.of("service", "promo")) || m.extras().size() != 1 || m.cut() < 0.5) {
                throw new IllegalStateException("promotion-model.json must tell service from promo by the embedding and the rules");
            }
        }), memo);
    }

    private record Signal(Pattern pattern, double weight, String reason) {}

    private static Signal signal(String regex, double weight, String reason) {
        return new Signal(Pattern.compile(regex, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE), weight, reason);
    }

    private static final String NUM = "(?:\\d+|one|two|three|four|five|a|any|the|every)";
    private static final String DAYS = "(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|midnight|tonight"
            + "|the weekend|the (?:\\d+(?:st|nd|rd|th)|end of (?:the month|january|february|march|april|may|june|july|august|september"
            + "|october|november|december)))";
    private static final String SEASONS = "(?:christmas|xmas|easter|halloween|valentine'?s|mother'?s day|father'?s day"
            + "|thanksgiving|holiday|bank holiday|summer|winter|spring|autumn|fall|new year'?s?|black friday|back[- ]to[- ]school)";

    private static final List<Signal> PROMOTION = List.of(
            signal("\\b\\d{1,2}\\s?%\\s?(off|discount|cheaper|cashback|less)|\\b(off|discount)\\b.{0,20}\\d{1,2}\\s?%"
                    + "|\\bhalf[- ](price|off)\\b|\\bhalf off\\b|\\b[$€£]\\d+ off\\b|\\bintroductory (rate|price|offer)\\b|\\bnormally [$€£]?\\d+|\\b(now|all|are|is) \\w*\\s?(cheaper|reduced)\\b",
                    2.0, "offers a discount"),
            signal("\\b(promo|coupon|discount|voucher)\\s?codes?\\b|\\buse (the )?code\\b|\\bcode [A-Z0-9]{4,}\\b",
                    2.0, "gives a promo code"),
            signal("\\bsale\\b(?! price)(?<!\\b(was|were|went|is|are) on sale)|\\bclearance\\b|\\bmarkdowns?\\b"
                    + "|\\bblack friday\\b|\\bcyber (monday|week)\\b|\\bmust go\\b|\\bprices? (slashed|drop)\\b"
                    + "|\\b(reduced|slashed|lowered|cut) (our )?prices\\b|\\bfinal reductions\\b|\\bblowout\\b"
                    + "|\\b(big|huge) (savings|discounts)\\b|\\bsave big\\b|\\blowest prices?\\b|\\bdiscounts on (all|every)",
                    2.0, "announces a sale"),
            signal("\\bbuy (" + NUM + "|\\d+) [\\w' ]{0,25}get (" + NUM + "|the \\w+|a \\w+|\\d+)[\\w ]{0,20}(free|half|\\d+\\s?%)"
                    + "|\\bbogo\\b|\\b(two|2|three|3)[- ]for[- ](one|1|two|2)\\b|\\bfor the price of\\b"
                    + "|\\b(second|2nd|third|3rd) (\\w+ )?(half[- ]price|free|for \\$\\d)"
                    + "|\\b(pay for|book) (\\w+ ){0,2}(\\d+|two|three)\\b.{0,25}\\b(stay|get) (\\d+|three|four|the \\w+)"
                    + "|\\bpick any \\d+\\b|\\b(\\d+|two|three) \\w+ for \\$\\d+",
                    2.0, "offers a deal"),
            signal("\\b(just|only|now|from) [$€£]\\d+|\\b[$€£]\\d+(\\.\\d\\d)? instead of\\b|\\bearly[- ]bird\\b"
                    + "|\\b(special|exclusive|amazing|unbeatable|best|great) (offer|deal|price|treat)s?\\b|\\bdeals?\\b"
                    + "|\\bsave (up to )?[$€£]?\\d+|\\bsavings?\\b|\\bspecial\\b|\\bfor just\\b|\\bbottomless\\b",
                    1.5, "advertises an offer"),
            signal("\\bget (a |an |your |two |\\d+ )?(\\w+ ){0,3}free\\b|\\bfree (gift|\\w+ with|for \\d+ days)\\b"
                    + "|\\b(is|are) on us\\b|\\beat free\\b|\\bfirst (\\w+ ){0,2}(is |are )?free\\b|\\bfree (\\w+ ){0,2}(month|trial|lesson|class)"
                    + "|\\bgiveaways?\\b|\\bgoodie bags?\\b|\\bwin a\\b|\\braffle\\b|\\bfree [\\w-]+ (with|on|when|for) (every|any|all|your first|the first)"
                    + "|\\bwith (every|any) (purchase|order|main|\\w+ over)\\b|\\bfree (snacks|cake|coffee|dessert|engraving|delivery on|shipping on)",
                    1.5, "offers something free"),
            signal("\\b(this|next) (week|weekend|month)'?s? only\\b|\\b(today|tonight|this weekend) only\\b|\\bonly (today|tonight)\\b"
                    + "|\\blimited[- ](time|stock|edition|offer)\\b|\\blast (chance|call|few days)\\b|\\bends (soon|tonight|today|at|on|" + DAYS + ")"
                    + "|\\bwhile (stocks|supplies) last\\b|\\bdon'?t (miss|wait|forget)\\b|\\bhurry\\b|\\bbefore (it'?s|they'?re) gone\\b"
                    + "|\\bfirst come,? first served\\b|\\bonly \\d+ (days|spots|seats|left)\\b|\\bprices go up\\b|\\bsells? out\\b"
                    + "|\\buntil " + DAYS + "|\\bnext \\d+ hours\\b|\\bfor (a )?limited\\b|\\bearly access\\b|\\bthrough " + DAYS,
                    1.5, "pushes urgency"),
            signal("\\b(buy|shop|order|book|grab|get|reserve|subscribe|sign up|join|upgrade|pre-?order|register|enrol)( it| them| yours| your \\w+| us| up| now)?"
                    + " (now|today)\\b|\\bshop (the|our|it)\\b|\\bclaim (your|it)\\b|\\b(book|reserve) (now|your (table|spot|seat|place))\\b"
                    + "|\\bpre-?orders?\\b|\\bcome (and )?(see|try|join|celebrate|visit|in)\\b|\\bvisit us\\b|\\bstop by\\b|\\bgrab (a|an|your|one)\\b"
                    + "|\\btreat yourself\\b|\\bsign up (today|now|for|and)\\b|\\bjoin (our|us)\\b|\\bget your (tickets|\\w+ (now|today))\\b"
                    + "|\\bdownload the app\\b|\\bbe the first\\b|\\btest ride\\b|\\border yours\\b|\\bstock up\\b|\\btry (our|any|the new|it free)\\b"
                    + "|\\brefer a friend\\b|\\binvite your friends\\b|\\bswitch from\\b|\\btrade in\\b|\\bbring this message\\b|\\bnow booking\\b",
                    1.5, "urges to buy"),
            signal("\\bnew (collection|arrivals?|season|drop|range|menu|models?|line|flavou?rs?|branch|store|shop|location)\\b|\\bjust (dropped|launched|landed|arrived|opened)\\b"
                    + "|\\b(check out|introducing|meet) (our|the)\\b|\\blaunch(es|ing|ed)?\\b|\\b(brand[- ]new|all[- ]new)\\b|\\bfresh drop\\b"
                    + "|\\b(have|has) arrived\\b|\\bnow (available|open|live|in stores?)\\b|\\b(is|are) (here|live)\\b|\\b(is|are) back\\b(?! in stock)"
                    + "|\\bgrand opening\\b|\\bthe latest\\b|\\bfavou?rites are\\b|\\bnew [\\w-]+ (is|are) (in|live)\\b|\\bnew \\w+ \\w* ?(is|are) in\\b",
                    1.5, "advertises products"),
            signal("\\block in\\b.{0,30}\\b(price|rate)s?\\b|\\bfreeze (your|the|our) (rate|price)s?\\b"
                    + "|\\bbefore (our|the) .{0,30}\\b(increase|go(es)? up)\\b|\\b(prices?|rates?) go(es)? up\\b",
                    2.0, "urges to buy before prices rise"),
            signal("\\byou might (also )?(like|love|enjoy)\\b|\\bbecause you (bought|ordered|loved)\\b|\\bcustomers who bought\\b"
                    + "|\\brecommended for you\\b|\\bgo premium\\b|\\bupgrade (to|your)\\b.{0,40}\\bfor (just|only)\\b"
                    + "|\\bcomplete (the|your) (look|set)\\b|\\bwe miss you\\b|\\bit'?s been a while\\b|\\bnewsletter\\b|\\bexclusive (\\w+ )?offers\\b",
                    1.5, "sells more to the customer"),
            signal("\\b(package|bundle|tasting menu|set menu)\\b.{0,25}\\b(includes?|for [$€£]?\\d|at [$€£]\\d)|\\bbundle (&|and) save\\b"
                    + "|[$€£]\\d+(\\.\\d\\d)? includes\\b|\\bto every (order|purchase)\\b|\\bvoucher for a free\\b|\\breceive a [$€£]\\d+ voucher\\b"
                    + "|\\bget \\d+ (bonus )?points\\b|\\bnow offer(s|ing)?\\b|\\b(just|newly) added\\b",
                    1.5, "offers a package or reward"),
            signal("\\b(double|triple|bonus|extra) (loyalty )?(points|stamps)\\b|\\bearn (\\w+ ){0,2}points\\b|\\brewards? (club|program)\\b"
                    + "|\\bcollect \\d+ stamps\\b|\\bcashback\\b|\\bdouble value\\b|\\bmembers?[- ]only\\b|\\bvip\\b|\\bmembers get\\b",
                    1.5, "offers loyalty rewards"),
            signal("\\b" + SEASONS + " (menu|collection|sale|party|brunch|event|deals?|gift|offer|special|hours|favou?rites)\\b|\\bhappy (hour|" + SEASONS + ")\\b"
                    + "|\\bcelebrat(e|ing)\\b|\\bhosting\\b|\\bworkshops?\\b|\\bmasterclass\\b|\\btasting (evening|night|event)\\b|\\bopen day\\b|\\blive music\\b|\\bbirthday\\b|\\banniversary\\b"
                    + "|\\bsummer event\\b|\\b(season|year)'?s? (biggest|best)\\b|\\bbiggest (event|sale)\\b",
                    1.0, "announces an event"),
            signal("\\bfree shipping on (all |every |your first )?(orders?|everything)\\b|\\bon orders over\\b|\\bwhen you (spend|buy|upgrade|order|switch)\\b"
                    + "|\\bspend [$€£]\\d+\\b|\\bwith any purchase\\b|\\bfree shipping (this|all|every)\\b|\\bfree delivery on\\b",
                    1.5, "conditions an offer on buying"),
            signal("\\b(storewide|sitewide|everything in (the )?(store|shop)|on (all|every|everything)\\b|all (\\w+ ){0,2}(now|from)\\b|\\bselected \\w+)",
                    0.5, "covers the whole range"),
            signal("(^|[.!?:]\\s+|\\s[-\u2013\u2014]\\s+)(buy|get|try|book|order|join|grab|come|shop|enjoy|treat|earn|save|spend|refer|invite|sign up"
                    + "|upgrade|reserve|pre-?order|use|take|pick|bring|redeem|collect|trade|celebrate|meet|introducing|win|enter|discover"
                    + "|explore|love|ready for|don'?t|stop by|visit|check out|stock up|hurry|fresh|big news|new|fancy|craving|thinking about"
                    + "|looking for|pre-?book)\\b",
                    1.0, "invites the customer to buy"),
            signal("\\bfree\\b|\\bon us\\b|\\bcomplimentary\\b", 1.0, "offers something free"),
            signal("\\b(this|next|all) (week|weekend|month)\\b|\\bevery (monday|tuesday|wednesday|thursday|friday|saturday|sunday|weekday|weekend)s?\\b"
                    + "|\\bon (mondays|tuesdays|wednesdays|thursdays|fridays|saturdays|sundays)\\b|\\b(until|till|before|by) (the )?" + DAYS
                    + "|\\bduring (january|february|march|april|may|june|july|august|september|october|november|december|the)\\b",
                    1.0, "is for a limited time"),
            signal("!", 0.5, "is worded as an ad"));

    private static final List<Signal> SERVICE = List.of(
            signal("\\byour (order|refund|return|parcel|package|delivery|account|booking|reservation|ticket|request|exchange|replacement"
                    + "|invoice|receipt|payment|subscription|appointment|table|bike|repair|credit|points|gift card|balance|monthly|new (card|password)"
                    + "|password|license|trial)\\b|\\border (number |no\\.? ?)?#?\\d{3,}",
                    -1.5, "about the customer's order"),
            signal("\\btracking (number|link|code)\\b|\\brefund(ed|s)?\\b|\\breturn label\\b|\\bcredited\\b|\\bdispatched\\b|\\bbackordered\\b",
                    -1.0, "service details"),
            signal("\\b(i|we)('ve| have| had|'ll| will)? (refunded|applied|cancell?ed|moved|checked|passed|extended|upgraded|added|issued|received"
                    + "|waived|credited|confirmed|sent|set)\\b|\\b(was|were) (applied|refunded|charged|processed|delivered|dispatched|received|added)\\b"
                    + "|\\byou (were|was) (charged|overcharged)\\b|\\b(you|that you) (used|paid|bought|returned|asked|saw|got)\\b"
                    + "|\\b(because|so) (it|the|you|there)\\b|\\bwhich is why\\b|\\bdidn'?t apply\\b|\\bcouldn'?t be applied\\b",
                    -1.0, "tells what was done"),
            signal("\\b(we|as) promised\\b|\\bowed\\b|\\bwe owe you\\b", -3.0, "gives what was promised"),
            signal("\\balready (been )?applied\\b|\\bremaining on\\b|\\b(is|are|has been) confirmed\\b|\\bfree to use\\b|^(yes|no|yep|sure)\\b",
                    -1.5, "answers the customer's case"),
            signal("\\b(sorry|apologi[sz]e|apologies|thanks for (your|reaching|letting|the order)|thank you for|happy to help|let us know|let me know|as requested|you asked)\\b",
                    -0.5, "answers the customer"));

    public Verdict classify(String message) {
        String text = readable(message);
        if (model == null || words(text) < MODEL_MIN_WORDS) {
            Verdict rules = rules(text);
            return rules.promotional() ? rules : new Verdict(false, rules.score(), List.of());
        }
        return memo.get(text, this::byModel);
    }

    /**
     * A line a person of the team types in a live chat (the customer wrote within the hour): a short one the rules
     * see no offer in counts as promotion only when the model is sure of it. Read alone, short chat lines
     * ("One more thing", "Hope you love it!", "New stock arrives on Friday" answering "when will you have it?") look
     * like the short broadcasts the model learnt, and agents were refused them: 21 of 180 written blind
     * (docs/BUSINESS-MODELS.md, promotion round 18); with this reading 9, while 67 of 70 short promotions are still
     * caught. Longer lines, and lines the rules call promotion ("20% off today"), are read as always.
     */
    public Verdict classifyInChat(String message) {
        Verdict v = classify(message);
        if (!v.promotional() || v.score() >= CHAT_LINE_CUT) {
            return v;
        }
        String text = readable(message);
        boolean shortLine = WORD.matcher(text).results().count() <= CHAT_LINE_WORDS;
        return shortLine && !rules(text).promotional() ? new Verdict(false, v.score(), List.of()) : v;
    }

    /** The business's words as a reader reads them: "ＳＡＬＥ", "sаle" with a Cyrillic "а", "S A L E", "FR33". */
    private static String readable(String message) {
        return Disguises.digitsAsLetters(Disguises.undo(businessWords(message)), WholeWords::contains);
    }

    private Verdict byModel(String text) {
        Verdict rules = rules(text);
        KernelModel m = model.get();
        double p = m.probabilities(text, embedder.embedOpening(text), rules.score())[1];
        // A sign-off ("… this week only! Kind regards, the team", "… Thanks!") reads as service to the model and would
        // let a promotion pass the consent rule and the weekly cap; so a signed message is read without it too, and is
        // promotion when either reading is. Not its greeting: "Hi Jane, thanks for writing…" is how replies open.
        // The greeting counts the other way: one that reads as a mass mailing ("Hi everyone!", "Hey there 👋") flagged
        // service replies that open with it; so a greeted message is read without it too, and is promotion only when
        // both readings are. A brand gains no way past the check by it: the message as written is one of the readings.
        p = Math.min(p, withoutGreeting(m, text));
        String unsigned = Pleasantries.withoutSignOff(text);
        if (!unsigned.equals(text) && words(unsigned) >= MODEL_MIN_WORDS) {
            p = Math.max(p, Math.min(promotion(m, unsigned), withoutGreeting(m, unsigned)));
        }
        Optional<Sentence> most = Optional.empty();
        boolean bySentence = false;
        if (p < m.cut()) {
            // An offer tacked onto a service reply ("Your order has shipped. Boxing Day sale: up to 60% off
            // storewide.") reads as service as a whole; its sentence alone does not. A sentence counts at a
            // surer cut than a message, since out of context a service line ("Want us to go ahead?") can
            // sound like selling.
            most = mostPromotionalSentence(m, unsigned);
            bySentence = most.isPresent() && most.get().p() >= SENTENCE_CUT;
            p = bySentence ? most.get().p() : p;
        } else if (!rules.promotional()) {
            most = mostPromotionalSentence(m, unsigned);
        }
        boolean promotional = p >= m.cut();
        List<String> reasons = new ArrayList<>();
        if (promotional) { // the rules' reasons when they call it promotion too; else the model's, then what the rules saw
            if (!rules.promotional()) {
                reasons.add(READS_AS_PROMOTION);
                most.ifPresent(q -> reasons.add(MOST_OF_ALL + q.quote()));
            }
            reasons.addAll(rules.reasons());
            if (rules.promotional() && bySentence) { // the rules' words, and the sentence that decided
                most.ifPresent(q -> reasons.add(MOST_OF_ALL + q.quote()));
            }
        }
        return new Verdict(promotional, p, List.copyOf(reasons));
    }

    /** How much the model reads the text without its greeting as marketing; 1 (no say) when it has none. */
    private double withoutGreeting(KernelModel m, String text) {
        String g = Pleasantries.withoutGreeting(text);
        if (g.equals(text) || words(g) < MODEL_MIN_WORDS) {
            return 1;
        }
        return promotion(m, g);
    }

    /** How much the model reads a text (a reading of the message, or one sentence of it) as marketing. */
    private double promotion(KernelModel m, String text) {
        return m.probabilities(text, embedder.embedOpening(text), rules(text).score())[1];
    }

    /** A message's sentence and how much the model reads it as marketing. */
    private record Sentence(String text, double p) {
        String quote() {
            return "\u201c" + (text.length() > QUOTE_CHARS ? text.substring(0, QUOTE_CHARS - 1).stripTrailing() + "…" : text)
                    + "\u201d";
        }
    }

    /**
     * Of a message of two sentences or more (of three words or more each), the one the model reads most as
     * marketing: quoted in a refusal, since the rules name no words for it and an agent who sees which sentence it
     * was can take it out; and read alone, since a pitch hides in a service reply.
     */
    private Optional<Sentence> mostPromotionalSentence(KernelModel m, String text) {
        List<String> sentences = SENTENCE_END.splitAsStream(text.strip()).map(String::strip)
                .filter(x -> words(x) >= MODEL_MIN_WORDS).toList();
        if (sentences.size() < 2) {
            return Optional.empty();
        }
        Sentence best = null;
        for (String sentence : sentences) {
            double p = promotion(m, sentence);
            if (best == null || p > best.p()) {
                best = new Sentence(sentence, p);
            }
        }
        return Optional.of(best);
    }

    /** The message without the node's own words among the business's ({@link #BOT_DISCLOSURE}). */
    public static String businessWords(String message) {
        return BOT_DISCLOSURE.matcher(message).replaceFirst("").replace(STARTERS_HEADING, "\n\n");
    }

    private static int words(String text) {
        return (int) WORD.matcher(text).results().limit(MODEL_MIN_WORDS).count();
    }

    /**
     * The rules' verdict alone: promotion at a score of {@value #THRESHOLD} or more; the reasons
     * they saw even below it (the model's verdict may name them).
     */
    static Verdict rules(String text) {
        double score = 0;
        List<String> reasons = new ArrayList<>();
        for (Signal s : PROMOTION) {
            if (s.pattern().matcher(text).find()) {
                score += s.weight();
                if (!reasons.contains(s.reason())) { // a strong and a weak form of one reason: name it once
                    reasons.add(s.reason());
                }
            }
        }
        for (Signal s : SERVICE) {
            if (s.pattern().matcher(text).find()) {
                score += s.weight();
            }
        }
        return new Verdict(score >= THRESHOLD, score, List.copyOf(reasons));
    }
}
