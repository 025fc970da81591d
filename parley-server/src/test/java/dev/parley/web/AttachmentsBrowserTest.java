package dev.parley.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.testing.Api;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.support.ui.Select;

/**
 * Attachments in the web client: one person attaches a photo by the button (progress and a
 * removable preview first), pastes another, sends a PDF; the other sees the photos live, opens one
 * full size and closes it with Escape, and sees the PDF as a chip. Nothing overflows a phone. An
 * agent sends a photo as the business from the same composer.
 */
@Tag("sqlite-only")
@ExtendWith(ScreenshotsOnFailure.class)
class AttachmentsBrowserTest {
    @RegisterExtension
    static final WebNode WEB = WebNode.with(Map.of());

    @TempDir
    Path dir;

    @Test
    void photosPastedOrAttachedShowLiveWithAViewerAndFilesShowAsChips() throws IOException {
        Api.Person carol = WEB.api().signUp("carol");
        Api.Person dave = WEB.api().signUp("dave");
        WEB.api().follow(carol, dave);
        WEB.api().follow(dave, carol);
        String dm = WEB.api().open(dave, carol);
        WEB.api().send(dave, dm, "Send me the photos from Saturday?").expect(201);
        Path photo = dir.resolve("beach.png");
        Files.write(photo, png(640, 480, Color.ORANGE));
        Path pdf = dir.resolve("invoice.pdf");
        Files.write(pdf, "%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF\n".getBytes(StandardCharsets.US_ASCII));

        Browser c = WEB.browser("carol");
        Browser d = WEB.browser("dave");
        c.signIn("carol");
        d.signIn("dave");
        c.click("#conv-list .conv-item");
        d.click("#conv-list .conv-item");
        c.message("Send me the photos from Saturday?");

        // A file picked by mistake is removed before sending and never reaches Dave.
        c.js("window.sawProgress = false; new MutationObserver(() => { if (document.querySelector('.attach-item progress'))"
                + " window.sawProgress = true; }).observe(document.body, {subtree: true, childList: true})");
        c.attachInput().sendKeys(pdf.toString());
        c.waitText(".attach-item.ready", "invoice.pdf");
        c.click(".attach-item button.remove");
        c.waitGone(".attach-item");

        // Carol attaches a photo by the button: an upload progress bar, then a preview of it.
        c.attachInput().sendKeys(photo.toString());
        c.waitText(".attach-item.ready", "beach.png");
        assertThat(c.js("return window.sawProgress")).as("an upload progress bar was shown").isEqualTo(true);
        c.wait.withMessage("the preview shows the picked image").until(x -> Boolean.TRUE.equals(c.js(
                "const i = document.querySelector('.attach-item img.attach-thumb'); return !!i && i.complete && i.naturalWidth === 640")));
        c.screenshot("attachments-01-preview");
        // Dave's thread holds the photo's room from the size the API gives, before its bytes arrive.
        d.js("window.photoHeights = []; new MutationObserver(() => document.querySelectorAll('.msg .att-image')"
                + ".forEach((i) => { if (!i.dataset.seen) { i.dataset.seen = '1';"
                + " window.photoHeights.push(i.complete && i.naturalWidth ? -1 : Math.round(i.getBoundingClientRect().height)); } }))"
                + ".observe(document.body, {subtree: true, childList: true})");
        c.send("Here's the beach");
        c.waitGone(".attach-item");

        // Dave sees it live, inline from a signed thumbnail link (no token in the address), and opens it.
        d.messageShowing("Here's the beach", "");
        d.waitVisible(".msg .att-image");
        assertThat(d.js("return window.photoHeights[0]")).as("the photo's box before it loaded (640×480 shown at 320×240)")
                .isEqualTo(240L);
        d.wait.until(x -> Boolean.TRUE.equals(d.js(
                "const i = document.querySelector('.msg .att-image'); return i.complete && i.naturalWidth > 0")));
        String src = d.attr(".msg .att-image", "src");
        assertThat(src).contains("/api/v1/media/").contains("sig=");
        assertThat(src).doesNotContainIgnoringCase("token").doesNotContain("Bearer");
        d.screenshot("attachments-02-live-image");
        d.click(".msg .att-open");
        d.waitVisible(".viewer img");
        d.wait.until(x -> Boolean.TRUE.equals(d.js(
                "const i = document.querySelector('.viewer img'); return i.complete && i.naturalWidth === 640")));
        d.screenshot("attachments-03-viewer");
        d.driver.switchTo().activeElement().sendKeys(Keys.ESCAPE);
        d.waitGone(".viewer");

        // Carol pastes a picture into the composer and sends it without a caption.
        c.js("const bytes = Uint8Array.from(atob(arguments[0]), (ch) => ch.charCodeAt(0));"
                + " const dt = new DataTransfer(); dt.items.add(new File([bytes], 'pasted.png', {type: 'image/png'}));"
                + " document.querySelector('#compose').dispatchEvent(new ClipboardEvent('paste',"
                + " {clipboardData: dt, bubbles: true, cancelable: true}));",
                Base64.getEncoder().encodeToString(png(300, 200, Color.BLUE)));
        c.waitText(".attach-item.ready", "pasted.png");
        c.type("#compose", Keys.ENTER);
        c.waitGone(".attach-item");
        d.wait.until(x -> d.driver.findElements(By.cssSelector(".msg .att-image")).size() == 2);
        // A photo without a caption is named in the conversation list rather than left blank.
        d.waitText("#conv-list .conv-item", "Photo");
        c.waitText("#conv-list .conv-item", "You: Photo");

        // A PDF arrives as a chip with its name and size, linking to the signed file.
        c.attachInput().sendKeys(pdf.toString());
        c.waitText(".attach-item.ready", "invoice.pdf");
        c.send("and the invoice");
        d.messageShowing("and the invoice", "invoice.pdf");
        d.waitText(".msg .att-file", "invoice.pdf");
        assertThat(d.driver.findElement(By.cssSelector(".msg .att-file")).getText()).contains(" B");
        assertThat(d.attr(".msg .att-file", "href")).contains("/api/v1/media/").contains("sig=");
        assertThat(d.driver.findElements(By.xpath("//*[contains(@class,'msg')]//*[contains(text(),'invoice.pdf')]")))
                .as("the file removed before sending never went out").hasSize(1);

        // A voice note from Carol plays at Dave's live, from a signed link.
        recordVoiceNote(c);
        c.type("#compose", Keys.ENTER);
        c.waitGone(".attach-item");
        d.waitVisible(".msg .att-audio audio");
        assertThat(d.attr(".msg .att-audio audio", "src")).contains("/api/v1/media/").contains("sig=");
        d.wait.until(x -> Boolean.TRUE.equals(d.js("const a = document.querySelector('.msg .att-audio audio');"
                + " if (a.readyState < 1) a.load(); return a.readyState >= 1 && !a.error")));
        // Photos loading above it did not push the newest message out of the reader's view.
        d.wait.until(x -> Boolean.TRUE.equals(d.js("const s = document.querySelector('.scroller').getBoundingClientRect();"
                + " const r = document.querySelector('.msg .att-audio audio').getBoundingClientRect();"
                + " return r.top >= s.top && r.bottom <= s.bottom")));
        d.screenshot("attachments-04-live-voice-note");
        // A photo grows after the thread was scrolled, and the scroll event comes a frame late (as it
        // does when pictures load while messages arrive): the reader at the bottom stays there.
        // Scroll anchoring is off here because it hides the growth only when the photo is above the
        // view; a photo in view, as in a short thread, grows under the reader.
        d.js("document.querySelector('.scroller').style.overflowAnchor = 'none';"
                + " const i = document.querySelector('.msg .att-image'); i.style.maxHeight = 'none'; i.style.height = (i.offsetHeight + 2000) + 'px';"
                + " document.querySelector('.scroller').dispatchEvent(new Event('scroll'));");
        d.wait.until(x -> Boolean.TRUE.equals(d.js("const s = document.querySelector('.scroller').getBoundingClientRect();"
                + " const r = document.querySelector('.msg .att-audio audio').getBoundingClientRect();"
                + " return r.top >= s.top && r.bottom <= s.bottom")));
        d.js("const i = document.querySelector('.msg .att-image'); i.style.height = ''; i.style.maxHeight = ''");

        // On a phone the photos fit the thread: nothing scrolls sideways.
        AgentScreenBrowserTest.viewport(d, AgentScreenBrowserTest.PHONE_W, 844);
        d.js("document.querySelector('.msg .att-image').scrollIntoView()");
        assertThat(d.js("return document.documentElement.scrollWidth <= innerWidth")).isEqualTo(true);
        assertThat(d.js("const r = document.querySelector('.msg .att-image').getBoundingClientRect();"
                + " return r.right <= innerWidth && r.width > 0")).isEqualTo(true);
        d.screenshot("attachments-04-phone-thread");
    }

