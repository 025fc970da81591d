package dev.parley.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.push.PushService;
import dev.parley.testing.Api;
import dev.parley.testing.Api.Person;
import dev.parley.testing.Eventually;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WindowType;

/**
 * Notifications in the web client, in Chromium: the permission asked from the settings button
 * registers this browser as a device; a push handed to the service worker shows a notification
 * with the sender and text; clicking it opens the conversation; reading it elsewhere closes it;
 * and the tab's title and favicon carry the unread count. Chromium's own push service is out of
 * reach, so the test stands in for it twice: {@code PushManager.subscribe} answers a subscription
 * at a push service the test runs on 127.0.0.1, and a push is handed to the worker through the
 * DevTools protocol ({@code ServiceWorker.deliverPushMessage}).
 */
@Tag("sqlite-only")
@ExtendWith(ScreenshotsOnFailure.class)
class NotificationsBrowserTest {
    @RegisterExtension
    static final WebNode WEB = WebNode.with(Map.of("outbound.allow_private_addresses", "on", "notify.delay", "300ms",
            "notify.collapse", "1s")); // not the 10 s default: a customer's next message is told within the test's patience
    static final PushService PUSH = new PushService();
    private static final Duration WAIT = Duration.ofSeconds(20);

    @AfterAll
    static void stop() {
        PUSH.close();
    }

    private static String origin() {
        return "http://127.0.0.1:" + WEB.node().port();
    }

