package dev.parley.textmodel;

/** Turns text into a vector of its meaning; the node's is {@link MiniLm}. */
@FunctionalInterface
public interface Embedder {
    float[] embed(String text);
}
