package dev.parley.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.channels.MetaFixtures;
import dev.parley.channels.connect.ConnectStub;
import dev.parley.testing.Eventually;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.support.ui.Select;

/**
 * A business connects its Facebook Page from its settings and answers a Messenger customer from
 * the shared inbox, against the networks stubbed on 127.0.0.1: Connect goes to the stub's login
 * dialog, which grants and sends the browser back through the server's callback to the channel
 * settings; a signed webhook delivery brings the customer's message in; the agent's reply reaches
 * the stub's Send API; then the stub revokes the token (Graph error 190) and the settings ask for a
 * re-connect, which the owner does with the same sign-in.
 */
@Tag("sqlite-only")
@ExtendWith(ScreenshotsOnFailure.class)
class ChannelConnectBrowserTest {
    static final ConnectStub STUB = new ConnectStub();
    static final String PAGE = "104837261945";
    static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    static final WebNode WEB = WebNode.with(STUB.settings());

    @AfterAll
    static void stopStub() {
        STUB.close();
    }

    @Test
    void theOwnerConnectsMessengerAnswersACustomerAndIsAskedToReconnectWhenTheTokenIsRevoked() throws Exception {
        STUB.pages(new ConnectStub.Page(PAGE, "Acme Outdoor Page", "page-token-acme"));
        STUB.profile("7001", "{\"first_name\":\"Maya\",\"last_name\":\"Lind\",\"id\":\"7001\"}");
        Browser ann = WEB.browser("ann");
        ann.signUp("ann", "Ann Lee");
        ann.clickText("a", "Settings");
        ann.type("#biz-handle", "acme");
        ann.type("#biz-name", "Acme Outdoor");
        ann.clickText("button", "Create business page");
        ann.waitText(".business .note", "Acme Outdoor is ready.");
        new Select(ann.waitVisible("#acting")).selectByVisibleText("Acme Outdoor (@acme, business)");
        ann.waitOnline();

        // The channel settings: nothing connected yet; Connect goes through the network's own sign-in.
        ann.click("a[href='#/channels']");
        ann.waitText("#channel-list [data-network='messenger']", "No Facebook Page connected.");
        ann.resize(1366, 800);
        ann.screenshot("70-channels-none-1366");
        ann.click("#connect-messenger");
        ann.waitText("#channel-outcome", "Messenger is connected.");
        ann.waitText("#channel-list [data-network='messenger'] .channel[data-state='connected']", "Acme Outdoor Page");
        ann.screenshot("71-channels-connected-1366");
        ann.resize(390, 844);
        ann.screenshot("71-channels-connected-390");
        // On a phone nothing on the page is wider than the screen: a long API path in the X card's
        // hint pushed the whole page sideways.
        assertThat(ann.js("const p = document.querySelector('.channels-page');"
                + " return p.scrollWidth <= p.clientWidth && document.documentElement.scrollWidth <= innerWidth"))
                .isEqualTo(true);
        ann.resize(1366, 800);
        assertThat(STUB.calls("POST", "/" + PAGE + "/subscribed_apps")).isNotEmpty()
                .allSatisfy(c -> assertThat(c.authorization()).isEqualTo("Bearer page-token-acme"));

        // A customer writes on Messenger: the signed delivery lands in the shared inbox.
        byte[] body = MetaFixtures.body("messenger-text", Map.of("__PAGE__", PAGE, "__USER__", "7001",
                "__MID__", "m_maya_1", "__TEXT__", "Hi! Is the 2-person tent waterproof?",
                "__TS__", String.valueOf(System.currentTimeMillis())));
        HttpResponse<String> delivered = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(WEB.api().base() + "/api/v1/channels/messenger/webhook"))
                .header("Content-Type", "application/json")
                .header("X-Hub-Signature-256", MetaFixtures.sign(MetaFixtures.SECRET, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(delivered.statusCode()).isEqualTo(200);
        // The contact's name is fetched after the message is in, and triage files it: wait for both, then look.
        String token = (String) ann.js("return localStorage.getItem('parley.token')");
        String acme = WEB.api().get("/api/v1/accounts/acme", token).expect(200).body().get("id").asText();
        Eventually.await("the customer in the shared inbox", WAIT, () -> WEB.api()
                .get("/api/v1/businesses/" + acme + "/inbox", token).expect(200).raw(), raw -> raw.contains("Maya Lind"));
        ann.click("#open-inbox");
        ann.clickText("#inbox-list a", "Maya Lind");
        ann.message("Hi! Is the 2-person tent waterproof?");
        ann.send("Yes, fully taped seams and a 3000 mm flysheet.");
        ann.messageShowing("Yes, fully taped seams and a 3000 mm flysheet.", "by Ann Lee");
        ann.screenshot("72-channel-conversation-answered-1366");
        List<ConnectStub.Call> sends = Eventually.await("the reply at the Send API", WAIT,
                () -> STUB.calls("POST", "/" + PAGE + "/messages"), l -> !l.isEmpty());
        assertThat(sends.get(0).body()).contains("\"id\":\"7001\"").contains("fully taped seams");
        assertThat(sends.get(0).authorization()).isEqualTo("Bearer page-token-acme");

        // The Page's token is revoked: the next reply fails with Graph error 190 and the settings ask for a re-connect.
        STUB.failNextSend("{\"error\":{\"message\":\"Error validating access token: The session has been invalidated "
                + "because the user changed their password.\",\"type\":\"OAuthException\",\"code\":190,"
                + "\"error_subcode\":460,\"fbtrace_id\":\"AbC\"}}");
        ann.send("We also have it in green.");
        Eventually.await("the refused send", WAIT, () -> STUB.calls("POST", "/" + PAGE + "/messages").size() >= 2);
        ann.click("a[href='#/channels']");
        ann.waitText("#channel-list .channel[data-state='needs_reconnect']", "Needs re-connecting");
        ann.waitText("#channel-list .reconnect-prompt", "no longer accepts Parley's access");
        ann.screenshot("73-channels-reconnect-prompt-1366");
        ann.resize(390, 844);
        ann.screenshot("73-channels-reconnect-prompt-390");
        ann.resize(1366, 800);

        // Re-connecting runs the same sign-in and keeps the same channel (and its conversation).
        STUB.pages(new ConnectStub.Page(PAGE, "Acme Outdoor Page", "page-token-acme-2"));
        ann.clickText("#channel-list button", "Re-connect Messenger");
        ann.waitText("#channel-outcome", "Messenger is connected.");
        ann.waitText("#channel-list .channel[data-state='connected']", "Acme Outdoor Page");
        assertThat(ann.js("return document.querySelectorAll('#channel-list .channel').length")).isEqualTo(1L);
        ann.screenshot("74-channels-reconnected-1366");

        // Disconnecting asks first; cancelling keeps the channel.
        ann.clickText("#channel-list button", "Disconnect Acme Outdoor Page");
        ann.waitText("#channel-list .confirm", "Messages stop arriving; the conversations stay.");
        ann.screenshot("75-channels-disconnect-confirm-1366");
        ann.clickText("#channel-list .confirm button", "Cancel");
        ann.waitGone("#channel-list .confirm button");
        ann.clickText("#channel-list button", "Disconnect Acme Outdoor Page");
        ann.clickText("#channel-list .confirm button", "Yes, disconnect");
        ann.waitText("#channel-list .channel[data-state='disconnected']", "Disconnected");

        // An owner with several Pages picks one after the sign-in.
        STUB.pages(new ConnectStub.Page(PAGE, "Acme Outdoor Page", "page-token-acme-3"),
                new ConnectStub.Page("104837261946", "Acme Harbour Store", "page-token-harbour"));
        ann.click("#connect-messenger");
        ann.waitText("#channel-choice legend", "Which Facebook Page?");
        ann.resize(390, 844);
        ann.screenshot("76-channels-pick-a-page-390");
        ann.resize(1366, 800);
        ann.clickText("#channel-choice label", "Acme Harbour Store");
        ann.clickText("#channel-choice button", "Connect this one");
        ann.waitText("#channel-outcome", "Acme Harbour Store is connected.");
        ann.waitText("#channel-list .channel[data-state='connected']", "Acme Harbour Store");
        ann.waitText("#channel-list .channel[data-state='disconnected']", "Acme Outdoor Page");
        assertThat(STUB.calls("POST", "/104837261946/subscribed_apps")).isNotEmpty();
        ann.screenshot("77-channels-picked-1366");
    }
}
