package dev.parley.automation;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The English words of four letters or more ({@code english-words.txt}, SCOWL's American and British
 * lists): a word a customer typed that is one of these is what they meant, so {@link Spelling} never reads it
 * as an everyday word one slip away ("rinse" is not "rise"); it may still read it as the business's own word, of
 * which it is a spelling ("cancelation").
 *
 * <p>Held as one sorted block of ASCII letters with each word's start, 0.9 MB of heap where 65,000
 * strings in a set would take about 5 MB, loaded at the first question a FAQ bot reads.
 */
final class EnglishWords {
    private EnglishWords() {}

    /** Whether {@code word} (lower case) is an English word. */
    static boolean contains(String word) {
        return Loaded.LIST.contains(word);
    }

    private static final class Loaded {
        static final Packed LIST = load();
    }

    private static Packed load() {
        return Packed.of(WordFile.read("english-words.txt").stream().sorted().toArray(String[]::new));
    }

    /** Sorted words as one byte block and their starts (the last entry is the block's end). */
    private record Packed(byte[] letters, int[] starts) {
        static Packed of(String[] sorted) {
            int[] starts = new int[sorted.length + 1];
            int size = 0;
            for (int i = 0; i < sorted.length; i++) {
                starts[i] = size;
                size += sorted[i].length();
            }
            starts[sorted.length] = size;
            byte[] letters = new byte[size];
            for (int i = 0; i < sorted.length; i++) {
                byte[] w = sorted[i].getBytes(StandardCharsets.US_ASCII);
                System.arraycopy(w, 0, letters, starts[i], w.length);
            }
            return new Packed(letters, starts);
        }

        boolean contains(String word) {
            for (int i = 0; i < word.length(); i++) {
                if (word.charAt(i) > 0x7f) {
                    return false; // the list is ASCII: "café" is not in it
                }
            }
            byte[] w = word.getBytes(StandardCharsets.US_ASCII);
            int lo = 0;
            int hi = starts.length - 2;
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                int c = Arrays.compare(letters, starts[mid], starts[mid + 1], w, 0, w.length);
                if (c == 0) {
                    return true;
                }
                if (c < 0) {
                    lo = mid + 1;
                } else {
                    hi = mid - 1;
                }
            }
            return false;
        }
    }
}
