package dev.parley.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.parley.testing.Eventually;
import dev.parley.testing.NodeFixture;
import java.net.URI;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** An agent acting for a business through the SDK's forBusiness view. */
class ClientBusinessTest {
    @RegisterExtension
    static final NodeFixture NODE = NodeFixture.with(Map.of());
    static ParleyClient parley;

    @BeforeAll
    static void start() {
        parley = ParleyClient.create(URI.create("http://127.0.0.1:" + NODE.node().port()));
    }

    @Test
    void anAgentAnswersCustomersAsTheBusiness() {
        ParleyClient owner = ClientConversationTest.person(parley, "owner", Settings.FOLLOWING);
        ParleyClient buyer = ClientConversationTest.person(parley, "buyer", Settings.FOLLOWING);
        AccountBrief shop = owner.createBusiness("sdk_shop", "SDK Shop");
        assertThat(shop.kind()).isEqualTo("business");
        assertThat(owner.myBusinesses()).extracting(AccountBrief::id).containsExactly(shop.id());

        ParleyException unliked = catchThrowableOfType(ParleyException.class, () -> buyer.openDirect(shop.id()));
        assertThat(unliked.code()).isEqualTo("like_required");
        assertThat(buyer.like(shop.id()).youLike()).isTrue();
        Conversation dm = buyer.openDirect(shop.id());
        buyer.send(dm.id(), "do you ship abroad?");

        BusinessClient desk = owner.forBusiness(shop.id());
        RecordingListener heard = new RecordingListener();
        String start = desk.syncFromNow().next();
        Stream stream = desk.stream(start, heard);
        String lastHeard;
        try {
            assertThat(desk.conversations(Folder.INBOX).items()).extracting(Conversation::id).containsExactly(dm.id());
            Message reply = desk.send(dm.id(), "We do, to 40 countries.");
            assertThat(reply.senderId()).isEqualTo(shop.id());
            assertThat(reply.agentId()).as("the team sees which agent wrote it").isEqualTo(owner.me().id());
            Event created = heard.awaitEvent(Event.MESSAGE_CREATED);
            assertThat(created.message().orElseThrow().id()).isEqualTo(reply.id());
            lastHeard = created.token();
        } finally {
            stream.close();
        }
        // The business's feed may carry more after the message (its inbox changing): the stream's
        // token is that of the last event the listener got, whichever it was.
        for (RecordingListener.Heard h : heard.drain(Duration.ZERO)) {
            if (h instanceof RecordingListener.HeardEvent e) {
                lastHeard = e.event().token();
            }
        }
        assertThat(stream.lastToken()).contains(lastHeard);
        assertThat(buyer.history(dm.id()).items()).extracting(Message::senderId)
                .containsExactly(buyer.me().id(), shop.id());
        assertThat(buyer.history(dm.id()).items()).extracting(Message::agentId).as("the customer sees the business only")
                .containsOnlyNulls();
        assertThat(buyer.conversation(dm.id()).notice().code()).isEqualTo("business_reads");
        assertThat(desk.sync("0").events()).extracting(Event::type).contains(Event.MESSAGE_CREATED);
        assertThat(owner.conversations(Folder.INBOX).items()).as("the owner's own inbox stays apart").isEmpty();
    }

    /** A shop, its owner at the desk, and a customer who liked it and wrote to it. */
    private record CustomerWrote(ParleyClient owner, ParleyClient buyer, AccountBrief shop, Conversation dm,
                                 BusinessClient desk) {}

    private static CustomerWrote customerWrote(String handle, String name, String text) {
        ParleyClient owner = ClientConversationTest.person(parley, "owner", Settings.FOLLOWING);
        ParleyClient buyer = ClientConversationTest.person(parley, "buyer", Settings.FOLLOWING);
        AccountBrief shop = owner.createBusiness(handle, name);
        buyer.like(shop.id());
        Conversation dm = buyer.openDirect(shop.id());
        buyer.send(dm.id(), text);
        return new CustomerWrote(owner, buyer, shop, dm, owner.forBusiness(shop.id()));
    }

