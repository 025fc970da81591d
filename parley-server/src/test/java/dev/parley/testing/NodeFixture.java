package dev.parley.testing;

import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One node for a test class, on the suite's store, started before the class's tests (and its own
 * {@code @BeforeAll} methods) and closed after them:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final NodeFixture NODE = NodeFixture.with(Map.of("inbox.triage", "off"));
 * static final Api api = NODE.api();
 * }</pre>
 *
 * <p>{@link #api()} may be taken before the node runs (it finds the node's port at each call), so
 * a class keeps it in a {@code static final} field instead of assigning it in a copied
 * {@code @BeforeAll} block. Tests in one class share the node: each makes its own accounts and
 * depends on no other test having run.
 */
public final class NodeFixture implements BeforeAllCallback, AfterAllCallback {
    private final Map<String, String> overrides;
    private final Clock clock;
    private TestNode node;

    private NodeFixture(Map<String, String> overrides, Clock clock) {
        this.overrides = overrides;
        this.clock = clock;
    }

    public static NodeFixture with(Map<String, String> overrides) {
        return new NodeFixture(overrides, Clock.systemUTC());
    }

    public static NodeFixture with(Map<String, String> overrides, Clock clock) {
        return new NodeFixture(overrides, clock);
    }

    /** The running node; only from the class's {@code @BeforeAll} methods and tests on. */
    public TestNode node() {
        if (node == null) {
            throw new IllegalStateException("the node starts before the class's @BeforeAll methods; it is not running yet");
        }
        return node;
    }

    /** The node's API, usable once the node runs. */
    public Api api() {
        return new Api(() -> node().api.base());
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        node = TestNode.start(overrides, clock);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (node != null) {
            node.close();
            node = null;
        }
    }
}
