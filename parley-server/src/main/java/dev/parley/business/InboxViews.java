package dev.parley.business;

import dev.parley.account.Account;
import dev.parley.account.AccountStore;
import dev.parley.account.Views;
import dev.parley.message.MessageIds;
import dev.parley.conversation.LastMessages;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;

/** Builds inbox items for a page of rows with one lookup of each kind, not one per row. */
final class InboxViews {
    private final AccountStore accounts;
    private final InboxStore store;
    private final LastMessages messages;
    private final CustomerChannels channels;
    private final Clock clock;

    InboxViews(AccountStore accounts, InboxStore store, LastMessages messages, CustomerChannels channels, Clock clock) {
        this.accounts = accounts;
        this.clock = clock;
        this.channels = channels;
        this.store = store;
        this.messages = messages;
    }

    InboxItem item(Handle h, InboxRow row) {
        return items(h, row.businessId(), List.of(row)).get(0);
    }

    List<InboxItem> items(Handle h, String businessId, List<InboxRow> rows) {
        if (rows.isEmpty()) {
            return List.of();
        }
        List<String> ids = rows.stream().map(InboxRow::conversationId).toList();
        Set<String> people = new HashSet<>();
        rows.forEach(r -> {
            people.add(r.customerId());
            if (r.assigneeId() != null) {
                people.add(r.assigneeId());
            }
        });
        Map<String, Account> byId = accounts.byIds(people).stream()
                .collect(Collectors.toMap(Account::id, Function.identity()));
        Map<String, CustomerChannels.Channel> onChannels = channels.of(h,
                rows.stream().map(InboxRow::customerId).collect(Collectors.toSet()));
        Map<String, List<InboxStore.Label>> labels = store.labels(h, businessId, ids);
        Map<String, InboxStore.TriageRecord> triage = store.latestTriage(h, businessId, ids);
        Map<String, InboxStore.Seqs> seqs = store.seqs(h, businessId, ids);
        Map<String, Long> lastSeqs = new HashMap<>();
        seqs.forEach((id, s) -> lastSeqs.put(id, s.lastSeq()));
        Map<String, Object> last = messages.of(h, businessId, lastSeqs);
        Instant now = clock.instant();
        return rows.stream().map(r -> {
            InboxStore.Seqs s = seqs.getOrDefault(r.conversationId(), new InboxStore.Seqs(0, 0, 0));
            List<String> names = labels.getOrDefault(r.conversationId(), List.of()).stream()
                    .map(InboxStore.Label::name).toList();
            return new InboxItem(r.conversationId(), customer(byId.get(r.customerId()), r.customerId(),
                    onChannels.get(r.customerId())), r.status(),
                    r.assigneeId() == null ? null : brief(byId.get(r.assigneeId()), r.assigneeId()), names,
                    r.priority() > 0, triage(triage.get(r.conversationId())), last.get(r.conversationId()),
                    s.unread(), r.lastActivityAt(), r.createdAt(), r.bot(),
                    r.processedSeq() < s.lastSeq() ? InboxItem.INTAKE_PENDING : InboxItem.INTAKE_DONE,
                    snoozedUntil(r, now));
        }).toList();
    }

    /**
     * A snooze in force, or null: one whose time has passed stays in the row until something
     * rewrites it, and showed its past time while the item was back in the open view.
     */
    private static Instant snoozedUntil(InboxRow r, Instant now) {
        return r.snoozedUntil() != null && r.snoozedUntil().isAfter(now) ? r.snoozedUntil() : null;
    }

    private static InboxItem.Customer customer(Account a, String id, CustomerChannels.Channel channel) {
        if (a == null) {
            return new InboxItem.Customer(id, null, null, null, null, null, false, channel);
        }
        return new InboxItem.Customer(a.id(), a.handle(), a.displayName(), a.preferredName().orElse(null),
                FirstNames.of(a.preferredName(), a.displayName()).orElse(null), a.kind(), a.verified(), channel);
    }

    private static Views.Brief brief(Account a, String id) {
        return a == null ? new Views.Brief(id, null, null, null, false) : Views.Brief.of(a);
    }

    private static InboxItem.TriageView triage(InboxStore.TriageRecord t) {
        return t == null ? null : new InboxItem.TriageView(MessageIds.of(t.conversationId(), t.seq()), t.label(),
                Math.round(t.score() * 1000) / 1000.0, t.correctedLabel());
    }
}