    /** Asks again until the answer is what is wanted (the inbox takes messages in after commit). */
    private static <T> T await(Supplier<T> ask, Predicate<T> wanted) {
        return Eventually.await("the inbox shows what was wanted", Duration.ofSeconds(10), ask, wanted);
    }

    @Test
    void anAgentReadsHowFastTheBusinessAnswers() throws InterruptedException {
        CustomerWrote w = customerWrote("sdk_fast", "Fast Shop", "is the red one back?");
        ParleyClient owner = w.owner();
        BusinessClient desk = w.desk();
        desk.sendAutomated(w.dm().id(), Draft.of("Thanks, we'll be right with you."));
        desk.send(w.dm().id(), "It is, since this morning.");
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        Responsiveness r = await(() -> desk.responsiveness(today.minusDays(6), today.plusDays(1)),
                x -> x.summary().requests() > 0);
        assertThat(r.summary().requests()).isEqualTo(1);
        assertThat(r.summary().responded()).isEqualTo(1);
        assertThat(r.summary().firstResponse().count()).isEqualTo(1);
        assertThat(r.agents()).extracting(Responsiveness.Agent::agentId).containsExactly(owner.me().id());
        assertThat(r.badge().earned()).isTrue();
        ParleyException stranger = catchThrowableOfType(ParleyException.class,
                () -> w.buyer().forBusiness(w.shop().id()).responsiveness(today, today));
        assertThat(stranger.status()).isEqualTo(404);
    }

    @Test
    void anAgentWorksTheSharedInbox() throws InterruptedException {
        CustomerWrote w = customerWrote("sdk_inbox", "Inbox Shop", "my parcel never came");
        ParleyClient owner = w.owner();
        ParleyClient buyer = w.buyer();
        Conversation dm = w.dm();
        BusinessClient desk = w.desk();
        InboxItem.Page page = await(() -> desk.inbox(null, null, null, null), p -> !p.items().isEmpty());
        assertThat(page.items()).extracting(InboxItem::conversationId).containsExactly(dm.id());
        assertThat(page.items().get(0).customer().id()).isEqualTo(buyer.me().id());
        assertThat(page.counts()).containsEntry("open", 1L);

        assertThat(desk.assign(dm.id(), owner.me().id()).assignee().id()).isEqualTo(owner.me().id());
        assertThat(desk.inbox(null, "me", null, null).items()).hasSize(1);
        InboxItem labelled = desk.setLabels(dm.id(), List.of("complaint", "vip"));
        assertThat(labelled.labels()).containsExactly("complaint", "vip");
        assertThat(labelled.urgent()).isTrue();
        InboxItem.Note note = desk.addNote(dm.id(), "Refund if the courier cannot find it.");
        assertThat(desk.notes(dm.id(), null).items()).extracting(InboxItem.Note::text)
                .containsExactly("Refund if the courier cannot find it.");
        assertThat(note.authorId()).isEqualTo(owner.me().id());
        assertThat(desk.inboxItem(dm.id()).intake()).isEqualTo("done");
        java.time.Instant later = java.time.Instant.now().plusSeconds(3600).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        assertThat(desk.snooze(dm.id(), later).snoozedUntil()).isEqualTo(later);
        assertThat(desk.inbox(null, null, null, null).items()).isEmpty();
        assertThat(desk.inbox(InboxItem.SNOOZED, null, null, null).items()).extracting(InboxItem::conversationId)
                .containsExactly(dm.id());
        assertThat(desk.snooze(dm.id(), java.time.Instant.now().minusSeconds(1)).snoozedUntil()).as("woken").isNull();
        assertThat(desk.setStatus(dm.id(), InboxItem.RESOLVED).status()).isEqualTo(InboxItem.RESOLVED);
        assertThat(desk.inboxItem(dm.id()).status()).isEqualTo(InboxItem.RESOLVED);
        assertThat(desk.inbox(null, null, null, null).items()).isEmpty(); // open ones only, by default

        ParleyException invalid = catchThrowableOfType(ParleyException.class, () -> desk.setStatus(dm.id(), "done"));
        assertThat(invalid.code()).isEqualTo("validation_failed");
        ParleyException stranger = catchThrowableOfType(ParleyException.class,
                () -> buyer.forBusiness(w.shop().id()).inboxItem(dm.id()));
        assertThat(stranger.status()).isEqualTo(404);
    }

