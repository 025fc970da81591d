package dev.parley.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.parley.testing.NodeFixture;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The SDK against a real node: accounts, direct and group conversations, messages and refusals. */
class ClientConversationTest {
    static final String PW = "correct horse battery";
    private static final AtomicInteger SEQ = new AtomicInteger();
    @RegisterExtension
    static final NodeFixture NODE = NodeFixture.with(Map.of("rules.group_max_members", "3"));
    static ParleyClient parley;

    @BeforeAll
    static void start() {
        parley = ParleyClient.create(URI.create("http://127.0.0.1:" + NODE.node().port()));
    }

    /** A new person who takes DMs from everyone unless told otherwise. */
    static ParleyClient person(ParleyClient parley, String name, String dmPolicy) {
        String handle = name + "_" + SEQ.incrementAndGet();
        ParleyClient c = parley.as(parley.signUp(handle, PW, name));
        c.updateMe(AccountUpdate.create().dmPolicy(dmPolicy));
        return c;
    }

    private static ParleyClient person(String name) {
        return person(parley, name, Settings.EVERYONE);
    }

    @Test
    void aGroupStartsWithItsSystemLineAndNamesWhoAddedYou() {
        ParleyClient ann = person("Ann");
        ParleyClient ben = person("Ben");
        Conversation made = ann.openGroup("Harbour", List.of(ben.me().id()));
        History history = ben.history(made.id());
        assertThat(history.items()).hasSize(1);
        Message line = history.items().get(0);
        assertThat(line.isSystem()).isTrue();
        assertThat(line.automatic()).isFalse();
        assertThat(line.system()).isEqualTo(new Message.SystemEvent("created", ann.me().id(), null, "Harbour"));
        assertThat(line.text()).isEqualTo("Ann created the group Harbour");
        Conversation seen = ben.conversation(made.id());
        assertThat(seen.unreadCount()).as("a system line is never unread").isZero();
        assertThat(seen.addedBy()).isEqualTo(ann.me().id());
        ann.send(made.id(), "hello");
        assertThat(ben.history(made.id()).items()).extracting(Message::system).containsExactly(line.system(), null);
    }

    @Test
    void signUpSignInUpdateAndSignOut() {
        Session up = parley.signUp("sdk_ann", PW, "Ann");
        assertThat(up.account().handle()).isEqualTo("sdk_ann");
        assertThat(up.account().settings().dmPolicy()).isEqualTo(Settings.FOLLOWING);
        ParleyClient ann = parley.as(parley.signIn("SDK_ANN", PW));
        Account changed = ann.updateMe(AccountUpdate.create().preferredName("Annie").readReceipts(false)
                .hiddenWords(List.of("Spoiler")));
        assertThat(changed.preferredName()).isEqualTo("Annie");
        assertThat(changed.settings().readReceipts()).isFalse();
        assertThat(changed.settings().hiddenWords()).containsExactly("spoiler");
        assertThat(changed.settings().dmPolicy()).as("untouched settings stay").isEqualTo(Settings.FOLLOWING);

        ParleyException taken = catchThrowableOfType(ParleyException.class, () -> parley.signUp("SDK_Ann", PW, "Other"));
        assertThat(taken.status()).isEqualTo(409);
        assertThat(taken.code()).isEqualTo("conflict");
        assertThat(catchThrowableOfType(ParleyException.class, () -> parley.signIn("sdk_ann", "not the password"))
                .code()).isEqualTo("unauthorized");

        ann.signOut();
        ParleyException after = catchThrowableOfType(ParleyException.class, ann::me);
        assertThat(after.status()).isEqualTo(401);
        assertThat(parley.as(up).me().id()).as("the sign-up session still works").isEqualTo(up.account().id());
    }