    /** The notifications the page's service worker shows now: "title|body|tag" each. */
    @SuppressWarnings("unchecked")
    private static List<String> shown(Browser b) {
        return (List<String>) ((JavascriptExecutor) b.driver).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                navigator.serviceWorker.ready.then((r) => r.getNotifications())
                  .then((ns) => done(ns.map((n) => n.title + '|' + n.body + '|' + n.tag)))
                  .catch((e) => done(['error|' + e.message + '|']));
                """);
    }

    /** Waits until the page's service worker is active. */
    private static void awaitWorker(Browser b) {
        ((JavascriptExecutor) b.driver).executeAsyncScript(
                "const done = arguments[arguments.length - 1]; navigator.serviceWorker.ready.then(() => done(true));");
    }

    /**
     * Hands the worker a push as the push service would (the profile is fresh, so its one
     * registration has a small id; each is tried) until the worker shows a notification; answers them.
     */
    private static List<String> deliverPush(Browser b, String json) {
        awaitWorker(b);
        b.driver.executeCdpCommand("ServiceWorker.enable", Map.of());
        return Eventually.await("the worker's notification", WAIT, () -> {
            for (int id = 0; id < 4; id++) {
                try {
                    b.driver.executeCdpCommand("ServiceWorker.deliverPushMessage",
                            Map.of("origin", origin(), "registrationId", String.valueOf(id), "data", json));
                } catch (RuntimeException noSuchRegistration) {
                    // another id is this profile's
                }
            }
            Eventually.sleep(Duration.ofMillis(300));
            return shown(b);
        }, l -> !l.isEmpty());
    }

    @Test
    void theSettingsButtonRegistersThisBrowserAndAPushShowsAndOpensTheConversation() {
        Api api = WEB.api();
        Person ann = api.signUp("ann_wn");
        Person bob = api.signUp("bob_wn");
        api.setDmPolicy(bob, "everyone");
        String dm = api.open(ann, bob);
        PushService.Browser device = PUSH.subscribe();

        Browser b = WEB.freshBrowser("bob");
        b.signIn(bob.handle());
        // Nothing was asked on load.
        assertThat(b.js("return Notification.permission")).isEqualTo("default");
        b.driver.executeCdpCommand("Browser.grantPermissions",
                Map.of("origin", origin(), "permissions", List.of("notifications")));
        // Chromium's push service is unreachable here: subscribing answers a subscription at the test's.
        b.js("""
                const [endpoint, p256dh, auth] = arguments;
                PushManager.prototype.getSubscription = async () => null;
                PushManager.prototype.subscribe = async function (options) {
                  window.subscribedWith = options;
                  return { options, toJSON: () => ({ endpoint, expirationTime: null, keys: { p256dh, auth } }) };
                };
                """, device.endpoint(), device.p256dh(), device.auth());

        b.go("#/settings");
        b.waitVisible("#notify-settings");
        b.waitText("#notify-permission", "allowed");
        b.js("document.getElementById('notify-settings').scrollIntoView()");
        b.screenshot("notifications-settings");
        b.click("#notify-enable");
        b.waitText("#notify-permission", "Notifications are on for this browser.");
        String vapid = api.get("/api/v1/push/vapid-public-key", null).expect(200).body().get("key").asText();
        assertThat(b.js("return btoa(String.fromCharCode(...new Uint8Array(window.subscribedWith.applicationServerKey)))"
                + ".replace(/\\+/g, '-').replace(/\\//g, '_').replace(/=+$/, '')")).isEqualTo(vapid);
        assertThat(b.js("return window.subscribedWith.userVisibleOnly")).isEqualTo(true);
        var devices = api.get("/api/v1/me/devices", bob.token()).expect(200).body().get("items");
        assertThat(devices).hasSize(1);
        assertThat(devices.get(0).get("kind").asText()).isEqualTo("webpush");
        assertThat(devices.get(0).get("endpoint").asText()).isEqualTo(device.endpoint());

        // A message while Bob is elsewhere in the client: the title and the favicon count it.
        api.send(ann, dm, "are we still on for friday?").expect(201);
        b.wait.until(d -> "(1) Parley".equals(d.getTitle()));
        assertThat(b.js("return document.querySelector(\"link[rel='icon']\").dataset.count")).isEqualTo("1");
        assertThat((String) b.js("return document.querySelector(\"link[rel='icon']\").href")).startsWith("data:image/png");

        // The push arrives: the worker shows who wrote, what, for which conversation.
        List<String> notes = deliverPush(b, "{\"kind\":\"message\",\"conversation_id\":\"" + dm + "\",\"sender_name\":\"Ann_wn\","
                + "\"text\":\"are we still on for friday?\",\"body\":\"are we still on for friday?\",\"unread\":1,\"total_unread\":1}");
        assertThat(notes).containsExactly("Ann_wn|are we still on for friday?|" + dm);

        // A click (acted through the worker's click path) opens the conversation in this tab.
        b.js("navigator.serviceWorker.ready.then((r) => r.active.postMessage({ type: 'click', tag: arguments[0] }))", dm);
        b.wait.until(d -> d.getCurrentUrl().endsWith("#/c/" + dm));
        b.waitText(".messages", "are we still on for friday?");
        assertThat(shown(b)).isEmpty();
        // Read now: the count leaves the title.
        b.wait.until(d -> "Parley".equals(d.getTitle()));
        b.screenshot("notifications-opened");

        // The conversation's menu mutes it, for every device of Bob's.
        b.click("#conv-menu summary");
        b.click("#conv-mute-2");
        b.waitText("#conv-menu summary", "Muted");
        assertThat(api.get("/api/v1/conversations/" + dm, bob.token()).expect(200).body().get("muted_until").asText())
                .isEqualTo("forever");
        b.click("#conv-menu summary");
        b.click("#conv-unmute");
        b.waitText("#conv-menu summary", "Notifications");
        assertThat(api.get("/api/v1/conversations/" + dm, bob.token()).body().get("muted_until").isNull()).isTrue();

        // Signing out: this browser is no longer Bob's device, so whoever signs in next is not told of his messages.
        b.clickText("button", "Sign out");
        b.waitVisible("#auth-handle");
        assertThat(api.get("/api/v1/me/devices", bob.token()).expect(200).body().get("items")).isEmpty();
    }

    @Test
    void anAgentIsToldOfAConversationAssignedToThemAndOfTheCustomersNextMessage() {
        Api api = WEB.api();
        Person owner = api.signUp("own_wn");
        String shop = api.post("/api/v1/businesses", owner.token(), Map.of("handle", "wnshop",
                "display_name", "Bell Shop")).expect(201).body().at("/business/id").asText();
        Person customer = api.signUp("cus_wn");
        api.put("/api/v1/accounts/" + shop + "/like", customer.token()).expect(200);
        Browser b = agentPage("owner", owner, "Bell Shop (@wnshop, business)");

        String c = api.open(customer, new Person(shop, null, null));
        api.send(customer, c, "my bell does not ring").expect(201);
        // The node's side first, with room: the first customer message of a test JVM waits for the
        // triage model to load, which took over a minute once in CI beside the other JVM's browsers.
        Eventually.await("the node's assignment", Duration.ofSeconds(180), () -> {
            Api.Res r = api.get("/api/v1/businesses/" + shop + "/inbox/" + c, owner.token());
            return r.status() == 200 ? r.body().at("/assignee/id").asText() : "absent";
        }, owner.id()::equals);
        // What the page asked the browser to show, and that the browser took it. Not what headless
        // Chromium lists afterwards: Chromium 156 at times drops a notification a visible page shows
        // (the show resolved, getNotifications() right after it was empty: 3 of 4 runs of this class on
        // 7 Dec; never when the test ran alone). The worker's own, a push's, are listed, and checked so
        // below and in this class's push tests.
        String news = "New conversation for you at Bell Shop|From Cus_wn|" + c;
        Eventually.await("the assignment's notification", WAIT, () -> told(b), l -> l.contains(news));
        api.send(customer, c, "it is the blue one").expect(201);
        // The same tag: the customer's message replaces the assignment's notice, one per conversation.
        String next = "Cus_wn|it is the blue one|" + c;
        Eventually.await("the next message's notification", WAIT, () -> told(b), l -> l.contains(next));
        assertThat(told(b)).containsExactly(news, next);
        Eventually.await("the browser taking both", WAIT, () -> heard(b), l -> l.stream().filter("shown"::equals).count() == 2);

        // The node's push for an agent (as AgentPushTest has the node make it) names the business, and
        // a click opens the conversation acting for it, even from the person's own screen.
        asyncJs(b, "const done = arguments[arguments.length - 1]; navigator.serviceWorker.ready"
                + ".then((r) => r.getNotifications()).then((ns) => { ns.forEach((n) => n.close()); done(true); });");
        new org.openqa.selenium.support.ui.Select(b.waitVisible("#acting")).selectByValue("");
        b.waitText("h2", "Welcome");
        List<String> pushed = deliverPush(b, "{\"kind\":\"message\",\"conversation_id\":\"" + c + "\",\"acting_as\":\""
                + shop + "\",\"title\":\"Cus_wn at Bell Shop\",\"sender_name\":\"Cus_wn\",\"body\":\"it is the blue one\"}");
        assertThat(pushed).containsExactly("Cus_wn at Bell Shop|it is the blue one|" + c);
        b.js("navigator.serviceWorker.ready.then((r) => r.active.postMessage({ type: 'click', tag: arguments[0] }))", c);
        b.wait.until(d -> d.getCurrentUrl().endsWith("#/c/" + c));
        b.waitText(".messages", "it is the blue one");
        assertThat(b.js("return document.getElementById('acting').value")).isEqualTo(shop);
        b.screenshot("notifications-agent-opened-acting");

        // With no Parley tab open the worker opens /?acting=ID#/c/ID: the same conversation, acting for the shop.
        new org.openqa.selenium.support.ui.Select(b.waitVisible("#acting")).selectByValue("");
        b.waitText("h2", "Welcome");
        b.driver.get(origin() + "/?acting=" + shop + "#/c/" + c);
        b.waitText(".messages", "it is the blue one");
        assertThat(b.js("return document.getElementById('acting').value")).isEqualTo(shop);
        assertThat(b.driver.getCurrentUrl()).isEqualTo(origin() + "/#/c/" + c);
    }

    /** A shop of the owner's that a customer likes (so they may write to it): its id. */
    private static String shop(Api api, Person owner, String handle, String name, Person customer) {
        String shop = api.post("/api/v1/businesses", owner.token(), Map.of("handle", handle, "display_name", name))
                .expect(201).body().at("/business/id").asText();
        api.put("/api/v1/accounts/" + shop + "/like", customer.token()).expect(200);
        return shop;
    }

    /** Waits until the node has taken the customer's latest message into the shop's inbox. */
    private static void awaitIntake(Api api, Person owner, String shop, String c) {
        Eventually.await("the inbox's intake", Duration.ofSeconds(120), () -> {
            Api.Res r = api.get("/api/v1/businesses/" + shop + "/inbox/" + c, owner.token());
            return r.status() == 200 ? r.body().get("intake").asText() : "absent";
        }, "done"::equals);
    }

    /** Signs in, acts for the shop, allows notifications, and keeps every notification the page shows in window.told. */
    private static Browser agentPage(String name, Person agent, String shopChoice) {
        Browser b = WEB.freshBrowser(name);
        b.signIn(agent.handle());
        new org.openqa.selenium.support.ui.Select(b.waitVisible("#acting")).selectByVisibleText(shopChoice);
        b.waitOnline();
        b.driver.executeCdpCommand("Browser.grantPermissions",
                Map.of("origin", origin(), "permissions", List.of("notifications")));
        awaitWorker(b);
        // The worker replaces a notification of the same conversation (one tag), so what was shown is
        // counted as the page asks for it.
        b.js("""
                window.told = [];
                window.heard = []; // what the browser answered: shown or refused, and reads told to the worker
                const show = ServiceWorkerRegistration.prototype.showNotification;
                ServiceWorkerRegistration.prototype.showNotification = function (title, options) {
                  window.told.push(title + '|' + options.body + '|' + options.tag);
                  const shown = show.call(this, title, options);
                  shown.then(() => window.heard.push('shown'), (e) => window.heard.push('refused|' + e.message));
                  return shown;
                };
                // What the page tells the worker (a read closes that conversation's notifications).
                const post = ServiceWorker.prototype.postMessage;
                ServiceWorker.prototype.postMessage = function (m, ...rest) {
                  if (m && m.type === 'read') window.heard.push('read|' + m.conversation_id);
                  return post.call(this, m, ...rest);
                };
                """);
        return b;
    }

    /** What the page asked to show, "title|body|tag" each. */
    @SuppressWarnings("unchecked")
    private static List<String> told(Browser b) {
        return (List<String>) b.js("return window.told");
    }

    /** What the browser answered each show ("shown", "refused|why") and each read the page told the worker. */
    @SuppressWarnings("unchecked")
    private static List<String> heard(Browser b) {
        return (List<String>) b.js("return window.heard");
    }

    /**
     * The page's own copy of an inbox item may learn of an assignment before the event that tells of
     * it arrives: here the socket is down while the owner assigns the conversation, and the agent
     * opens it (its panel fetches the item) and goes back to the list before the page catches up.
     * The event still tells the agent, once.
     */
    @Test
    void anAgentIsToldOnceOfAnAssignmentTheirPageFetchedBeforeTheEventArrived() {
        Api api = WEB.api();
        Person owner = api.signUp("own_wr");
        Person agent = api.signUp("agt_wr");
        Person customer = api.signUp("cus_wr");
        String shop = shop(api, owner, "wrshop", "Knot Shop", customer);
        api.call("PUT", "/api/v1/businesses/" + shop + "/inbox/settings", owner.token(), Map.of("auto_assign", false)).expect(200);
        String invitation = api.post("/api/v1/businesses/" + shop + "/agents", owner.token(),
                Map.of("account_id", agent.id(), "role", "agent")).expect(201).body().get("invitation_id").asText();
        api.post("/api/v1/me/invitations/" + invitation + "/accept", agent.token(), null).expect(200);
        String c = api.open(customer, new Person(shop, null, null));
        api.send(customer, c, "the knot came undone").expect(201);
        awaitIntake(api, owner, shop, c);

        Browser b = agentPage("agent-wr", agent, "Knot Shop (@wrshop, business)");
        b.js("window.parley.goOffline()");
        b.waitVisible(".conn[data-state='offline']");
        api.call("PUT", "/api/v1/businesses/" + shop + "/conversations/" + c + "/assignee", owner.token(),
                Map.of("assignee_id", agent.id())).expect(200);
        b.go("#/c/" + c);
        b.wait.until(d -> agent.id().equals(b.js("return document.getElementById('inbox-assignee-pick')?.value")));
        b.go("#/");
        b.waitText("h2", "Answering as Knot Shop");
        b.js("window.parley.goOnline()");
        b.waitOnline();

        String news = "New conversation for you at Knot Shop|From Cus_wr|" + c;
        Eventually.await("the assignment's notification", WAIT, () -> told(b), l -> l.contains(news));
        // The customer's next message is heard after the assignment's event: by then the page was told once.
        api.send(customer, c, "the blue rope").expect(201);
        Eventually.await("the next message's notification", WAIT, () -> told(b), l -> l.contains("Cus_wr|the blue rope|" + c));
        assertThat(told(b)).containsExactly(news, "Cus_wr|the blue rope|" + c);
    }

    /**
     * A conversation already the agent's when the page loads is no news: the customer's next message
     * is told of as a message, never as a new conversation.
     */
    @Test
    void aConversationAlreadyTheAgentsWhenThePageLoadedBringsItsMessagesAndNoNewConversationNotice() {
        Api api = WEB.api();
        Person owner = api.signUp("own_wk");
        Person customer = api.signUp("cus_wk");
        String shop = shop(api, owner, "wkshop", "Kite Shop", customer);
        String c = api.open(customer, new Person(shop, null, null));
        api.send(customer, c, "my kite tore").expect(201);
        awaitIntake(api, owner, shop, c);
        api.call("PUT", "/api/v1/businesses/" + shop + "/conversations/" + c + "/assignee", owner.token(),
                Map.of("assignee_id", owner.id())).expect(200);

        Browser b = agentPage("owner-wk", owner, "Kite Shop (@wkshop, business)");
        // The shared inbox on screen: it reloads on the inbox event that follows the message, so the
        // test knows the page has heard that event too.
        b.go("#/inbox");
        b.waitText("#inbox-list", "my kite tore");
        api.send(customer, c, "the red one").expect(201);
        Eventually.await("the message's notification", WAIT, () -> told(b), l -> l.contains("Cus_wk|the red one|" + c));
        b.waitText("#inbox-list", "the red one");
        assertThat(told(b)).containsExactly("Cus_wk|the red one|" + c);
    }

    /**
     * Once the browser is asked, the offer is over: it came back in the next conversation opened
     * while the browser's question was still open, and so after the refusal. A refusal made in the
     * site settings while an offer shows takes it away; Settings says how to allow them again.
     */
    @Test
    void onceAskedOrRefusedTheOfferDoesNotComeBack() {
        Api api = WEB.api();
        Person gus = api.signUp("gus_no");
        Person ida = api.signUp("ida_no");
        Person jo = api.signUp("jo_no");
        api.befriend(gus, ida);
        api.befriend(gus, jo);
        String one = api.open(ida, gus);
        String two = api.open(jo, gus);
        api.send(ida, one, "first").expect(201);
        api.send(jo, two, "second").expect(201);
        Browser b = WEB.browser("gus");
        b.signIn(gus.handle());
        // The browser's question stays open, as it does until the person answers it.
        b.js("Notification.requestPermission = () => new Promise((answer) => { window.answerPermission = answer; });");
        b.go("#/c/" + one);
        b.message("first");
        b.clickText("#notify-offer button", "Turn on notifications");
        b.go("#/c/" + two);
        b.message("second");
        assertThat(b.driver.findElements(By.id("notify-offer"))).as("offered again while being asked").isEmpty();
        permission(b, "denied");
        b.js("window.answerPermission('denied')");
        b.go("#/c/" + one);
        b.message("first");
        assertThat(b.driver.findElements(By.id("notify-offer"))).as("offered again after a refusal").isEmpty();
        b.go("#/settings");
        b.waitText("#notify-permission", "Notifications are blocked in this browser");

        // Not asked yet, an offer showing, and the person blocks them in the site settings: it goes.
        permission(b, "prompt");
        b.js("localStorage.removeItem('parley.notify.offer-dismissed')");
        b.go("#/c/" + two);
        b.waitVisible("#notify-offer");
        permission(b, "denied");
        b.waitGone("#notify-offer");
    }

    private static void permission(Browser b, String setting) {
        b.driver.executeCdpCommand("Browser.setPermission",
                Map.of("permission", Map.of("name", "notifications"), "setting", setting));
    }

    @Test
    void aNotificationClosesWhenItsConversationIsReadOnAnotherDeviceAndTheNeutralLineShowsWithoutText() {
        Api api = WEB.api();
        Person cat = api.signUp("cat_wn");
        Person dan = api.signUp("dan_wn");
        api.setDmPolicy(dan, "everyone");
        String dm = api.open(cat, dan);
        Browser b = WEB.freshBrowser("dan");
        b.signIn(dan.handle());
        // In a conversation, while the browser was never asked: an offer, not a prompt.
        b.go("#/c/" + dm);
        b.waitVisible("#notify-offer");
        assertThat(b.js("return Notification.permission")).isEqualTo("default");
        b.screenshot("notifications-offer");
        b.clickText("#notify-offer button", "Not now");
        b.waitGone("#notify-offer");
        b.go("#/");
        b.driver.executeCdpCommand("Browser.grantPermissions",
                Map.of("origin", origin(), "permissions", List.of("notifications")));
        awaitWorker(b);
        api.send(cat, dm, "a secret").expect(201);
        b.wait.until(d -> "(1) Parley".equals(d.getTitle()));

        List<String> notes = deliverPush(b, "{\"kind\":\"message\",\"conversation_id\":\"" + dm + "\",\"sender_name\":\"Cat_wn\","
                + "\"body\":\"New message from Cat_wn\",\"unread\":1,\"total_unread\":1}");
        assertThat(notes).containsExactly("Cat_wn|New message from Cat_wn|" + dm);

        // Dan reads it on his phone: the stream tells this tab, which tells the worker to close it.
        api.post("/api/v1/conversations/" + dm + "/read", dan.token(), Map.of("seq", 1)).expect(200);
        Eventually.await("the notification closed", WAIT, () -> shown(b), List::isEmpty);
        b.wait.until(d -> "Parley".equals(d.getTitle()));

        // A push for a group says which group: the page keeps the worker told of groups' names.
        Person eve = api.signUp("eve_wn");
        String group = api.open(cat, dan, eve);
        Eventually.await("the group's name at the worker", WAIT, () -> String.valueOf(asyncJs(b,
                "const done = arguments[arguments.length - 1]; const id = arguments[0];"
                        + " caches.open('parley-notify').then((c) => c.match('/__parley-conversation-names'))"
                        + ".then((r) => (r ? r.json() : {})).then((names) => done(names[id] || ''));", group)),
                name -> !name.isEmpty());
        List<String> inGroup = deliverPush(b, "{\"kind\":\"message\",\"conversation_id\":\"" + group
                + "\",\"sender_name\":\"Cat_wn\",\"body\":\"New message from Cat_wn\",\"unread\":1,\"total_unread\":1}");
        assertThat(inGroup).hasSize(1);
        assertThat(inGroup.get(0)).startsWith("Cat_wn in ").contains("Eve_wn").endsWith("|New message from Cat_wn|" + group);
    }

    private static Object asyncJs(Browser b, String script, Object... args) {
        return ((JavascriptExecutor) b.driver).executeAsyncScript(script, args);
    }

    /**
     * Puts what the worker shows into the page for a screenshot (a system notification is drawn
     * outside the page, so a headless screenshot cannot hold it), captioned as such; answers it.
     */
    private static void screenshotShown(Browser b, String file) {
        List<String> notes = shown(b);
        b.js("""
                const box = document.createElement('div');
                box.id = 'test-shown-notifications';
                box.style.cssText = 'position:fixed;top:8px;right:8px;z-index:9999;max-width:24rem;padding:10px 12px;'
                  + 'background:#fff;border:1px solid #888;border-radius:8px;box-shadow:0 2px 10px #0004;font:14px sans-serif';
                box.append(Object.assign(document.createElement('div'),
                  { textContent: 'Shown by the service worker (registration.getNotifications()):' }));
                for (const n of arguments[0]) {
                  const [title, body] = n.split('|');
                  const row = document.createElement('div');
                  row.style.marginTop = '6px';
                  row.append(Object.assign(document.createElement('strong'), { textContent: title }),
                    document.createElement('br'), body);
                  box.append(row);
                }
                document.body.append(box);
                """, notes);
        b.screenshot(file);
        b.js("document.getElementById('test-shown-notifications').remove()");
    }

    /**
     * The "done when", as a person does it, through the real path: the settings button asks
     * the browser (granted through the DevTools protocol) and registers this browser with the node;
     * the tab goes to the background and its client tells the node on its socket; a message from
     * Ann makes the node's one decision push to the push service on 127.0.0.1, which checks the
     * VAPID token and decrypts it; the decrypted payload is handed to the service worker as
     * Chromium's push service would; the worker shows it; a click opens the conversation.
     * Screenshots at each step (target/screenshots/notify-flow-*).
     */
    @Test
    void aPersonAllowsNotificationsHidesTheTabGetsANotificationAndOpensTheConversationFromIt() {
        Api api = WEB.api();
        Person ann = api.signUp("ann_wn4");
        Person bob = api.signUp("bob_wn4");
        api.setDmPolicy(bob, "everyone");
        String dm = api.open(ann, bob);
        api.send(ann, dm, "see you at the station").expect(201);
        api.post("/api/v1/conversations/" + dm + "/read", bob.token(), Map.of("seq", 1)).expect(200);
        PushService.Browser device = PUSH.subscribe();
        PUSH.expectKey(api.get("/api/v1/push/vapid-public-key", null).expect(200).body().get("key").asText());

        Browser b = WEB.freshBrowser("bob4");
        b.signIn(bob.handle());
        b.waitOnline();
        // What the client sends on its socket, kept for the test to read.
        b.js("""
                window.sentFrames = [];
                const send = WebSocket.prototype.send;
                WebSocket.prototype.send = function (data) { window.sentFrames.push(String(data)); return send.call(this, data); };
                """);
        b.driver.executeCdpCommand("Browser.grantPermissions",
                Map.of("origin", origin(), "permissions", List.of("notifications")));
        // Chromium's own push service is unreachable here: subscribing answers a subscription at the test's.
        b.js("""
                const [endpoint, p256dh, auth] = arguments;
                PushManager.prototype.getSubscription = async () => null;
                PushManager.prototype.subscribe = async (options) =>
                  ({ options, toJSON: () => ({ endpoint, expirationTime: null, keys: { p256dh, auth } }) });
                """, device.endpoint(), device.p256dh(), device.auth());

        // 1. Settings: the person turns notifications on with the button.
        b.go("#/settings");
        b.waitVisible("#notify-enable");
        b.js("document.getElementById('notify-settings').scrollIntoView()");
        b.screenshot("notify-flow-1-settings");
        b.click("#notify-enable");
        b.waitText("#notify-permission", "Notifications are on for this browser.");
        assertThat(b.js("return Notification.permission")).isEqualTo("granted");
        assertThat(api.get("/api/v1/me/devices", bob.token()).expect(200).body().get("items").findValuesAsText("endpoint"))
                .containsExactly(device.endpoint());
        b.screenshot("notify-flow-2-allowed");

        // 2. The tab goes to the background (another tab in front): its client says so on its socket.
        String parley = b.driver.getWindowHandle();
        b.driver.switchTo().newWindow(WindowType.TAB);
        b.driver.get(origin() + "/icons/icon-192.png");
        b.screenshot("notify-flow-3-parley-in-the-background");

        // 3. Ann writes: the node decides Bob is away and pushes to his browser's push service.
        api.send(ann, dm, "the train is late, 20 minutes").expect(201);
        Eventually.await("the node's Web Push at the push service", WAIT, () -> PUSH.receivedBy(device).size() == 1);
        assertThat(PUSH.problems()).isEmpty();
        String payload = PUSH.receivedBy(device).get(0).payload().toString();
        assertThat(payload).contains("the train is late, 20 minutes").contains(dm);

        // 4. Back at Parley's tab: the hidden state went out on the socket, and the payload the node
        // produced is handed to the worker, which shows the notification.
        b.driver.close();
        b.driver.switchTo().window(parley);
        assertThat(b.js("return window.sentFrames.map((f) => JSON.parse(f))"
                + ".some((m) => m.type === 'visibility' && m.visible === false)")).isEqualTo(true);
        assertThat(deliverPush(b, payload)).containsExactly("Ann_wn4|the train is late, 20 minutes|" + dm);
        screenshotShown(b, "notify-flow-4-notification-shown");

        // 5. The click (acted through the worker's click path) opens the conversation.
        b.js("navigator.serviceWorker.ready.then((r) => r.active.postMessage({ type: 'click', tag: arguments[0] }))", dm);
        b.wait.until(d -> d.getCurrentUrl().endsWith("#/c/" + dm));
        b.waitText(".messages", "the train is late, 20 minutes");
        assertThat(shown(b)).isEmpty();
        b.screenshot("notify-flow-5-conversation-opened");
    }
}
