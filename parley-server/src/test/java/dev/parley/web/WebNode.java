package dev.parley.web;

import dev.parley.testing.Api;
import dev.parley.testing.TestNode;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What every browser test needs: one node for the test class, and the browsers a test opened
 * closed after it (after {@link ScreenshotsOnFailure} has photographed them, if it failed).
 * Registered as {@code @RegisterExtension static final WebNode WEB = WebNode.with(…)}; it starts
 * before the class's own {@code @BeforeAll} methods, so they may use {@link #node()}.
 */
final class WebNode implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {
    private final Supplier<TestNode> starter;
    private TestNode node;

    private WebNode(Supplier<TestNode> starter) {
        this.starter = starter;
    }

    static WebNode with(Map<String, String> overrides) {
        return new WebNode(() -> TestNode.start(overrides));
    }

    static WebNode with(Map<String, String> overrides, Clock clock) {
        return new WebNode(() -> TestNode.start(overrides, clock));
    }

    TestNode node() {
        return node;
    }

    /** The node's API, for setting a scene faster than a browser could. */
    Api api() {
        return node.api;
    }

    /** A browser on the node's web client, closed when the test ends. */
    Browser browser(String name) {
        return Browser.open(name, node);
    }

    /** As {@link #browser}, in a Chromium no test has used (see {@link Browser#open(String, TestNode, boolean)}). */
    Browser freshBrowser(String name) {
        return Browser.open(name, node, true);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        node = starter.get();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        List.copyOf(Browser.OPEN).forEach(Browser::close);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        node.close();
    }
}