    @Test
    void outreachOpensAConversationAsTheBusinessAndRetriesSafely() {
        ParleyClient owner = ClientConversationTest.person(parley, "owner", Settings.FOLLOWING);
        ParleyClient lead = ClientConversationTest.person(parley, "lead", Settings.FOLLOWING);
        AccountBrief shop = owner.createBusiness("sdk_outreach", "Outreach Co");
        BusinessClient desk = owner.forBusiness(shop.id());
        Draft hello = Draft.of("Your order is ready for pickup.");
        assertThat(desk.checkOutreach(lead.me().id(), hello.text()).allowed()).isTrue();
        Outreach first = desk.outreach(lead.me().id(), hello);
        Outreach again = desk.outreach(lead.me().id(), hello);
        assertThat(again.message().id()).isEqualTo(first.message().id());
        assertThat(lead.conversations(Folder.REQUESTS).items()).extracting(Conversation::id)
                .containsExactly(first.conversation().id());
    }

    /** Promotion needs the customer's opt-in: the refusal says why, the dry run agrees, consent unlocks it. */
    @Test
    void promotionWaitsForTheCustomersOptIn() {
        ParleyClient owner = ClientConversationTest.person(parley, "owner", Settings.FOLLOWING);
        ParleyClient buyer = ClientConversationTest.person(parley, "buyer", Settings.FOLLOWING);
        AccountBrief shop = owner.createBusiness("sdk_promo", "Promo Shop");
        buyer.like(shop.id());
        Conversation dm = buyer.openDirect(shop.id());
        buyer.send(dm.id(), "when do you open?");
        BusinessClient desk = owner.forBusiness(shop.id());
        String promo = "Use code SAVE20 for 20% off, today only!";

        SendCheck dryRun = desk.check(dm.id(), promo, false);
        assertThat(dryRun.allowed()).isFalse();
        assertThat(dryRun.code()).isEqualTo("promotional_content");
        ParleyException refused = catchThrowableOfType(ParleyException.class, () -> desk.send(dm.id(), promo));
        assertThat(refused.code()).isEqualTo("promotional_content");
        assertThat(refused.reasons()).isNotEmpty().isEqualTo(dryRun.reasons());
        assertThat(desk.sendAutomated(dm.id(), Draft.of("We open at 9.")).senderId()).isEqualTo(shop.id());

        assertThat(buyer.subscription(shop.id()).subscribed()).isFalse();
        assertThat(buyer.subscribe(shop.id(), "dm").subscribed()).isTrue();
        assertThat(desk.send(dm.id(), promo).text()).isEqualTo(promo);
        assertThat(buyer.unsubscribe(shop.id()).subscribed()).isFalse();
        List<Consent> ledger = desk.consents(10);
        assertThat(ledger).hasSize(1);
        assertThat(ledger.get(0).accountId()).isEqualTo(buyer.me().id());
        assertThat(ledger.get(0).method()).isEqualTo("dm");
        assertThat(ledger.get(0).withdrawnAt()).isNotNull();
    }

    @Test
    void someoneWhoIsNotAnAgentFindsNothing() {
        ParleyClient owner = ClientConversationTest.person(parley, "owner", Settings.FOLLOWING);
        ParleyClient stranger = ClientConversationTest.person(parley, "stranger", Settings.FOLLOWING);
        AccountBrief shop = owner.createBusiness("sdk_private", "Private Shop");
        ParleyException refused = catchThrowableOfType(ParleyException.class,
                () -> stranger.forBusiness(shop.id()).conversations(Folder.INBOX));
        assertThat(refused.status()).isEqualTo(404);
        assertThat(refused.code()).isEqualTo("not_found");
        ParleyException stream = catchThrowableOfType(ParleyException.class,
                () -> stranger.forBusiness(shop.id()).stream("0", new RecordingListener()));
        assertThat(stream.status()).isEqualTo(404);
    }
}
