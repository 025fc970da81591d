package dev.parley.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.testing.Api;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;

/**
 * Two people meet in the browser under the default profile: a message request, accepted, then a
 * live conversation with "typing…" and "Seen"; one of them drops offline and catches up once.
 */
@Tag("sqlite-only")
@ExtendWith(ScreenshotsOnFailure.class)
class DirectMessagesBrowserTest {
    @RegisterExtension
    static final WebNode WEB = WebNode.with(Map.of());

    @Test
    void aRequestIsAcceptedThenTheyChatLiveAndCatchUpAfterGoingOffline() {
        Browser ann = WEB.browser("ann");
        Browser bob = WEB.browser("bob");
        ann.screenshot("01-sign-in");
        ann.signUp("ann", "Ann Lee");
        bob.signUp("bob", "Bob Stone");

        // Ann finds Bob and is told, before typing, that her message will arrive as a request.
        ann.clickText("a", "New message");
        ann.type("#find-handle", "bob", Keys.ENTER);
        ann.waitText("#dm-permission", "@bob doesn't follow you, so your message will arrive as a request.");
        ann.screenshot("02-profile-with-dm-permission");
        ann.clickText("button", "Message");
        ann.waitVisible("#compose");
        assertThat(ann.focused("#compose")).as("the composer takes the focus").isTrue();
        ann.send("Hi Bob, it's Ann from the climbing gym");
        ann.message("Hi Bob, it's Ann from the climbing gym");

        // A request holds one message until it is accepted: the second is refused, with the reason
        // and no "Retry", since sending it again would be refused again.
        ann.send("Are you coming on Saturday?");
        ann.waitText(".msg.failed .fail", "hasn't been accepted yet");
        assertThat(ann.driver.findElements(By.cssSelector(".msg.failed button.retry"))).isEmpty();
        ann.screenshot("03-refused-send-with-reason");

        // Bob doesn't follow Ann, so it waits in his requests, not his inbox.
        bob.waitText("#folder-requests .badge", "1");
        bob.click("#folder-requests");
        bob.waitText("#conv-list .conv-item", "Hi Bob, it's Ann from the climbing gym");
        bob.screenshot("04-requests-folder");
        bob.click("#conv-list .conv-item");
        // The handle beside the name: a look-alike display name cannot pass for someone else.
        bob.waitText(".banner", "Ann Lee (@ann) wants to message you.");
        bob.message("Hi Bob, it's Ann from the climbing gym");
        bob.clickText(".banner button", "Accept");
        bob.waitGone(".banner");
        bob.waitVisible("#folder-inbox[aria-pressed='true']"); // the list follows it to the inbox

        // Accepted now: Ann discards the refused copy and sends it again; it arrives once.
        ann.click(".msg.failed button.discard");
        ann.waitGone(".msg.failed");
        ann.send("Are you coming on Saturday?");
        ann.message("Are you coming on Saturday?");
        ann.waitGone(".msg.pending");
        bob.message("Are you coming on Saturday?");
        // Bob has the conversation open, so he has read it, and Ann sees so.
        ann.waitText(".seen", "Seen");

        // Bob types (Shift+Enter breaks the line); Ann sees "typing…" before the message lands.
        bob.type("#compose", "Yes,");
        ann.waitText(".typing", "Bob Stone is typing…");
        bob.type("#compose", Keys.chord(Keys.SHIFT, Keys.ENTER), "see you at ten!", Keys.ENTER);
        ann.message("Yes,\nsee you at ten!");
        ann.waitNoText(".typing", "typing");
        bob.waitText(".seen", "Seen");
        assertThat(bob.focused("#compose")).as("focus stays in the composer after sending").isTrue();
        ann.waitVisible("#conv-list .conv-item .dot");
        ann.waitText(".conv-head .online", "Online");
        ann.screenshot("05-conversation-ann");
        bob.screenshot("06-conversation-bob");

        // Bob's socket goes away; Ann writes meanwhile; when Bob is back each message shows once.
        bob.js("window.parley.goOffline()");
        bob.waitText(".conn", "Offline");
        ann.waitGone(".conv-head .online");
        for (int i = 1; i <= 3; i++) {
            ann.send("While you were away " + i);
            ann.message("While you were away " + i);
        }
        assertThat(bob.messageTexts()).noneMatch(t -> t.startsWith("While you were away"));
        bob.screenshot("07-offline");
        bob.js("window.parley.goOnline()");
        bob.waitOnline();
        bob.message("While you were away 3");
        assertThat(bob.messageTexts()).containsExactly(
                "Hi Bob, it's Ann from the climbing gym",
                "Are you coming on Saturday?",
                "Yes,\nsee you at ten!",
                "While you were away 1",
                "While you were away 2",
                "While you were away 3");
        ann.waitText(".seen", "Seen");
        ann.waitText(".conv-head .online", "Online");
        bob.screenshot("08-back-online");
    }

