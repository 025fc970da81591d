package dev.parley.textmodel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.Set;

/**
 * The words the sentence model ({@link MiniLm}) reads whole: its vocabulary's entries that are a
 * word of letters (about 22,500 lower-cased English words and names), not a piece of one. A word
 * outside it is read as pieces ("membrship" as "me", "##mb", "##rs", "##hip") whose meaning is
 * mostly lost, which is what a misspelling does to a question; a caller that knows the words a
 * text should hold can then read such a word as the one meant.
 */
public final class WholeWords {
    private static volatile Set<String> words;

    private WholeWords() {}

    /** @param word lower case */
    public static boolean contains(String word) {
        return words().contains(word);
    }

    private static Set<String> words() {
        Set<String> w = words;
        if (w == null) {
            synchronized (WholeWords.class) {
                if (words == null) {
                    words = load();
                }
                w = words;
            }
        }
        return w;
    }

    private static Set<String> load() {
        try (InputStream in = WholeWords.class.getResourceAsStream(MiniLm.TOKENIZER)) {
            JsonNode vocab = new ObjectMapper().readTree(in).path("model").path("vocab");
            Set<String> out = new HashSet<>();
            vocab.fieldNames().forEachRemaining(t -> {
                if (t.length() > 1 && t.chars().allMatch(Character::isLetter)) {
                    out.add(t);
                }
            });
            return Set.copyOf(out);
        } catch (IOException e) {
            throw new UncheckedIOException("the sentence model's tokenizer could not be read", e);
        }
    }
}