    /** Pressing the voice-note button where the microphone is refused said nothing: it says why, and how to allow it. */
    @Test
    void aVoiceNoteWithTheMicrophoneRefusedSaysSoInWords() {
        Api.Person gwen = WEB.api().signUp("gwen_mic");
        Api.Person hugo = WEB.api().signUp("hugo_mic");
        WEB.api().befriend(gwen, hugo);
        String dm = WEB.api().open(hugo, gwen);
        WEB.api().send(hugo, dm, "Can you send a voice note?").expect(201);
        Browser g = WEB.browser("gwen");
        g.signIn("gwen_mic");
        g.go("#/c/" + dm);
        g.message("Can you send a voice note?");
        // The browser's answer once the person (or the site settings) refused the microphone.
        g.js("navigator.mediaDevices.getUserMedia = async () => { throw new DOMException('Permission denied', 'NotAllowedError'); };");
        g.click(".composer .record");
        g.waitText(".composer .error", "Parley may not use the microphone. Allow it in the browser's site settings");
        assertThat(g.attr(".composer .record", "aria-pressed")).as("nothing is recording").isEqualTo("false");
    }

    @Test
    void anAgentSendsAPhotoAsTheBusinessFromTheInbox() throws IOException {
        Browser ann = WEB.browser("ann");
        ann.signUp("ann", "Ann Lee");
        ann.clickText("a", "Settings");
        ann.type("#biz-handle", "acme");
        ann.type("#biz-name", "Acme Outdoor");
        ann.clickText("button", "Create business page");
        ann.waitText(".business .note", "Acme Outdoor is ready.");
        new Select(ann.waitVisible("#acting")).selectByVisibleText("Acme Outdoor (@acme, business)");
        ann.waitOnline();

        Api api = WEB.api();
        Api.Person cat = api.signUp("cat");
        String acme = api.get("/api/v1/accounts/acme", cat.token()).body().get("id").asText();
        api.put("/api/v1/accounts/" + acme + "/like", cat.token()).expect(200);
        String conv = api.open(cat, new Api.Person(acme, null, null));
        api.send(cat, conv, "Which colour is the daypack?").expect(201);

        ann.waitText("#conv-list .conv-item", "Which colour is the daypack?");
        ann.click("#conv-list .conv-item");
        Path photo = dir.resolve("daypack.png");
        Files.write(photo, png(400, 300, Color.GREEN));
        ann.attachInput().sendKeys(photo.toString());
        ann.waitText(".attach-item.ready", "daypack.png");
        // A file dropped on the composer joins it.
        ann.js("const dt = new DataTransfer(); dt.items.add(new File(['S M L'], 'sizes.txt', {type: 'text/plain'}));"
                + " document.querySelector('.composer').dispatchEvent(new DragEvent('drop',"
                + " {dataTransfer: dt, bubbles: true, cancelable: true}));");
        ann.waitText(".attach-item.ready", "sizes.txt");
        ann.send("This green");
        ann.messageShowing("This green", "");
        ann.wait.until(x -> Boolean.TRUE.equals(ann.js(
                "const i = document.querySelector('.msg .att-image'); return !!i && i.complete && i.naturalWidth > 0")));
        ann.screenshot("attachments-05-business");

        // The customer gets it from the business, the photo attached.
        JsonNode last = null;
        for (JsonNode m : api.get("/api/v1/conversations/" + conv + "/messages", cat.token()).expect(200).body().get("items")) {
            if (m.get("text").asText().equals("This green")) last = m;
        }
        assertThat(last).as("the customer has the agent's message").isNotNull();
        assertThat(last.get("sender_id").asText()).isEqualTo(acme);
        assertThat(last.get("attachments").get(0).get("name").asText()).isEqualTo("daypack.png");
        assertThat(last.get("attachments").get(0).get("type").asText()).isEqualTo("image/png");
        assertThat(last.get("attachments").get(1).get("name").asText()).isEqualTo("sizes.txt");

        recordVoiceNote(ann);
        ann.type("#compose", Keys.ENTER);
        ann.waitVisible(".msg .att-audio audio");
        ann.screenshot("attachments-06-voice-note");
    }

    /** Records a voice note of about a second: the microphone is a tone here, recorded by MediaRecorder as audio/webm. */
    private static void recordVoiceNote(Browser b) {
        b.js("navigator.mediaDevices.getUserMedia = async () => { const ctx = new AudioContext(); await ctx.resume();"
                + " const osc = ctx.createOscillator(); const out = ctx.createMediaStreamDestination();"
                + " osc.connect(out); osc.start(); return out.stream; };");
        b.click(".composer button.record");
        b.waitVisible(".composer button.record[aria-pressed='true']");
        b.js("return new Promise((r) => setTimeout(r, 1200))");
        b.click(".composer button.record");
        b.waitText(".attach-item.ready", ".webm");
    }

    private static byte[] png(int width, int height, Color color) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(color);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.WHITE);
        g.fillOval(width / 4, height / 4, width / 2, height / 2);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
