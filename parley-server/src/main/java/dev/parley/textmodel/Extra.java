package dev.parley.textmodel;

/**
 * A measurement a model reads beside the embedding (the promotion rules' score), clipped to [min,
 * max] and multiplied by scale, as in training: so its weight is learnt on the scale of the
 * embedding's numbers, and no extreme value outweighs them.
 */
public record Extra(String name, double min, double max, double scale) {
    /** The value as the model reads it. */
    double read(double value) {
        return Math.max(min, Math.min(max, value)) * scale;
    }
}
