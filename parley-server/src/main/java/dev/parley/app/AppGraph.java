package dev.parley.app;

import dev.parley.account.AccountStore;
import dev.parley.account.AccountStore.Edge;
import dev.parley.account.AccountStore.Pair;
import dev.parley.account.GraphService;
import dev.parley.http.ApiException;
import dev.parley.store.Database;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An app feeds its own graph (follows, likes, blocks) by external ids, up to {@value #MAX_EDGES}
 * edges a call, in one transaction (prepared-statement batches): an unknown id refuses the whole
 * call, naming the edge's index.
 * The edges are the same rows as those made inside Parley, so the network rules read them alike;
 * blocks also end follows both ways and drop the block caches, as {@link GraphService#block} does,
 * and a follow across a block that stands is skipped, as {@link GraphService#follow} refuses it.
 */
public final class AppGraph {
    public static final int MAX_EDGES = 1_000;

    private final Database db;
    private final AppStore store;
    private final AccountStore accounts;
    private final GraphService graph;

    public record Edges(List<EdgeBody> edges) {}

    public record EdgeBody(String from, String to) {}

    /**
     * @param edges   how many edges the call named
     * @param skipped the indexes of follows not stored because a block stands between
     *                the two (either way), as a follow inside Parley is refused then
     */
    public record Applied(int edges, List<Integer> skipped) {}

    public AppGraph(Database db, AppStore store, AccountStore accounts, GraphService graph) {
        this.db = db;
        this.store = store;
        this.accounts = accounts;
        this.graph = graph;
    }

    public static Edge kind(String name) {
        return switch (name) {
            case "follows" -> Edge.FOLLOW;
            case "likes" -> Edge.LIKE;
            case "blocks" -> Edge.BLOCK;
            default -> throw ApiException.notFound("graph kind");
        };
    }

    public Applied apply(String appId, Edge kind, Edges body, boolean add) {
        List<EdgeBody> edges = body.edges();
        if (edges == null || edges.isEmpty() || edges.size() > MAX_EDGES) {
            throw ApiException.validation("Field 'edges' holds 1 to " + MAX_EDGES + " edges.");
        }
        Set<String> ids = new LinkedHashSet<>();
        for (int i = 0; i < edges.size(); i++) {
            EdgeBody e = edges.get(i);
            try {
                if (e == null) {
                    throw ApiException.validation("An edge is required.");
                }
                ids.add(AppUsers.externalId(e.from()));
                ids.add(AppUsers.externalId(e.to()));
                if (e.from().equals(e.to())) {
                    throw ApiException.validation("An edge can't point at its own start.");
                }
            } catch (ApiException x) {
                throw Items.at("edges", i, x);
            }
        }
        // Users are looked up on a reader, before the write: the writer (one on SQLite) is held only
        // for the edges themselves. An app's users are never deleted, so what was found stays true.
        Map<String, AppStore.UserRef> found = db.read(h -> store.userRefs(h, appId, ids));
        Set<String> touched = new LinkedHashSet<>();
        List<Pair> pairs = new ArrayList<>(edges.size());
        List<Integer> skipped = new ArrayList<>();
        for (int i = 0; i < edges.size(); i++) {
            AppStore.UserRef from = found.get(edges.get(i).from());
            AppStore.UserRef to = found.get(edges.get(i).to());
            if (from == null || to == null) {
                String missing = from == null ? edges.get(i).from() : edges.get(i).to();
                throw Items.at("edges", i, ApiException.notFound("user: " + missing));
            }
            if (kind == Edge.LIKE && add && !to.isBusiness()) {
                throw Items.at("edges", i, ApiException.validation(
                        "Only business pages can be liked; '" + to.externalId() + "' is a person."));
            }
            if (add && kind == Edge.FOLLOW && graph.blockedEitherWay(from.id(), to.id())) {
                skipped.add(i); // a block ended their follows both ways; one made after it must not return
                continue;
            }
            pairs.add(new Pair(from.id(), to.id()));
            touched.add(from.id());
            touched.add(to.id());
        }
        if (pairs.isEmpty()) {
            return new Applied(edges.size(), skipped);
        }
        db.writeVoid(h -> {
            if (add) {
                accounts.addEdges(h, kind, pairs);
            } else {
                accounts.removeEdges(h, kind, pairs);
            }
            if (kind == Edge.BLOCK && add) {
                List<Pair> bothWays = new ArrayList<>(pairs.size() * 2);
                for (Pair p : pairs) {
                    bothWays.add(p);
                    bothWays.add(new Pair(p.to(), p.from()));
                }
                accounts.removeEdges(h, Edge.FOLLOW, bothWays);
            }
        });
        if (kind == Edge.BLOCK) {
            graph.blocksChanged(touched);
        }
        return new Applied(edges.size(), skipped);
    }
}
