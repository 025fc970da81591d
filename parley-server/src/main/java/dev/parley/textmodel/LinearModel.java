package dev.parley.textmodel;

import java.util.List;

/**
 * A classifier that reads a message's sentence embedding (and, for some, a few measurements beside
 * it) through one linear layer and a softmax: multinomial logistic regression, trained on labelled
 * messages from many writers by {@code scripts/text-models/train.py} and shipped as a JSON
 * resource. Triage and the promotion check each have one; both read the same embedding, so the
 * node carries one sentence model, not one per task.
 *
 * @implNote A linear layer over the embedding rather than nearest examples: measured with each
 * writer's messages left out of training, it labelled other writers' messages better than the
 * nearest built-in examples did (docs/BUSINESS-MODELS.md), and it costs one pass over 384 numbers
 * per class.
 */
public final class LinearModel {
    /**
     * The file: the classes, the extra measurements in order, per class a weight for each of the
     * embedding's numbers then each extra, and a bias; for two classes, the probability of the
     * second at which to call it (chosen in training, null for more classes).
     */
    record Model(List<String> classes, int dimensions, List<Extra> extras, Double cut, List<double[]> weights,
                 double[] bias) {}

    private final List<String> classes;
    private final int dimensions;
    private final List<Extra> extras;
    private final double[][] weights;
    private final double[] bias;
    private final Double cut;

    private LinearModel(Model m) {
        if (m.classes().size() < 2 || m.weights().size() != m.classes().size() || m.bias().length != m.classes().size()) {
            throw new IllegalStateException("a linear model needs a weight row and a bias per class");
        }
        int width = m.dimensions() + m.extras().size();
        for (double[] row : m.weights()) {
            if (row.length != width) {
                throw new IllegalStateException("a weight row has " + row.length + " numbers, not " + width);
            }
        }
        classes = List.copyOf(m.classes());
        dimensions = m.dimensions();
        extras = List.copyOf(m.extras());
        weights = m.weights().toArray(new double[0][]);
        bias = m.bias().clone();
        cut = m.cut();
    }

    /** Reads a model shipped beside the given class. */
    public static LinearModel load(Class<?> owner, String resource) {
        return new LinearModel(ModelFile.read(owner, resource, Model.class));
    }

    public List<String> classes() {
        return classes;
    }

    public List<Extra> extras() {
        return extras;
    }

    /** For a model of two classes: the probability of the second at or above which it is that class. */
    public double cut() {
        if (cut == null) {
            throw new IllegalStateException("this model has no cut");
        }
        return cut;
    }

    /**
     * @param embedding the message's embedding, unit length
     * @param extras    the extra measurements, in {@link #extras()}'s order
     * @return each class's probability, in {@link #classes()}'s order
     */
    public double[] probabilities(float[] embedding, double... extras) {
        if (embedding.length != dimensions || extras.length != this.extras.size()) {
            throw new IllegalArgumentException("the model reads " + dimensions + " numbers and " + this.extras.size()
                    + " measurements");
        }
        double[] z = new double[classes.size()];
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < z.length; c++) {
            double[] w = weights[c];
            double s = bias[c];
            for (int i = 0; i < dimensions; i++) {
                s += w[i] * embedding[i];
            }
            for (int j = 0; j < extras.length; j++) {
                s += w[dimensions + j] * this.extras.get(j).read(extras[j]);
            }
            z[c] = s;
            max = Math.max(max, s);
        }
        double sum = 0;
        for (int c = 0; c < z.length; c++) {
            z[c] = Math.exp(z[c] - max);
            sum += z[c];
        }
        for (int c = 0; c < z.length; c++) {
            z[c] /= sum;
        }
        return z;
    }

    /** The vector scaled to unit length, as the models were trained on. */
    public static float[] unit(float[] v) {
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
