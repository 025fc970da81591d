package dev.parley.moderation;

import dev.parley.account.Account;
import dev.parley.account.AccountStore;
import dev.parley.http.ApiException;
import dev.parley.store.Database;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The moderators' queue: reports grouped by the account they are about, with counts by category,
 * the notes and the snapshots; the most reported first, then the most recently reported.
 */
public final class Queue {
    /** The most reports one look at the queue reads. */
    static final int WINDOW = 1_000;

    private final Database db;
    private final ModerationStore store;
    private final AccountStore accounts;

    Queue(Database db, ModerationStore store, AccountStore accounts) {
        this.db = db;
        this.store = store;
        this.accounts = accounts;
    }

    public record Item(String id, String reporterId, String category, String note, Reports.Target target,
                       String conversationId, String messageId, Instant createdAt, List<Report.Snapshot> snapshot) {}

    /** @param account null for reports of a group conversation, which concern no one account */
    public record Group(Map<String, Object> account, int count, Map<String, Integer> categories, Instant latestAt,
                        List<Item> reports) {}

    public record View(String status, List<Group> groups) {}

    /** One sender's requests held for review, newest first: what each recipient would read. */
    public record HeldGroup(Map<String, Object> account, int count, Instant latestAt,
                            List<dev.parley.conversation.HeldRequests.Held> requests) {}

    /** Held requests grouped by sender, the most held first. */
    public List<HeldGroup> held(List<dev.parley.conversation.HeldRequests.Held> all) {
        Map<String, List<dev.parley.conversation.HeldRequests.Held>> bySender = new LinkedHashMap<>();
        all.forEach(r -> bySender.computeIfAbsent(r.senderId(), k -> new ArrayList<>()).add(r));
        Map<String, Account> people = accounts.byIds(bySender.keySet()).stream()
                .collect(Collectors.toMap(Account::id, Function.identity()));
        List<HeldGroup> groups = new ArrayList<>();
        bySender.forEach((sender, rs) -> {
            Account a = people.get(sender);
            groups.add(new HeldGroup(a == null ? null : Reports.accountSummary(a), rs.size(), rs.get(0).createdAt(), rs));
        });
        groups.sort(Comparator.comparingInt(HeldGroup::count).reversed()
                .thenComparing(HeldGroup::latestAt, Comparator.reverseOrder()));
        return groups;
    }

    public View list(String status) {
        if (!Report.OPEN.equals(status) && !Report.REVIEWED.equals(status)) {
            throw ApiException.validation("'status' is open or reviewed.");
        }
        List<Report> reports = db.read(h -> store.byStatus(h, status, WINDOW));
        Map<String, List<Report>> byAccount = new LinkedHashMap<>();
        for (Report r : reports) {
            byAccount.computeIfAbsent(r.reportedAccountId() == null ? "" : r.reportedAccountId(),
                    k -> new ArrayList<>()).add(r);
        }
        Set<String> ids = new HashSet<>(byAccount.keySet());
        ids.remove("");
        Map<String, Account> people = accounts.byIds(ids).stream()
                .collect(Collectors.toMap(Account::id, Function.identity()));
        List<Group> groups = new ArrayList<>();
        byAccount.forEach((accountId, rs) -> {
            Map<String, Integer> categories = new TreeMap<>();
            rs.forEach(r -> categories.merge(r.category(), 1, Integer::sum));
            Account a = people.get(accountId);
            List<Item> items = rs.stream().map(r -> new Item(r.id(), r.reporterId(), r.category(), r.note(),
                    new Reports.Target(r.targetKind(), r.targetId()), r.conversationId(), r.messageId(), r.createdAt(),
                    r.snapshot())).toList();
            groups.add(new Group(a == null ? null : Reports.accountSummary(a), rs.size(), categories,
                    rs.get(0).createdAt(), items));
        });
        groups.sort(Comparator.comparingInt(Group::count).reversed()
                .thenComparing(Group::latestAt, Comparator.reverseOrder()));
        return new View(status, groups);
    }
}
