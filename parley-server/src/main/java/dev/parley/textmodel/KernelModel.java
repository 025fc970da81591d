package dev.parley.textmodel;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A classifier over a message's sentence embedding (and, for some, measurements beside it):
 * support-vector machines with a Gaussian kernel, trained on labelled messages from many writers by
 * {@code scripts/text-models/train.py} and shipped as a JSON resource. A machine's decision is a
 * weighted sum of the message's likeness to the training messages that bound the classes (the
 * support vectors, shared by the machines). Two classes have one machine, whose decision's logistic
 * is the second class's probability, called at the cut chosen in training; more classes have one
 * machine per class against the rest, and the softmax of their decisions (scaled by a temperature
 * fitted in training, so a probability says how sure the label is) gives each class's probability.
 * Triage and the promotion check each have one; both read the same embedding, so the node carries
 * one sentence model, not one per task. Both add a linear model of the message's words to the
 * machines' decisions before the logistic or the softmax ({@link WordsModel}).
 *
 * @implNote Kernel rather than a linear layer: with each writer's messages left out of training,
 * triage labelled 90.0% right where the linear layer labelled 87.6%, and the promotion check caught
 * 86% of promotions where it caught 81% at the same 3% of service replies flagged (docs/BUSINESS-MODELS.md,
 * round 11): a promotion, or a complaint, is said by several unrelated routes, which one plane through
 * the embedding separates less well. It costs a dot product with each support vector (about a
 * thousand, of 385 numbers): a fraction of the embedding's own cost.
 */
public final class KernelModel {
    /**
     * The file: the classes, the extra measurements in order, the kernel's width, the temperature,
     * the support vectors (count rows of the embedding's numbers then each extra, as little-endian
     * 32-bit floats, base64), per machine a coefficient for each and a bias; for two classes, the
     * probability of the second at which to call it (null for more); and the words' model added to
     * the machines' decisions ({@link WordsModel}), if any.
     */
    record Model(List<String> classes, int dimensions, List<Extra> extras, Double cut, double gamma, double temperature,
                 int count, String vectors, List<double[]> coefficients, double[] bias, WordsModel.Part words) {}

    private static final Map<String, KernelModel> LOADED = new ConcurrentHashMap<>();

    private final List<String> classes;
    private final int dimensions;
    private final List<Extra> extras;
    private final Double cut;
    private final double gamma;
    private final double temperature;
    private final float[][] vectors;
    /** Each support vector's squared length: a distance is then one dot product. */
    private final double[] squares;
    private final double[][] coefficients;
    private final double[] bias;
    /** The words' model added to the machines, if the file has one. */
    private final WordsModel words;

    private KernelModel(Model m) {
        int width = m.dimensions() + m.extras().size();
        int machines = m.classes().size() == 2 ? 1 : m.classes().size();
        byte[] raw = Base64.getDecoder().decode(m.vectors());
        if (m.classes().size() < 2 || m.coefficients().size() != machines || m.bias().length != machines
                || m.coefficients().stream().anyMatch(c -> c.length != m.count()) || raw.length != m.count() * width * Float.BYTES) {
            throw new IllegalStateException("a kernel model has a machine per class (one for two classes), each with a"
                    + " coefficient for each support vector of " + width + " numbers, and a bias");
        }
        ByteBuffer in = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        vectors = new float[m.count()][width];
        squares = new double[m.count()];
        for (int s = 0; s < vectors.length; s++) {
            in.asFloatBuffer().get(vectors[s]);
            in.position(in.position() + width * Float.BYTES);
            squares[s] = dot(vectors[s], vectors[s]);
        }
        classes = List.copyOf(m.classes());
        dimensions = m.dimensions();
        extras = List.copyOf(m.extras());
        cut = m.cut();
        gamma = m.gamma();
        temperature = m.temperature();
        coefficients = m.coefficients().toArray(new double[0][]);
        bias = m.bias().clone();
        words = m.words() == null ? null : new WordsModel(m.words(), machines);
    }

    /**
     * The model shipped beside the given class, read once per process: a model is immutable, and
     * reading one (2 MB of JSON) took 50–150 ms, which every node a process starts would pay again.
     */
    public static KernelModel load(Class<?> owner, String resource) {
        return LOADED.computeIfAbsent(owner.getName() + " " + resource,
                k -> new KernelModel(ModelFile.read(owner, resource, Model.class)));
    }

    /**
     * The model shipped beside the given class, read on its first use rather than at the node's
     * start (as the sentence model it reads is), and once per process.
     *
     * @param check throws if the model is not the one the caller reads (its classes, its extras);
     *              asked once, at that first use
     */
    public static Supplier<KernelModel> shipped(Class<?> owner, String resource, Consumer<KernelModel> check) {
        return new Supplier<>() {
            private volatile KernelModel model;

            @Override
            public KernelModel get() {
                KernelModel m = model;
                if (m == null) {
                    m = load(owner, resource);
                    check.accept(m);
                    model = m;
                }
                return m;
            }
        };
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

    /** The words' model, if this model has one: its reading is held to training's by the tests. */
    Optional<WordsModel> words() {
        return Optional.ofNullable(words);
    }

    /**
     * @param text      the message (its words' model reads it; the machines read its embedding)
     * @param embedding the message's embedding (read at unit length)
     * @param extras    the extra measurements, in {@link #extras()}'s order
     * @return each class's probability, in {@link #classes()}'s order
     */
    public double[] probabilities(String text, float[] embedding, double... extras) {
        double[] z = decisions(embedding, extras);
        if (words != null) {
            double[] w = words.decisions(text);
            for (int c = 0; c < z.length; c++) {
                z[c] += words.weight() * w[c];
            }
        }
        return probabilities(z);
    }

    /** As {@link #probabilities(String, float[], double...)}, for a model without a words' part. */
    public double[] probabilities(float[] embedding, double... extras) {
        if (words != null) {
            throw new IllegalStateException("this model reads the message's words too");
        }
        return probabilities(decisions(embedding, extras));
    }

    private double[] decisions(float[] embedding, double... extras) {
        if (embedding.length != dimensions || extras.length != this.extras.size()) {
            throw new IllegalArgumentException("the model reads " + dimensions + " numbers and " + this.extras.size()
                    + " measurements");
        }
        float[] x = new float[dimensions + extras.length];
        System.arraycopy(Embedder.unit(embedding), 0, x, 0, dimensions);
        for (int j = 0; j < extras.length; j++) {
            x[dimensions + j] = (float) this.extras.get(j).read(extras[j]);
        }
        double[] z = bias.clone();
        double square = dot(x, x);
        for (int s = 0; s < vectors.length; s++) {
            double kernel = Math.exp(-gamma * Math.max(0, square + squares[s] - 2 * dot(x, vectors[s])));
            for (int c = 0; c < z.length; c++) {
                z[c] += coefficients[c][s] * kernel;
            }
        }
        return z;
    }

    private double[] probabilities(double[] z) {
        if (z.length == 1) {
            double p = 1 / (1 + Math.exp(-temperature * z[0]));
            return new double[] {1 - p, p};
        }
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) {
            max = Math.max(max, temperature * v);
        }
        double sum = 0;
        for (int c = 0; c < z.length; c++) {
            z[c] = Math.exp(temperature * z[c] - max);
            sum += z[c];
        }
        for (int c = 0; c < z.length; c++) {
            z[c] /= sum;
        }
        return z;
    }

    private static double dot(float[] a, float[] b) {
        float sum = 0; // in floats, as the vectors are; four sums side by side keep the loop short
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