    @Test
    void aRetriedDraftMakesOneMessage() {
        ParleyClient ann = person("ann");
        ParleyClient ben = person("ben");
        Conversation dm = ann.openDirect(ben.me().id());
        assertThat(ben.openDirect(ann.me().id()).id()).as("the pair has one direct conversation").isEqualTo(dm.id());

        Draft draft = Draft.of("hello ben");
        Message first = ann.send(dm.id(), draft);
        Message again = ann.send(dm.id(), draft);
        assertThat(again.id()).isEqualTo(first.id());
        assertThat(again.clientId()).isEqualTo(draft.clientId());
        History history = ben.history(dm.id());
        assertThat(history.items()).extracting(Message::text).containsExactly("hello ben");
        assertThat(history.hasMore()).isFalse();

        ParleyException reused = catchThrowableOfType(ParleyException.class,
                () -> ann.send(dm.id(), new Draft(draft.clientId(), "something else", null)));
        assertThat(reused.code()).isEqualTo("conflict");
    }

    @Test
    void policyRefusalsArriveAsExceptionsWithTheirCode() {
        ParleyClient ann = person("ann");
        ParleyClient closed = person(parley, "cleo", Settings.NOBODY);
        String cleoId = closed.me().id();
        assertThat(ann.dmPermission(cleoId).code()).isEqualTo("dms_closed");
        ParleyException refused = catchThrowableOfType(ParleyException.class, () -> ann.openDirect(cleoId));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.code()).isEqualTo("dms_closed");
        assertThat(refused.detail()).contains("@" + closed.me().handle());

        ParleyClient dora = person(parley, "dora", Settings.FOLLOWING);
        Conversation request = ann.openDirect(dora.me().id());
        ann.send(request.id(), "hi, we met at the conference");
        assertThat(catchThrowableOfType(ParleyException.class, () -> ann.send(request.id(), "hello?")).code())
                .isEqualTo("request_pending");
        Page<Conversation> requests = dora.conversations(Folder.REQUESTS);
        assertThat(requests.items()).extracting(Conversation::id).containsExactly(request.id());
        assertThat(dora.accept(request.id()).folder()).isEqualTo("inbox");
        assertThat(ann.send(request.id(), "thanks!").seq()).isEqualTo(2);

