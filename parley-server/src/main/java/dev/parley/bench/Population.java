package dev.parley.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The accounts and conversations a run uses: {@code conversations} conversations of
 * {@code groupSize} members each (2: one-to-one), every account in exactly one, member 0 the
 * sender. Sign-up costs about 0.2 s of hashing each, so accounts are made in parallel and kept in
 * a state file to be reused by the next run against the same URL.
 */
record Population(List<Account> accounts, List<Conv> conversations) {
    record Account(String id, String handle, String token) {}

    /** A conversation: its id and the indexes of its members; member 0 sends. */
    record Conv(String id, List<Integer> members) {}

    static Population prepare(Http http, BenchAuth auth, int conversations, int groupSize, Path stateFile, int parallel,
                              PrintStream log) {
        Population reused = load(http, auth, stateFile, conversations, groupSize);
        if (reused != null) {
            log.printf("reusing %d accounts and %d conversations from %s%n", reused.accounts.size(),
                    reused.conversations.size(), stateFile);
            return reused;
        }
        int n = conversations * groupSize;
        log.printf("creating %d accounts (%s, %d in parallel) and %d conversations of %d…%n", n, auth.name(), parallel,
                conversations, groupSize);
        String prefix = "b" + randomTag();
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        try {
            List<Future<Account>> made = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String handle = prefix + "_" + i;
                made.add(pool.submit(() -> signUp(http, auth, handle)));
            }
            List<Account> accounts = new ArrayList<>();
            for (Future<Account> f : made) {
                accounts.add(f.get());
            }
            List<Future<Conv>> opened = new ArrayList<>();
            for (int c = 0; c < conversations; c++) {
                List<Integer> members = new ArrayList<>();
                for (int m = 0; m < groupSize; m++) {
                    members.add(c * groupSize + m);
                }
                opened.add(pool.submit(() -> open(http, accounts, members)));
            }
            List<Conv> convs = new ArrayList<>();
            for (Future<Conv> f : opened) {
                convs.add(f.get());
            }
            Population p = new Population(accounts, convs);
            p.save(http, auth, stateFile, groupSize);
            return p;
        } catch (Exception e) {
            throw new IllegalStateException("setting up accounts failed: " + e.getMessage(), e);
        } finally {
            pool.shutdownNow();
        }
    }

    private static Account signUp(Http http, BenchAuth auth, String handle) {
        Account a = auth.make(http, handle);
        // Everyone may write to everyone: conversations land in the inbox, not in requests.
        http.call("PATCH", "/api/v1/me", a.token(), Map.of("settings", Map.of("dm_policy", "everyone"))).ok("settings");
        return a;
    }

    private static Conv open(Http http, List<Account> accounts, List<Integer> members) {
        Account sender = accounts.get(members.get(0));
        List<String> others = members.subList(1, members.size()).stream().map(i -> accounts.get(i).id()).toList();
        Map<String, Object> body = others.size() == 1 ? Map.of("member_ids", others)
                : Map.of("member_ids", others, "title", "bench group");
        JsonNode r = http.call("POST", "/api/v1/conversations", sender.token(), body).ok("open conversation");
        return new Conv(r.get("id").asText(), members);
    }

    private static String randomTag() {
        String abc = "abcdefghijklmnopqrstuvwxyz0123456789";
        SecureRandom r = new SecureRandom();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            b.append(abc.charAt(r.nextInt(abc.length())));
        }
        return b.toString();
    }

    private void save(Http http, BenchAuth auth, Path file, int groupSize) {
        ObjectNode root = Http.JSON.createObjectNode();
        root.put("url", http.base);
        root.put("auth", auth.name());
        root.put("group_size", groupSize);
        ArrayNode as = root.putArray("accounts");
        accounts.forEach(a -> as.addObject().put("id", a.id()).put("handle", a.handle()).put("token", a.token()));
        ArrayNode cs = root.putArray("conversations");
        conversations.forEach(c -> {
            ObjectNode o = cs.addObject().put("id", c.id());
            c.members().forEach(o.putArray("members")::add);
        });
        try {
            Files.writeString(file, Http.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + file, e);
        }
    }

    /** The saved population if it fits this run and its tokens still work, else null. */
    private static Population load(Http http, BenchAuth auth, Path file, int conversations, int groupSize) {
        if (file == null || !Files.exists(file)) {
            return null;
        }
        try {
            JsonNode root = Http.JSON.readTree(Files.readString(file));
            // Any URL (a spawned node's port changes); the token check below tells another server apart.
            if (root.path("group_size").asInt() != groupSize
                    || !root.path("auth").asText("password").equals(auth.name())
                    || root.path("conversations").size() < conversations) {
                return null;
            }
            List<Account> accounts = new ArrayList<>();
            root.path("accounts").forEach(a -> accounts.add(new Account(a.get("id").asText(), a.get("handle").asText(),
                    a.get("token").asText())));
            List<Conv> convs = new ArrayList<>();
            for (JsonNode c : root.path("conversations")) {
                if (convs.size() == conversations) {
                    break;
                }
                List<Integer> members = new ArrayList<>();
                c.path("members").forEach(m -> members.add(m.asInt()));
                convs.add(new Conv(c.get("id").asText(), members));
            }
            if (http.call("GET", "/api/v1/me", accounts.get(0).token(), null).status() != 200) {
                return null; // another server, or a store that was wiped
            }
            return new Population(accounts, convs);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