    /**
     * The probe of 8 Dec: a refused message offered only "Discard", so the words were lost: a
     * 20,000-character paste over the 10,000 limit, or a second message to a request not yet
     * accepted. "Edit" puts them back in the box (after what it holds), to shorten or to send once
     * the request is accepted.
     */
    @Test
    void aRefusedMessagesWordsGoBackInTheBoxToBeSentAgain() {
        Api api = WEB.api();
        Api.Person fay = api.signUp("fay_refused");
        Api.Person gus = api.signUp("gus_refused");
        String dm = api.open(fay, gus);
        api.send(fay, dm, "Hi Gus, Fay from the choir").expect(201);
        Browser f = WEB.browser("fay-refused");
        f.resize(390, 844);
        f.signIn("fay_refused");
        f.click("#conv-list .conv-item");
        f.message("Hi Gus, Fay from the choir");

        f.send("Are you singing on Sunday?");
        f.waitText(".msg.refused .fail", "hasn't been accepted yet");
        f.click(".msg.refused button.restore");
        f.waitGone(".msg.refused");
        assertThat(f.js("return document.getElementById('compose').value")).isEqualTo("Are you singing on Sunday?");

        api.post("/api/v1/conversations/" + dm + "/accept", gus.token(), Map.of()).expect(200);
        f.type("#compose", Keys.ENTER);
        f.message("Are you singing on Sunday?");
        f.waitGone(".msg.pending");

        // Over the length limit: the words come back to be shortened, after what the box holds.
        f.js("const c = document.getElementById('compose'); c.value = 'y'.repeat(10001);"
                + " c.dispatchEvent(new Event('input', {bubbles: true}))");
        f.type("#compose", Keys.ENTER);
        f.waitText(".msg.refused .fail", "at most 10000 characters");
        f.type("#compose", "P.S.");
        f.click(".msg.refused button.restore");
        f.waitGone(".msg.refused");
        assertThat(f.js("return document.getElementById('compose').value")).isEqualTo("P.S.\n" + "y".repeat(10001));
    }

