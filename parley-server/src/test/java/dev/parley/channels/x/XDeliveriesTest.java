package dev.parley.channels.x;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.channels.Inbound;
import dev.parley.channels.Inbound.Kind;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Each kind of X delivery, from the documentation's shapes, read into Parley's inbound events. */
@Tag("sqlite-only")
class XDeliveriesTest {
    private static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");
    private static final XDeliveries X = new XDeliveries(Clock.fixed(NOW, ZoneOffset.UTC));
    private static final String BUSINESS = "4337869213";
    private static final String CUSTOMER = "3001969357";

    private static List<Inbound> parse(String fixture) {
        return X.parse(XFixtures.load(fixture));
    }

    private static List<Inbound> parseText(String json) {
        return X.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aCustomersTextKeepsItsEmojiAndAccentsAndItsLinksExpanded() {
        Inbound m = parse("aaa-message.json").get(0);

        assertThat(m.kind()).isEqualTo(Kind.MESSAGE);
        assertThat(m.accountExternalId()).isEqualTo(BUSINESS);
        assertThat(m.contactExternalId()).isEqualTo(CUSTOMER);
        assertThat(m.networkMessageId()).isEqualTo("954491830116155396");
        assertThat(m.at()).isEqualTo(Instant.ofEpochMilli(1516403560557L));
        assertThat(m.text()).isEqualTo("Bonjour, ça marche ? 👋 Commande n° 42 — voir https://shop.example/orders/42");
        assertThat(m.attachments()).isEmpty();
        assertThat(m.payload()).isNull();
    }

    @Test
    void aPhotoAndAVideoComeAsAttachmentsInOrderWithoutTheirTcoLinks() {
        List<Inbound> events = parse("aaa-media.json");

        assertThat(events).extracting(Inbound::networkMessageId).containsExactly("954491830116155400", "954491830116155401");
        Inbound photo = events.get(0);
        assertThat(photo.text()).isEqualTo("Here is the broken part");
        assertThat(photo.attachments()).containsExactly(new Inbound.Attachment("image",
                "https://ton.twimg.com/1.1/ton/data/dm/954491830116155400/954491817004654593/Ze4yEZ7g.jpg", null));
        Inbound video = events.get(1);
        assertThat(video.text()).as("only the media's own link was there").isNull();
        assertThat(video.attachments()).containsExactly(new Inbound.Attachment("video",
                "https://video.twimg.com/dm_video/954491817004654594/vid/1280x720/high.mp4", null));
    }

    @Test
    void aQuickReplyCarriesItsMetadataAsThePayload() {
        Inbound q = parse("aaa-quick-reply.json").get(0);

        assertThat(q.kind()).isEqualTo(Kind.QUICK_REPLY);
        assertThat(q.contactExternalId()).isEqualTo("3805104374");
        assertThat(q.text()).isEqualTo("Blue Bird");
        assertThat(q.payload()).isEqualTo("external_id_2");
    }

    @Test
    void whatTheBusinessSentFromXsAppIsAnEchoToItsRecipient() {
        Inbound e = parse("aaa-echo.json").get(0);

        assertThat(e.kind()).isEqualTo(Kind.ECHO);
        assertThat(e.contactExternalId()).isEqualTo(CUSTOMER);
        assertThat(e.networkMessageId()).isEqualTo("954491830116155500");
        assertThat(e.text()).isEqualTo("Thanks — we'll ship it today");
    }

    @Test
    void theCustomersReadIsAReadOfTheLastEventAndTheBusinessesOwnReadIsNothing() {
        List<Inbound> events = parse("aaa-read.json");

        assertThat(events).hasSize(1);
        Inbound r = events.get(0);
        assertThat(r.kind()).isEqualTo(Kind.READ);
        assertThat(r.contactExternalId()).isEqualTo(CUSTOMER);
        assertThat(r.networkMessageId()).isEqualTo("954491830116155500");
        assertThat(r.at()).isEqualTo(Instant.ofEpochMilli(1518452444662L));
    }

    @Test
    void typingIsNoEventInTheThread() {
        assertThat(parse("aaa-typing.json")).isEmpty();
    }

    @Test
    void theActivityApisDmReceivedAndSentAreAMessageAndAnEcho() {
        Inbound in = parse("xaa-dm-received.json").get(0);
        assertThat(in.kind()).isEqualTo(Kind.MESSAGE);
        assertThat(in.accountExternalId()).isEqualTo("1111111111111111111");
        assertThat(in.contactExternalId()).isEqualTo("2222222222222222222");
        assertThat(in.networkMessageId()).isEqualTo("2080765901528535096");
        assertThat(in.text()).isEqualTo("hello!");

        Inbound out = parse("xaa-dm-sent.json").get(0);
        assertThat(out.kind()).isEqualTo(Kind.ECHO);
        assertThat(out.contactExternalId()).isEqualTo("2244994945");
        assertThat(out.networkMessageId()).isEqualTo("2080763914820927863");
    }

    @Test
    void theActivityApisDmReadIsARead() {
        List<Inbound> wrapped = parseText("""
                {"data":{"event_uuid":"1","filter":{"user_id":"10"},"event_type":"dm.read","payload":{
                 "direct_message_mark_read_events":[{"created_timestamp":"1700000000000","sender_id":"20",
                 "target":{"recipient_id":"10"},"last_read_event_id":"555"}]}}}""");
        List<Inbound> bare = parseText("""
                {"data":{"event_uuid":"2","filter":{"user_id":"10"},"event_type":"dm.read","payload":{
                 "created_timestamp":"1700000000000","sender_id":"20","target":{"recipient_id":"10"},"last_read_event_id":"555"}}}""");

        for (List<Inbound> events : List.of(wrapped, bare)) {
            assertThat(events).singleElement().satisfies(r -> {
                assertThat(r.kind()).isEqualTo(Kind.READ);
                assertThat(r.accountExternalId()).isEqualTo("10");
                assertThat(r.contactExternalId()).isEqualTo("20");
                assertThat(r.networkMessageId()).isEqualTo("555");
                assertThat(r.at()).isEqualTo(Instant.ofEpochMilli(1700000000000L));
            });
        }
    }

    @Test
    void anEncryptedChatIsUnsupportedInTheSendersThread() {
        Inbound c = parse("xaa-chat-received.json").get(0);

        assertThat(c.kind()).isEqualTo(Kind.UNSUPPORTED);
        assertThat(c.contactExternalId()).isEqualTo("2222222222222222222");
        assertThat(c.networkMessageId()).isEqualTo("e4f4d3fc-8bbf-4928-92eb-e5058d6bb6f6");
        assertThat(c.at()).isEqualTo(Instant.ofEpochMilli(1784841183370L));
        assertThat(c.payload()).contains("chat.received");
    }

    @Test
    void activityThatIsNoDmGivesNoEvent() {
        assertThat(parse("xaa-post-create.json")).isEmpty();
        assertThat(parseText("{\"for_user_id\":\"1\",\"follow_events\":[{\"type\":\"follow\"}]}")).isEmpty();
    }

    @Test
    void v2DmEventsGiveMessagesEchoesAndUnsupportedParticipantChanges() {
        List<Inbound> events = parse("v2-dm-events.json");

        assertThat(events).extracting(Inbound::kind).containsExactly(Kind.MESSAGE, Kind.ECHO, Kind.UNSUPPORTED);
        Inbound m = events.get(0);
        assertThat(m.contactExternalId()).isEqualTo("2222222222222222222");
        assertThat(m.at()).isEqualTo(Instant.parse("2022-10-19T20:58:00Z"));
        assertThat(m.attachments()).containsExactly(
                new Inbound.Attachment("image", "https://pbs.twimg.com/media/FfgtqRnWYAI3ImV.jpg", null),
                new Inbound.Attachment("link", "https://x.com/i/web/status/1578900353814519810", null));
        assertThat(events.get(1).contactExternalId()).as("the echo's contact is the other participant").isEqualTo("2222222222222222222");
        assertThat(events.get(1).text()).isEqualTo("Yes, size M and L.");
        assertThat(events.get(2).contactExternalId()).isEqualTo("2222222222222222222");
        assertThat(events.get(2).payload()).contains("ParticipantsJoin");
    }

    @Test
    void aDmEventOfAnUnknownTypeIsUnsupportedRatherThanLost() {
        List<Inbound> events = parseText("""
                {"for_user_id":"10","direct_message_events":[{"type":"reaction_create","id":"77",
                 "created_timestamp":"1700000000000","message_create":{"sender_id":"20","target":{"recipient_id":"10"}}}]}""");

        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(Kind.UNSUPPORTED);
            assertThat(e.contactExternalId()).isEqualTo("20");
            assertThat(e.networkMessageId()).isEqualTo("77");
        });
    }

    @Test
    void aBodyThatIsNotXsJsonIsRefused() {
        assertThatThrownBy(() -> parseText("not json")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> parseText("[1,2]")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> parseText("{\"direct_message_events\":[]}")).as("no for_user_id")
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> parseText("{\"for_user_id\":\"1\",\"direct_message_events\":[{\"type\":\"message_create\","
                + "\"created_timestamp\":\"yesterday\",\"message_create\":{\"sender_id\":\"2\"}}]}"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> parseText("{\"for_user_id\":\"1\",\"direct_message_events\":[{\"type\":\"message_create\","
                + "\"id\":\"9\",\"created_timestamp\":\"1700000000000\",\"message_create\":{\"message_data\":{\"text\":\"hi\"}}}]}"))
                .as("a message with no sender").isInstanceOf(IllegalArgumentException.class);
    }
}