        ann.block(dora.me().id());
        assertThat(catchThrowableOfType(ParleyException.class, () -> dora.send(request.id(), "why?")).code())
                .isEqualTo("blocked");
        assertThat(ann.blocks(50, null).items()).extracting(Profile::id).containsExactly(dora.me().id());
        assertThat(catchThrowableOfType(ParleyException.class, () -> dora.profile(ann.me().id())).code())
                .as("an account that blocked you is not found").isEqualTo("not_found");
    }

    @Test
    void groupsKeepToTheCap() {
        ParleyClient ann = person("ann");
        ParleyClient ben = person("ben");
        ParleyClient cat = person("cat");
        ParleyClient dan = person("dan");
        assertThat(ann.rules().groupMaxMembers()).isEqualTo(3);
        Conversation group = ann.openGroup("trio", List.of(ben.me().id(), cat.me().id()));
        assertThat(group.isGroup()).isTrue();
        assertThat(group.members()).hasSize(3);
        ParleyException full = catchThrowableOfType(ParleyException.class,
                () -> ann.addMembers(group.id(), List.of(dan.me().id())));
        assertThat(full.status()).isEqualTo(422);
        assertThat(full.code()).isEqualTo("group_full");

        assertThat(ben.rename(group.id(), "the three").title()).isEqualTo("the three");
        assertThat(catchThrowableOfType(ParleyException.class, () -> ben.removeMember(group.id(), ann.me().id())).code())
                .isEqualTo("forbidden");
        cat.removeMember(group.id(), cat.me().id());
        assertThat(ann.conversation(group.id()).members()).hasSize(2);
        assertThat(catchThrowableOfType(ParleyException.class, () -> cat.conversation(group.id())).code())
                .as("a conversation one left is not found").isEqualTo("not_found");
        ann.addMembers(group.id(), List.of(dan.me().id()));
        assertThat(dan.conversations(Folder.INBOX).items()).extracting(Conversation::id).contains(group.id());
        Conversation promoted = ann.setRole(group.id(), ben.me().id(), "admin");
        assertThat(promoted.members()).filteredOn(m -> m.id().equals(ben.me().id()))
                .extracting(Conversation.Member::role).containsExactly("admin");
        ann.setRole(group.id(), ann.me().id(), "member");
        assertThat(catchThrowableOfType(ParleyException.class, () -> ben.setRole(group.id(), ben.me().id(), "member"))
                .code()).isEqualTo("last_admin");
    }

    @Test
    void editReactReadSearchAndUnsend() {
        ParleyClient ann = person("ann");
        ParleyClient ben = person("ben");
        Conversation dm = ann.openDirect(ben.me().id());
        Message hello = ann.send(dm.id(), "meet at the harbour at noon");
        Message reply = ben.send(dm.id(), Draft.replyTo(hello.id(), "harbour works"));
        assertThat(reply.replyTo()).isEqualTo(hello.id());

        assertThat(ann.edit(hello.id(), "meet at the harbour at one").editedAt()).isNotNull();
        assertThat(catchThrowableOfType(ParleyException.class, () -> ben.edit(hello.id(), "no")).code()).isEqualTo("forbidden");
        Message reacted = ben.react(hello.id(), "\uD83D\uDC4D");
        assertThat(reacted.reactions()).containsEntry("\uD83D\uDC4D", new Message.Reaction(1, true));
        assertThat(ann.message(hello.id()).reactions().get("\uD83D\uDC4D").mine()).isFalse();
        assertThat(ben.unreact(hello.id(), "\uD83D\uDC4D").reactions()).isEmpty();

        assertThat(ben.markRead(dm.id(), 99).readSeq()).as("never past the last message").isEqualTo(2);
        assertThat(ben.conversation(dm.id()).unreadCount()).isZero();
        assertThat(ann.search("HARB").items()).extracting(Message::id).containsExactly(reply.id(), hello.id());
        assertThat(ann.search("harbour one", dm.id(), 10, null).items()).extracting(Message::id).containsExactly(hello.id());

        Message gone = ann.unsend(hello.id());
        assertThat(gone.deleted()).isTrue();
        assertThat(gone.text()).isEmpty();
        assertThat(ben.historyAfter(dm.id(), 0, 10).items()).extracting(Message::seq).containsExactly(1L, 2L);
        assertThat(ann.search("harbour").items()).extracting(Message::id).containsExactly(reply.id());
        assertThat(ben.historyBefore(dm.id(), 2, 10).items()).extracting(Message::deleted).containsExactly(true);
    }

    @Test
    void conversationListsPageWithCursors() {
        ParleyClient ann = person("ann");
        for (int i = 0; i < 3; i++) {
            ann.send(ann.openDirect(person("friend").me().id()).id(), "hi " + i);
        }
        Page<Conversation> first = ann.conversations(Folder.INBOX, 2, null);
        assertThat(first.items()).hasSize(2);
        assertThat(first.next()).isPresent();
        Page<Conversation> second = ann.conversations(Folder.INBOX, 2, first.nextCursor());
        assertThat(second.items()).hasSize(1);
        assertThat(second.next()).isEmpty();
        assertThat(first.items().get(0).lastMessage().text()).as("newest activity first").isEqualTo("hi 2");
    }

    @Test
    void followsLikesAndProfiles() {
        ParleyClient ann = person("ann");
        ParleyClient ben = person("ben");
        Profile followed = ann.follow("@" + ben.me().handle());
        assertThat(followed.youFollow()).isTrue();
        assertThat(ben.profile(ann.me().id()).followsYou()).isTrue();
        assertThat(ann.unfollow(ben.me().id()).youFollow()).isFalse();
        assertThatThrownBy(() -> ann.like(ben.me().id()))
                .isInstanceOfSatisfying(ParleyException.class, e -> assertThat(e.status()).isEqualTo(422));
    }
}