    @Test
    void repliesReactionsEditsAndUnsendsShowLiveAndSearchFindsThem() {
        // They follow each other, so the conversation opens straight into both inboxes.
        Api.Person carol = WEB.api().signUp("carol");
        Api.Person dave = WEB.api().signUp("dave");
        WEB.api().follow(carol, dave);
        WEB.api().follow(dave, carol);
        String dm = WEB.api().open(dave, carol);
        WEB.api().send(dave, dm, "Lunch at noon tomorrow?").expect(201);

        Browser c = WEB.browser("carol");
        Browser d = WEB.browser("dave");
        c.signIn("carol");
        d.signIn("dave");
        c.waitText("#conv-list .conv-item", "Lunch at noon tomorrow?");
        c.waitText("#conv-list .conv-item .badge", "1");
        c.click("#conv-list .conv-item");
        d.click("#conv-list .conv-item");

        // Carol replies to Dave's message; Dave sees the quote.
        c.messageAction("Lunch at noon tomorrow?", "Reply");
        c.waitText(".composer .context", "Replying to Dave");
        assertThat(c.focused("#compose")).isTrue();
        c.send("Noon works");
        d.waitText(".msg .quote", "Lunch at noon tomorrow?");
        d.messageShowing("Noon works", "Lunch at noon tomorrow?");
        c.waitNoText("#conv-list .conv-item .badge", "1");

        // Dave reacts; Carol sees the count live.
        d.messageAction("Noon works", "React 👍");
        c.waitText(".msg .chip", "👍 1");
        assertThat(d.attr(".msg .chip", "aria-pressed")).isEqualTo("true");

        // Carol edits her message within the window; Dave sees the new text, marked edited.
        c.messageAction("Noon works", "Edit");
        c.waitText(".composer .context", "Editing your message");
        c.clear("#compose");
        c.send("Noon works, see you at the usual place");
        d.messageShowing("Noon works, see you at the usual place", "edited");

        // Dave unsends a message; Carol sees a tombstone where it was.
        d.send("Oops, wrong chat");
        c.message("Oops, wrong chat");
        d.messageAction("Oops, wrong chat", "Unsend");
        // Unsending asks first, in a dialog; the safe answer has the focus.
        d.waitText("#confirm-title", "Unsend this message?");
        assertThat(d.focused("#confirm-no")).isTrue();
        d.click("#confirm-yes");
        c.waitText(".msg.deleted", "Message unsent");
        assertThat(c.messageTexts()).doesNotContain("Oops, wrong chat");
        // A reply unsent keeps nothing of it: its tombstone quotes no message either.
        c.messageAction("Lunch at noon tomorrow?", "Reply");
        c.send("Or one?");
        d.messageShowing("Or one?", "Lunch at noon tomorrow?");
        c.messageAction("Or one?", "Unsend");
        c.click("#confirm-yes");
        d.wait.withMessage("two tombstones").until(x -> x.findElements(By.cssSelector(".msg.deleted")).size() == 2);
        assertThat(d.driver.findElements(By.cssSelector(".msg.deleted .quote"))).as("a quote on an unsent reply").isEmpty();
        c.screenshot("09-reply-reaction-edit-unsend");

        // Dave changes his name (on his phone, say): Carol's open client shows it at once, where it showed the old
        // name until a reload.
        WEB.api().patch("/api/v1/me", dave.token(), Map.of("display_name", "Dave Okafor")).expect(200);
        c.waitText("#conv-title", "Dave Okafor");
        c.waitText("#conv-list .conv-item", "Dave Okafor");

        // Search finds Carol's words and opens the conversation at the message.
        d.type("#search-q", "USUAL plac", Keys.ENTER);
        d.waitText(".results a", "Noon works, see you at the usual place");
        // The words it was found by are marked, whatever their case or the query's.
        assertThat(d.texts(".results mark")).containsExactly("usual", "place");
        d.screenshot("10-search-results");
        d.click(".results a");
        d.waitVisible(".msg.highlight");
        assertThat(d.attr(".msg.highlight", "data-client-id")).isNotBlank();

        // An accent typed as a mark of its own ("u" and a combining diaeresis, as some keyboards and
        // macOS write "ü") is found by the bare word, and the whole word is marked, not its halves.
        WEB.api().send(carol, dm, "Back from Zu\u0308rich").expect(201);
        d.clear("#search-q");
        d.type("#search-q", "zurich", Keys.ENTER);
        d.waitText(".results a", "Back from Zu\u0308rich");
        assertThat(d.texts(".results mark")).containsExactly("Zu\u0308rich");
    }

