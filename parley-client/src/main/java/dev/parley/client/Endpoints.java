package dev.parley.client;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The base URLs of one deployment (the nodes of a cluster, or one load balancer) and which of
 * them a call tries first.
 *
 * @implNote Shared by every client made from one builder ({@link ParleyClient#withToken},
 * {@link ParleyClient#as}, {@link ParleyClient#forBusiness}): once one call finds a node dead, the
 * next calls start at the node after it instead of each paying a failed attempt. Lock-free; two
 * calls that see the same node fail move the preference once.
 */
final class Endpoints {
    private final List<String> bases;
    private final AtomicInteger preferred = new AtomicInteger();

    Endpoints(List<URI> uris) {
        Objects.requireNonNull(uris, "bases");
        if (uris.isEmpty()) {
            throw new IllegalArgumentException("at least one base URL is needed");
        }
        List<String> out = new ArrayList<>();
        for (URI u : uris) {
            Objects.requireNonNull(u, "base");
            if (!"http".equalsIgnoreCase(u.getScheme()) && !"https".equalsIgnoreCase(u.getScheme())) {
                throw new IllegalArgumentException("a base URL is http:// or https://, not " + u);
            }
            String b = u.toString();
            out.add(b.endsWith("/") ? b.substring(0, b.length() - 1) : b);
        }
        this.bases = List.copyOf(out);
    }

    int size() {
        return bases.size();
    }

    String base(int node) {
        return bases.get(node);
    }

    /** The node calls start at: the first, until it failed. */
    int preferred() {
        return preferred.get();
    }

    /** This node just failed (or is going away): calls start at the next one from now on. */
    void failed(int node) {
        preferred.compareAndSet(node, (node + 1) % bases.size());
    }
}
