package dev.parley.textmodel;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A customer's message without the greeting before it, the thanks after it, emoji and repeated marks: "Hi there,
 * how much is membership?? Thanks! 🙂" is read as "how much is membership?". Customers write to a business as to
 * a person, and the sentence model weighs every word: the FAQ bot, whose entries are bare questions, answered the
 * blind sets' paraphrases opened with "Good morning," or closed with " Thanks!" right 10 to 14 points less often,
 * and answered unrelated questions after "Hi there," or an emoji; triage took a complaint that ended "Thanks!" for
 * praise (docs/BUSINESS-MODELS.md, "Greetings, thanks and emoji").
 *
 * <p>Only the message's edges are read: a greeting at its start ("hi", "hello there", "good morning",
 * "hey team", "Hi Sarah,"), a thanks or sign-off at its end ("thanks in advance", "cheers", "x",
 * "Thanks, John"). A word that could start a question ("morning classes?") goes only when punctuation
 * marks it as a greeting ("Morning! …"). A message that is nothing but these stays as written.
 */
public final class Pleasantries {
    /** Greetings that open a message whatever follows them. */
    private static final String ALWAYS = "hi+|hello+|hey+|heya|hiya|howdy|hallo|greetings|good (?:morning|afternoon|evening)"
            + "|dear (?:sir or madam|sir/madam|sir|madam|team|all)";
    /** Greetings that are words of a question too ("morning classes"), so only with a mark after them. */
    private static final String MARKED = "morning|afternoon|evening|good day|yo|(?:just )?(?:a )?quick (?:question|one|q)";
    private static final String WHOM = "(?:\\s+(?:there|all|everyone|everybody|guys|team|folks|again|both|mate|friends|y'?all"
            + "|sir or madam|sir|madam))?";
    /** The mark after a greeting: a comma, stop or colon, or a dash set apart ("Hi - …"; "hi-fi", "yo-yo" are words). */
    private static final String MARK = "(?:\\s*[,!.:;]+|\\s+[\u2014\u2013-]+|[\u2014\u2013]+)";
    /** A greeting, whom it greets, and a name it may carry before a comma or mark ("Hi Sarah,"). */
    private static final Pattern GREETING = Pattern.compile("^\\s*(?:"
            + "(?:" + ALWAYS + ")" + WHOM + "(?:\\s+(?-i:\\p{Lu})[\\p{L}'’-]*){0,3}" + MARK
            + "|(?:" + ALWAYS + ")" + WHOM + "\\s+" // a space after it: "hi-fi" is no greeting
            + "|(?:" + MARKED + ")" + WHOM + MARK
            + ")\\s*", Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    private static final String THANKS = "thanks|thank you|thankyou|thanx|thx|ty|tia|ta|cheers|many thanks|much appreciated"
            + "|appreciate it|i appreciate it|kind regards|best regards|regards|best wishes|all the best";
    private static final String MORE = "(?:[\\s,]+(?:so much|very much|in advance|a lot|again|for (?:your|the) help|guys|team|all"
            + "|mate|x+))*";
    /** Who signs: "John", "the team", "the Ironworks team", "Sam Lee", and where from: "Jo at Bloom", "Kim @ Peak Cycles". */
    private static final String SIGNED = "(?:[\\s,]+(?:(?:the\\s+)?(?:(?-i:\\p{Lu})[\\p{L}'’&-]*\\s*){1,3}(?:team|crew|staff)?"
            + "|the\\s+(?:team|crew|staff))(?:\\s*(?:\\bat|\\bfrom|@)\\s+(?:the\\s+)?[\\p{L}'’&-]+(?:\\s+[\\p{L}'’&-]+){0,3})?)";
    /** A thanks or sign-off at the end, and who signs ("Thanks, John", "Kind regards, the team"); the text's own mark stays. */
    private static final Pattern THANKS_AT_END = Pattern.compile("(?:[\\s,;:\u2014\u2013-]+|^)(?:" + THANKS + ")" + MORE
            + SIGNED + "?[\\s.!,:)]*$", Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    /** Emoji and the marks that shape them (skin tones, joiners, presentation selectors, keycaps). */
    private static final Pattern EMOJI = Pattern.compile("[\\p{So}\\p{Cs}\\x{1F3FB}-\\x{1F3FF}\\x{200D}\\x{FE0E}\\x{FE0F}\\x{20E3}]+");
    private static final Pattern MARKS = Pattern.compile("([?!.])[?!.]+");
    private static final Pattern LETTER = Pattern.compile("\\p{L}");
    /** Spaces and marks a reading leaves off the front of what it keeps. */
    private static final String SPACE_OR_MARK = "[\\s,.!?:;\u2014\u2013-]";
    private static final Pattern LEADING_MARKS = Pattern.compile("^" + SPACE_OR_MARK + "+");
    private static final Pattern LEADING_EMOJI = Pattern.compile("^(?:" + SPACE_OR_MARK + "|" + EMOJI.pattern() + ")+");

    private Pleasantries() {}

    /**
     * The text without the thanks or sign-off at its end ("… this week only! Kind regards, the team"); its greeting,
     * emoji and marks stay. The text itself when nothing else is left.
     */
    public static String withoutSignOff(String text) {
        String s = text;
        for (int i = 0; i < 3; i++) { // "… Thanks! Cheers, x"
            s = THANKS_AT_END.matcher(s).replaceFirst("");
        }
        return LETTER.matcher(s).find() ? s.strip() : text;
    }

    /**
     * The text without the greeting at its start ("Hi everyone! …", "Hey there 👋 …") and the emoji and marks
     * right after it; the rest as written. The text itself when nothing else is left.
     */
    public static String withoutGreeting(String text) {
        String s = text;
        for (int i = 0; i < 3; i++) { // "Hi there! Good morning, …"
            Matcher greeting = GREETING.matcher(s);
            if (!greeting.lookingAt()) {
                break; // an emoji that opens a message without a greeting ("🎉 20% off") is the message's own
            }
            s = LEADING_EMOJI.matcher(s.substring(greeting.end())).replaceFirst("");
        }
        return LETTER.matcher(s).find() ? s.strip() : text;
    }

    /**
     * Words a message made only of pleasantries may hold once its greeting and thanks are read past: the rest of a
     * greeting or a thanks said without a mark ("hi", "hello there", "thanks so much"), and an acknowledgement
     * ("ok", "great", "got it", "sounds good", "no worries"). "yes" and "no" are not among them: they answer a
     * question (the FAQ bot reads them as pleasantries only when it asked nothing just before).
     */
    private static final Set<String> SMALL_TALK = Set.of(("hi hii hello helo hey heya hiya howdy hallo yo greetings "
            + "good morning afternoon evening day there all everyone everybody guys team folks again both mate friends "
            + "thanks thank you thankyou thanx thx ty tia ta cheers many much so very a lot in advance appreciated "
            + "appreciate it i for the your kind best regards wishes "
            + "ok okay okey k kk okie oki great cool perfect brilliant lovely awesome nice super fab fantastic wonderful "
            + "excellent amazing sweet grand fine got noted understood sure alright right worries "
            // More acknowledgements, seen from outside sent after an answer: "sounds good", "that's great", "gotcha".
            + "sounds thats that gotcha roger np ace lol haha ah oh ooh wow yay dokey alrighty").split(" "));
    /** "no worries" is small talk; "no" alone answers a question. */
    private static final Pattern NO_WORRIES = Pattern.compile("(?i)\\bno (?:worries|problem)\\b");
    private static final Pattern NOT_LETTER = Pattern.compile("[^\\p{L}']+");

    /**
     * The message is pleasantries alone: a greeting, thanks, an acknowledgement or emoji, with no question or request
     * in it ("Hello!", "thank you!", "ok great 👍"). Customers send these on their own, before their question or after
     * an answer; the FAQ bot must not take them for a question it cannot answer.
     */
    public static boolean only(String text) {
        if (text.isBlank()) {
            return false; // a photo or a file alone: the bot cannot read it, a person should
        }
        String s = NO_WORRIES.matcher(EMOJI.matcher(text).replaceAll(" ")).replaceAll(" ");
        for (int i = 0; i < 3; i++) {
            s = GREETING.matcher(s).replaceFirst("");
            s = THANKS_AT_END.matcher(s).replaceFirst("");
        }
        for (String word : NOT_LETTER.matcher(s.toLowerCase(java.util.Locale.ROOT)).replaceAll(" ").strip().split(" ")) {
            if (!word.isEmpty() && !SMALL_TALK.contains(word.replace("'", ""))) {
                return false;
            }
        }
        return true;
    }

    /** The question as a bare question; the text itself when nothing else is left. */
    public static String strip(String text) {
        String s = EMOJI.matcher(text).replaceAll(" ");
        s = MARKS.matcher(s).replaceAll("$1");
        for (int i = 0; i < 3; i++) { // "Hi there! Good morning, …", "… Thanks! Cheers, x"
            s = GREETING.matcher(s).replaceFirst("");
            s = THANKS_AT_END.matcher(s).replaceFirst("");
        }
        s = LEADING_MARKS.matcher(s).replaceFirst("").strip().replaceAll("\\s{2,}", " ");
        return LETTER.matcher(s).find() ? s : text;
    }
}