    @Test
    void settingsAreSavedAndComeBackAfterAReload() {
        Browser erin = WEB.browser("erin");
        erin.signUp("erin", "Erin Diaz");
        erin.clickText("a", "Settings");
        erin.click("#dm-everyone");
        erin.click("#set-receipts");
        erin.type("#set-hidden-words", "crypto", Keys.ENTER, "giveaway");
        erin.type("#set-preferred-name", "Erin");
        erin.clickText("button", "Save settings");
        erin.waitText(".panel .note", "Saved.");
        erin.screenshot("11-settings");
        // The copy kept for offline reloads has the new settings too: a reload draws it before the
        // server answers, and showed the settings from before the save (a CI run caught it).
        erin.wait.until(d -> "everyone".equals(keptDmPolicy(erin)));

        erin.driver.navigate().refresh();
        erin.waitOnline();
        erin.waitVisible("#set-hidden-words");
        assertThat(erin.attr("#dm-everyone", "checked")).isNotNull();
        assertThat(erin.js("return document.getElementById('set-receipts').checked")).isEqualTo(false);
        assertThat(erin.js("return document.getElementById('set-hidden-words').value")).isEqualTo("crypto\ngiveaway");
        assertThat(erin.js("return document.getElementById('set-preferred-name').value")).isEqualTo("Erin");

        // Back to "people you follow": a stranger's request with a hidden word goes to Hidden.
        erin.click("#dm-following");
        erin.clickText("button", "Save settings");
        erin.waitText(".panel .note", "Saved.");
        Api.Person spammer = WEB.api().signUp("spammer");
        Api.Person erinApi = new Api.Person(WEB.api().get("/api/v1/accounts/erin", spammer.token()).body().get("id").asText(),
                "erin", null);
        WEB.api().send(spammer, WEB.api().open(spammer, erinApi), "Huge CRYPTO giveaway, click now").expect(201);
        erin.click("#folder-hidden");
        erin.waitText("#conv-list .conv-item", "Huge CRYPTO giveaway");
        erin.click("#folder-requests");
        erin.waitText(".sidebar .empty", "No message requests.");

        // Signing out ends the session; the sign-in form comes back.
        erin.clickText("button", "Sign out");
        erin.waitText(".auth .note", "You are signed out.");
    }

    /** A mistyped password is the server's "Wrong handle or password", never "Your session has ended". */
    @Test
    void aWrongPasswordOrUnknownHandleGetsTheServersAnswer() {
        WEB.api().signUp("gus");
        Browser b = WEB.browser("gus");
        b.type("#auth-handle", "gus");
        b.type("#auth-password", "not the password at all");
        b.clickText("button", "Sign in");
        b.waitText(".auth-form", "Wrong handle or password – That handle and password do not match an account.");
        assertThat(b.bodyText()).doesNotContain("session has ended");

        b.clear("#auth-handle");
        b.type("#auth-handle", "nobody_here");
        b.clickText("button", "Sign in");
        b.waitText(".auth-form", "Wrong handle or password");
        assertThat(b.bodyText()).doesNotContain("session has ended");
    }

    /**
     * A message the reader hid with their hidden words is folded in the thread, and the list's
     * preview must not quote it either (it did: the client ignored last_message.hidden), live and
     * after a reload.
     */
    @Test
    void aMessageHiddenByTheReadersWordsIsNotQuotedInTheListPreview() {
        Api.Person hana = WEB.api().signUp("hana");
        Api.Person ivo = WEB.api().signUp("ivo");
        WEB.api().befriend(hana, ivo);
        WEB.api().patch("/api/v1/me", hana.token(), Map.of("settings", Map.of("hidden_words", java.util.List.of("crypto"))))
                .expect(200);
        WEB.api().put("/api/v1/me/hidden_words", hana.token(), Map.of("apply_to", "all")).expect(200);
        String conv = WEB.api().open(ivo, hana);
        WEB.api().send(ivo, conv, "Good morning").expect(201);
        Browser b = WEB.browser("hana");
        b.signIn("hana");
        b.waitText("#conv-list .conv-item .conv-preview", "Good morning");

        WEB.api().send(ivo, conv, "Have you tried Crypt0 investing?").expect(201);
        b.waitText("#conv-list .conv-item .conv-preview", "Hidden by your hidden words");
        assertThat(b.bodyText()).doesNotContain("investing");

        b.driver.navigate().refresh();
        b.waitOnline();
        b.waitText("#conv-list .conv-item .conv-preview", "Hidden by your hidden words");
        assertThat(b.bodyText()).doesNotContain("investing");
    }

