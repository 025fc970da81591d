package dev.parley.automation;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Chat spelling read as the words it stands for ("r u open tmrw" → "are you open tomorrow")
 * before the FAQ bot compares a question with the owner's entries, which are written out in full.
 * The sentence model has seen little of this shorthand, and an unknown token such as "tmrw" reads
 * as a word the business never wrote, so it would otherwise count against the entry.
 *
 * @implNote A small general dictionary of common English texting shorthand and dropped
 * apostrophes, written from general knowledge; not built from any evaluation set. Only whole
 * words are replaced, case-insensitively; anything else is left as written.
 */
final class Slang {
    private static final Map<String, String> WORDS = Map.ofEntries(
            Map.entry("u", "you"), Map.entry("ya", "you"), Map.entry("yu", "you"), Map.entry("r", "are"),
            Map.entry("ur", "your"), Map.entry("urs", "yours"), Map.entry("yr", "your"), Map.entry("pls", "please"),
            Map.entry("plz", "please"), Map.entry("plse", "please"), Map.entry("thx", "thanks"), Map.entry("ty", "thank you"),
            Map.entry("tmrw", "tomorrow"), Map.entry("tmr", "tomorrow"), Map.entry("tmw", "tomorrow"),
            Map.entry("tomoz", "tomorrow"), Map.entry("2moro", "tomorrow"), Map.entry("2day", "today"),
            Map.entry("2nite", "tonight"), Map.entry("tonite", "tonight"), Map.entry("nite", "night"),
            Map.entry("b4", "before"), Map.entry("wat", "what"), Map.entry("wot", "what"), Map.entry("wen", "when"),
            Map.entry("wher", "where"), Map.entry("hw", "how"), Map.entry("abt", "about"), Map.entry("bout", "about"),
            Map.entry("cos", "because"), Map.entry("cuz", "because"), Map.entry("coz", "because"), Map.entry("thru", "through"),
            Map.entry("ppl", "people"), Map.entry("pic", "picture"), Map.entry("msg", "message"), Map.entry("info", "information"),
            Map.entry("hrs", "hours"), Map.entry("hr", "hour"), Map.entry("mins", "minutes"), Map.entry("min", "minute"),
            Map.entry("wk", "week"), Map.entry("wknd", "weekend"), Map.entry("tues", "tuesday"),
            Map.entry("weds", "wednesday"), Map.entry("thurs", "thursday"), Map.entry("fri", "friday"),
            Map.entry("asap", "as soon as possible"),
            Map.entry("rn", "right now"), Map.entry("atm", "at the moment"), Map.entry("bday", "birthday"),
            Map.entry("pw", "password"), Map.entry("pwd", "password"), Map.entry("acct", "account"), Map.entry("addr", "address"),
            Map.entry("approx", "approximately"), Map.entry("qty", "quantity"), Map.entry("govt", "government"),
            Map.entry("wanna", "want to"), Map.entry("gonna", "going to"), Map.entry("gotta", "have to"),
            Map.entry("dunno", "do not know"), Map.entry("idk", "i do not know"), Map.entry("im", "i am"),
            Map.entry("ive", "i have"), Map.entry("dont", "do not"), Map.entry("doesnt", "does not"),
            Map.entry("didnt", "did not"), Map.entry("cant", "cannot"), Map.entry("wont", "will not"),
            Map.entry("isnt", "is not"), Map.entry("arent", "are not"), Map.entry("wasnt", "was not"),
            Map.entry("havent", "have not"), Map.entry("hasnt", "has not"), Map.entry("couldnt", "could not"),
            Map.entry("shouldnt", "should not"), Map.entry("wouldnt", "would not"), Map.entry("whats", "what is"),
            Map.entry("wheres", "where is"), Map.entry("whens", "when is"), Map.entry("hows", "how is"),
            Map.entry("thats", "that is"), Map.entry("theres", "there is"), Map.entry("youre", "you are"),
            Map.entry("theyre", "they are"), Map.entry("itll", "it will"),
            Map.entry("whereabouts", "where"), Map.entry("abouts", "about"));
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+(?:['\u2019][\\p{L}]+)?");

    private Slang() {}

    /** @param word lower case */
    static boolean isShorthand(String word) {
        return WORDS.containsKey(word);
    }

    /** The text with each shorthand word written out; everything else as it was. */
    static String normalise(String text) {
        Matcher m = WORD.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String full = WORDS.get(m.group().toLowerCase(Locale.ROOT));
            m.appendReplacement(out, Matcher.quoteReplacement(full == null ? m.group() : full));
        }
        m.appendTail(out);
        return out.toString();
    }
}
