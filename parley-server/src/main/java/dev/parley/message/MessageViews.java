package dev.parley.message;

import dev.parley.account.Account;
import dev.parley.account.AccountStore;
import dev.parley.account.GraphService;
import dev.parley.conversation.LastMessages;
import dev.parley.conversation.SystemLine;
import dev.parley.media.AttachmentView;
import dev.parley.media.Attachments;
import dev.parley.safety.HiddenEverywhere;
import dev.parley.safety.HiddenWords;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;

/**
 * Messages as a viewer sees them: reactions counted for the viewer, and on a business's own
 * messages the agent who wrote each. Needs only the stores, so sending, history, search, the
 * conversation list and the inbox all render through it without reaching back to the service.
 */
public final class MessageViews implements LastMessages {
    private final MessageStore store;
    private final AccountStore accounts;
    private final GraphService graph;
    private final Attachments attachments;
    private final HiddenEverywhere hidden;
    private final ShadowedMessages shadowed = new ShadowedMessages();

    public MessageViews(MessageStore store, AccountStore accounts, GraphService graph, Attachments attachments,
                        HiddenEverywhere hidden) {
        this.store = store;
        this.accounts = accounts;
        this.graph = graph;
        this.attachments = attachments;
        this.hidden = hidden;
    }

    HiddenEverywhere hidden() {
        return hidden;
    }

    Attachments attachments() {
        return attachments;
    }

    ShadowedMessages shadowed() {
        return shadowed;
    }

    /** The rows without those shown to their sender only, unless the viewer sent them. */
    List<Message> visibleTo(Handle h, String conversationId, List<Message> rows, String viewerId) {
        Set<Long> hidden = shadowed.hiddenFrom(h, conversationId,
                rows.stream().filter(m -> !m.senderId().equals(viewerId)).map(Message::seq).toList(), viewerId);
        return hidden.isEmpty() ? rows : rows.stream().filter(m -> !hidden.contains(m.seq())).toList();
    }

    public MessageView render(Handle h, Message m, String viewerId) {
        return renderAll(h, m.conversationId(), List.of(m), viewerId).get(0);
    }

    public List<MessageView> renderAll(Handle h, String conversationId, List<Message> rows, String viewerId) {
        Map<Long, Map<String, MessageView.Reaction>> reactions =
                store.reactions(h, conversationId, rows.stream().map(Message::seq).toList(), viewerId);
        Map<String, String> names = agentNames(ownAgents(rows, viewerId));
        Map<Long, List<AttachmentView>> files = attachments.of(h, conversationId,
                rows.stream().filter(m -> !m.deleted()).map(Message::seq).toList());
        // Only a deleted message can have been removed by a moderator: most pages ask nothing more.
        List<Long> deleted = rows.stream().filter(Message::deleted).map(Message::seq).toList();
        Set<Long> moderated = deleted.isEmpty() ? Set.of() : store.moderated(h, conversationId, deleted);
        List<String> words = hiddenWordsOf(h, viewerId);
        return rows.stream()
                .map(m -> seenBy(MessageView.of(m, reactions.getOrDefault(m.seq(), Map.of()))
                        .withAttachments(files.getOrDefault(m.seq(), List.of())), m, viewerId, names))
                .map(v -> moderated.contains(v.seq()) ? v.removedByModeration() : v)
                .map(v -> hiddenWords(v, words, viewerId))
                .map(v -> pastBlocks(v, viewerId))
                .toList();
    }

    /** Folded ({@code hidden: true}) as {@link #hides} says. History and previews alike. */
    private static MessageView hiddenWords(MessageView v, List<String> words, String viewerId) {
        return hides(words, viewerId, v.senderId(), v.deleted(), v.text()) ? v.hiddenForViewer() : v;
    }

    /**
     * Whether a viewer who applies hidden words everywhere (these words; empty for none) sees the
     * message folded: the text holds one of them, and it is neither their own nor a deleted one.
     */
    static boolean hides(List<String> words, String viewerId, String senderId, boolean deleted, String text) {
        return !words.isEmpty() && !deleted && !senderId.equals(viewerId) && HiddenWords.matches(words, text);
    }

    /** The viewer's hidden words where they apply to everything they read; empty otherwise. */
    List<String> hiddenWordsOf(Handle h, String viewerId) {
        return hidden.wordsOf(h, List.of(viewerId)).getOrDefault(viewerId, List.of());
    }

    /**
     * The view as a viewer on one side of a block may have it, since a blocked account must not
     * reach the one who blocked it nor see what they changed since: the files of a sender on the
     * other side of a block (either way) come without links ({@link AttachmentView#unavailable}),
     * and a system line naming someone who blocked the viewer names them as the conversation views
     * do ({@link SystemLine#wordedFor}). Costs nothing while the viewer has no block either way
     * (the graph caches each account's blocks).
     */
    MessageView pastBlocks(MessageView v, String viewerId) {
        Set<String> blocks = graph.blocksOf(viewerId);
        if (blocks.isEmpty()) {
            return v;
        }
        if (v.system() != null) {
            String text = SystemLine.wordedFor(v.system(),
                    id -> blocks.contains(id) && graph.hasBlocked(id, viewerId), accounts::byId);
            return text == null ? v : v.withText(text);
        }
        if (!v.attachments().isEmpty() && !v.senderId().equals(viewerId) && blocks.contains(v.senderId())) {
            return v.withAttachments(v.attachments().stream().map(AttachmentView::unavailable).toList());
        }
        return v;
    }

