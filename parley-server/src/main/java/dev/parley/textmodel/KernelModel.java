package dev.parley.textmodel;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.List;

/**
 * A two-class classifier over a message's sentence embedding and a few measurements beside it: a
 * support-vector machine with a Gaussian kernel, trained on labelled messages from many writers by
 * {@code scripts/text-models/train.py} and shipped as a JSON resource. Its decision is a weighted
 * sum of the message's likeness to the training messages that bound the two classes (the support
 * vectors); the probability is the logistic of that sum, and the class is the second at or above
 * the cut chosen in training.
 *
 * @implNote Kernel rather than linear for the promotion check: with each writer's messages left out
 * of training, at the same share of service replies flagged (3%), it caught 86% of promotions where
 * the linear model caught 81% (docs/BUSINESS-MODELS.md, round 11): a promotion is marketing by
 * several unrelated routes (an offer, scarcity, a launch, a nudge to book), which one plane
 * through the embedding separates less well. It costs one pass over the support vectors, about a
 * thousand of 385 numbers, a fraction of the embedding's own cost.
 */
public final class KernelModel {
    /**
     * The file: the two classes, the extra measurements in order, the kernel's width, the support
     * vectors (count rows of the embedding's numbers then each extra, as little-endian 32-bit
     * floats, base64), a coefficient for each and the bias; and the probability of the second
     * class at which to call it.
     */
    record Model(List<String> classes, int dimensions, List<Extra> extras, double cut, double gamma, int count,
                 String vectors, double[] coefficients, double bias) {}

    private final List<String> classes;
    private final int dimensions;
    private final List<Extra> extras;
    private final double cut;
    private final double gamma;
    private final float[][] vectors;
    /** Each support vector's squared length: a distance is then one dot product. */
    private final double[] squares;
    private final double[] coefficients;
    private final double bias;

    private KernelModel(Model m) {
        int width = m.dimensions() + m.extras().size();
        byte[] raw = Base64.getDecoder().decode(m.vectors());
        if (m.classes().size() != 2 || m.coefficients().length != m.count() || raw.length != m.count() * width * Float.BYTES) {
            throw new IllegalStateException("a kernel model has two classes and a coefficient and " + width
                    + " numbers for each of its support vectors");
        }
        ByteBuffer in = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        vectors = new float[m.count()][width];
        for (float[] v : vectors) {
            in.asFloatBuffer().get(v);
            in.position(in.position() + width * Float.BYTES);
        }
        squares = new double[vectors.length];
        for (int s = 0; s < vectors.length; s++) {
            squares[s] = dot(vectors[s], vectors[s]);
        }
        classes = List.copyOf(m.classes());
        dimensions = m.dimensions();
        extras = List.copyOf(m.extras());
        cut = m.cut();
        gamma = m.gamma();
        coefficients = m.coefficients().clone();
        bias = m.bias();
    }

    /** Reads a model shipped beside the given class. */
    public static KernelModel load(Class<?> owner, String resource) {
        return new KernelModel(ModelFile.read(owner, resource, Model.class));
    }

    public List<String> classes() {
        return classes;
    }

    public List<Extra> extras() {
        return extras;
    }

    /** The probability of the second class at or above which it is that class. */
    public double cut() {
        return cut;
    }

    /**
     * @param embedding the message's embedding, unit length
     * @param extras    the extra measurements, in {@link #extras()}'s order
     * @return the probability of the second class
     */
    public double probability(float[] embedding, double... extras) {
        if (embedding.length != dimensions || extras.length != this.extras.size()) {
            throw new IllegalArgumentException("the model reads " + dimensions + " numbers and " + this.extras.size()
                    + " measurements");
        }
        float[] x = new float[dimensions + extras.length];
        System.arraycopy(embedding, 0, x, 0, dimensions);
        for (int j = 0; j < extras.length; j++) {
            x[dimensions + j] = (float) this.extras.get(j).read(extras[j]);
        }
        double square = dot(x, x);
        double decision = bias;
        for (int s = 0; s < vectors.length; s++) {
            double distance = square + squares[s] - 2 * dot(x, vectors[s]);
            decision += coefficients[s] * Math.exp(-gamma * Math.max(0, distance));
        }
        return 1 / (1 + Math.exp(-decision));
    }

    private static double dot(float[] a, float[] b) {
        float sum = 0; // in floats, as the vectors are: four sums side by side keep the loop short
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        int i = 0;
        for (; i + 3 < a.length; i += 4) {
            sum += a[i] * b[i];
            s1 += a[i + 1] * b[i + 1];
            s2 += a[i + 2] * b[i + 2];
            s3 += a[i + 3] * b[i + 3];
        }
        for (; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return (double) sum + s1 + s2 + s3;
    }
}