    /**
     * Arabic inside the English page reads right to left: the message's text, and the quote of it in a reply,
     * which took the direction of the English "Ana: …" line around it and so sat on the left, its words' order
     * broken at the punctuation.
     */
    @Test
    void rightToLeftTextAndItsQuoteReadRightToLeft() {
        Api.Person ana = WEB.api().signUp("ana_rtl");
        Api.Person omar = WEB.api().signUp("omar_rtl");
        WEB.api().befriend(ana, omar);
        String conv = WEB.api().open(omar, ana);
        String arabic = "هل نلتقي عند الظهر غداً؟";
        String asked = WEB.api().send(omar, conv, arabic).expect(201).body().get("id").asText();
        WEB.api().post("/api/v1/conversations/" + conv + "/messages", ana.token(),
                Map.of("client_id", "rtl-reply", "text", "Yes, noon works", "reply_to", asked)).expect(201);
        Browser b = WEB.browser("omar-rtl");
        b.signIn("omar_rtl");
        b.click("#conv-list .conv-item");
        b.messageShowing("Yes, noon works", arabic);
        // Its direction, which aligns it too (text-align: start): rtl sits on the right.
        String look = "return getComputedStyle(arguments[0]).direction";
        assertThat(b.js(look, b.message(arabic).findElement(By.cssSelector(".bubble .text")))).isEqualTo("rtl");
        assertThat(b.js(look, b.message("Yes, noon works").findElement(By.cssSelector(".quote .quote-text"))))
                .as("the quote").isEqualTo("rtl");
        assertThat(b.js(look, b.message("Yes, noon works").findElement(By.cssSelector(".bubble .text"))))
                .as("English stays left to right").isEqualTo("ltr");
    }

    /**
     * The server writes a whole second as "…:34Z" and other times as "…:34.500Z"; compared as text
     * the whole second is the later one. The list orders by time, and a message later in that second
     * moves the conversation's time on.
     */
    @Test
    void conversationsAreOrderedByTimeNotByHowTheTimeIsWritten() {
        Browser b = WEB.browser("order");
        b.signUp("orderly", "Orderly");
        b.waitOnline();
        Object seen = b.driver.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                const main = [...document.scripts].find((x) => x.type === 'module').src;
                import(main.replace(/main\\.js.*$/, 'store.js')).then((s) => {
                  const member = { id: 'a-someone', handle: 'someone', display_name: 'Someone', kind: 'person' };
                  const conv = (id, at) => ({ id, folder: 'inbox', archived: false, pinned: false, members: [member],
                    last_seq: 1, read_seq: 1, unread_count: 0, updated_at: at });
                  s.restoreConversations([conv('c-whole', '2026-12-05T10:00:34Z'), conv('c-later', '2026-12-05T10:00:34.500Z')]);
                  const order = s.sortedConversations('inbox').map((c) => c.id).join(' ');
                  s.putMessage({ id: 'c-whole.2', conversation_id: 'c-whole', seq: 2, sender_id: 'a-someone', text: 'x',
                    created_at: '2026-12-05T10:00:34.700Z', author_kind: 'person', reactions: {} });
                  done(order + ' | ' + s.state.convs.get('c-whole').updated_at + ' | '
                    + s.sortedConversations('inbox').map((c) => c.id).join(' '));
                }, (e) => done('import failed: ' + e));
                """);
        assertThat(seen).isEqualTo("c-later c-whole | 2026-12-05T10:00:34.700Z | c-whole c-later");
    }

    /** dm_policy in the page's kept copy (localCopy.js), or "" when there is no copy. */
    private static String keptDmPolicy(Browser b) {
        return (String) b.driver.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + " const r = indexedDB.open('parley-local', 1);"
                + " r.onupgradeneeded = () => r.result.createObjectStore('copy');"
                + " r.onsuccess = () => { const q = r.result.transaction('copy').objectStore('copy').get('last');"
                + "   q.onsuccess = () => { r.result.close(); done(q.result ? q.result.me.settings.dm_policy : ''); }; };"
                + " r.onerror = () => done('');");
    }
}
