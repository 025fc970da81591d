package dev.parley.textmodel;

/** Turns text into a vector of its meaning; the node's is {@link MiniLm}. */
@FunctionalInterface
public interface Embedder {
    /**
     * How much of a message the classifiers read. The model reads about 256 word pieces; longer
     * text it reads in windows and averages, at a cost that grows with the text, while the start of
     * a message says what it is about and what it is for.
     */
    int OPENING_CHARS = 1000;

    float[] embed(String text);

    /** The embedding of the text's first {@value #OPENING_CHARS} characters: how triage and the promotion check read a message. */
    default float[] embedOpening(String text) {
        return embed(text.length() > OPENING_CHARS ? text.substring(0, OPENING_CHARS) : text);
    }

    /** The vector scaled to unit length (zero stays zero): a dot product of two is then their cosine. */
    static float[] unit(float[] v) {
        double norm = 0;
        for (float x : v) {
            norm += x * x;
        }
        norm = Math.sqrt(norm);
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = norm == 0 ? 0 : (float) (v[i] / norm);
        }
        return out;
    }
}