    /**
     * A message that is gone (unsent, removed by a moderator, erased, expired) as history renders
     * it, from its row alone: a deleted message has no text, files or reactions to read.
     *
     * @param agentName the display name of the agent who wrote it, shown to its own business only
     */
    MessageView gone(Message m, boolean moderated, String agentName, String viewerId) {
        MessageView v = seenBy(MessageView.of(m, Map.of()), m, viewerId,
                m.agentId() == null || agentName == null ? Map.of() : Map.of(m.agentId(), agentName));
        return pastBlocks(moderated ? v.removedByModeration() : v, viewerId);
    }

    /** Whether the viewer stands on either side of any block (cached: the usual "no" costs nothing). */
    boolean anyBlocks(String viewerId) {
        return !graph.blocksOf(viewerId).isEmpty();
    }

    /** The viewer and the sender stand on either side of a block (never so for one's own message). */
    boolean cutOff(String viewerId, String senderId) {
        return !viewerId.equals(senderId) && graph.blockedEitherWay(viewerId, senderId);
    }

    /** The last message of each conversation as the viewer sees it, for conversation lists. */
    @Override
    public Map<String, Object> of(Handle h, String viewerId, Map<String, Long> lastSeqByConversation) {
        Map<String, Message> last = new HashMap<>(store.at(h, lastSeqByConversation));
        lastVisible(h, viewerId, last);
        Map<String, String> names = agentNames(ownAgents(last.values(), viewerId));
        Map<String, Long> shown = last.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().seq()));
        Map<String, List<AttachmentView>> files = attachments.ofLast(h, shown);
        Map<String, Object> out = new HashMap<>();
        List<String> words = last.isEmpty() ? List.of() : hiddenWordsOf(h, viewerId);
        last.forEach((conversation, m) -> {
            MessageView v = seenBy(MessageView.of(m, Map.of())
                    .withAttachments(files.getOrDefault(conversation, List.of())), m, viewerId, names);
            // Rare (a deleted last message): one more look, for "removed by moderation".
            boolean removed = m.deleted() && !store.moderated(h, conversation, List.of(m.seq())).isEmpty();
            out.put(conversation, pastBlocks(hiddenWords(removed ? v.removedByModeration() : v, words, viewerId),
                    viewerId));
        });
        return out;
    }

    /**
     * Where a conversation's last message is another's shadowed one, the preview is the newest
     * the viewer may see (rare: one look per such conversation).
     */
    private void lastVisible(Handle h, String viewerId, Map<String, Message> last) {
        for (Map.Entry<String, Message> e : Map.copyOf(last).entrySet()) {
            Message m = e.getValue();
            if (m.senderId().equals(viewerId) || shadowed.hiddenFrom(h, m.conversationId(), List.of(m.seq()), viewerId).isEmpty()) {
                continue;
            }
            List<Message> earlier = visibleTo(h, m.conversationId(), store.before(h, m.conversationId(), m.seq(), 20), viewerId);
            if (earlier.isEmpty()) {
                last.remove(e.getKey());
            } else {
                last.put(e.getKey(), earlier.get(earlier.size() - 1));
            }
        }
    }

    @Override
    public Map<String, Long> unreadHidden(Handle h, String viewerId, java.util.Collection<String> conversationIds) {
        // Another's shadowed messages and every system line: neither is unread.
        Map<String, Long> out = new java.util.HashMap<>(shadowed.unreadHidden(h, viewerId, conversationIds));
        SystemMessages.unreadLines(h, viewerId, conversationIds).forEach((id, n) -> out.merge(id, n, Long::sum));
        return out;
    }

    /** A business's agents (the sender's own account) see who wrote each of its messages; nobody else. */
    private static MessageView seenBy(MessageView v, Message m, String viewerId, Map<String, String> names) {
        return m.agentId() != null && m.senderId().equals(viewerId)
                ? v.withAgent(m.agentId(), names.get(m.agentId())) : v;
    }

    private static Set<String> ownAgents(Collection<Message> rows, String viewerId) {
        return rows.stream().filter(m -> m.agentId() != null && m.senderId().equals(viewerId))
                .map(Message::agentId).collect(Collectors.toSet());
    }

    /** Display names of agents, by id. */
    Map<String, String> agentNames(Collection<String> agentIds) {
        if (agentIds.isEmpty()) {
            return Map.of();
        }
        return accounts.byIds(agentIds).stream().collect(Collectors.toMap(Account::id, Account::displayName));
    }
}
