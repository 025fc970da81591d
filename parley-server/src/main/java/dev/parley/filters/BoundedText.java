package dev.parley.filters;

/**
 * A message's text as a regular expression reads it, with a budget of characters read: past it,
 * {@link #charAt} throws {@link Exhausted}, which ends the match wherever the engine is. This is
 * the time bound of a filter regex: java.util.regex backtracks, and a pattern that slipped past
 * {@link RegexSafety} or an unlucky text can otherwise take exponential time.
 */
final class BoundedText implements CharSequence {
    /** The match read more than its budget. */
    static final class Exhausted extends RuntimeException {
        Exhausted() {
            super("regex step budget exhausted", null, false, false);
        }
    }

    private final CharSequence text;
    private final int from;
    private final int to;
    private final long[] left;

    BoundedText(CharSequence text, long budget) {
        this(text, 0, text.length(), new long[] {budget});
    }

    private BoundedText(CharSequence text, int from, int to, long[] left) {
        this.text = text;
        this.from = from;
        this.to = to;
        this.left = left;
    }

    @Override
    public char charAt(int index) {
        if (--left[0] < 0) {
            throw new Exhausted();
        }
        return text.charAt(from + index);
    }

    @Override
    public int length() {
        return to - from;
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return new BoundedText(text, from + start, from + end, left); // the same budget
    }

    @Override
    public String toString() {
        return text.subSequence(from, to).toString();
    }
}
