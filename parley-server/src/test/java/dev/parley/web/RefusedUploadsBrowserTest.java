package dev.parley.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.testing.Api;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

/**
 * Files the node refuses, as a person on a phone meets them (the probe of 8 Dec): the reason in
 * words (a size in MB, not "26214400 bytes"; no MIME type), no "Retry" that would only be refused
 * again, the reason under the file's name rather than squeezing it, and a line saying why Send is
 * off while a refused file sits in the tray.
 */
@Tag("sqlite-only")
@ExtendWith(ScreenshotsOnFailure.class)
class RefusedUploadsBrowserTest {
    @RegisterExtension
    static final WebNode WEB = WebNode.with(Map.of("media.max_bytes", String.valueOf(1024 * 1024)));

    @TempDir
    Path dir;

    @Test
    void aRefusedFileSaysWhyInWordsOffersNoRetryAndSendSaysWhatBlocksIt() throws IOException {
        Api.Person carol = WEB.api().signUp("carol_refused");
        Api.Person dave = WEB.api().signUp("dave_refused");
        WEB.api().befriend(carol, dave);
        String dm = WEB.api().open(dave, carol);
        WEB.api().send(dave, dm, "Send the plans?").expect(201);
        Path big = dir.resolve("plans.txt");
        Files.write(big, "a line of the plans\n".repeat(60_000).getBytes(StandardCharsets.US_ASCII)); // 1.2 MB
        Path exe = dir.resolve("setup.exe");
        Files.write(exe, new byte[] {'M', 'Z', (byte) 0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0, (byte) 0xff, (byte) 0xff, 0, 0});

        Browser c = WEB.browser("carol-refused");
        c.resize(390, 844);
        c.signIn("carol_refused");
        c.click("#conv-list .conv-item");
        c.message("Send the plans?");

        c.attachInput().sendKeys(big.toString());
        c.waitText(".attach-item.failed .fail", "at most 1 MB");
        c.attachInput().sendKeys(exe.toString());
        c.wait.withMessage("both files refused").until(x -> x.findElements(By.cssSelector(".attach-item.failed .fail")).size() == 2);
        String reasons = c.driver.findElement(By.cssSelector(".attach-tray")).getText();
        assertThat(reasons).contains("This file is too large: a file may hold at most 1 MB.")
                .contains("This kind of file can't be sent.")
                .doesNotContain("bytes").doesNotContain("application/");
        assertThat(c.driver.findElements(By.xpath("//li[contains(@class,'attach-item')]//button[normalize-space()='Retry']")))
                .as("no Retry for a refusal that would come again").isEmpty();
        // The name keeps its line: "setup.exe" is not broken a letter or two a line beside a long reason.
        double nameHeight = ((Number) c.js("const n = [...document.querySelectorAll('.attach-item .attach-name')]"
                + ".find((e) => e.textContent.startsWith('setup.exe')); return n.getBoundingClientRect().height")).doubleValue();
        assertThat(nameHeight).as("height of the refused file's name").isLessThan(30);
        assertThat(c.js("return document.documentElement.scrollWidth <= window.innerWidth")).isEqualTo(true);

        // Send is off, and a line says what to do about it; removing the refused files turns it on.
        c.type("#compose", "Here they are");
        assertThat(c.driver.findElement(By.cssSelector(".composer button[type='submit']")).isEnabled()).isFalse();
        c.waitText(".attach-stuck", "Remove the 2 files that could not be attached to send your message.");
        c.screenshot("refused-uploads-01-tray");
        c.click(".attach-item button.remove");
        c.waitText(".attach-stuck", "Remove the file that could not be attached to send your message.");
        c.click(".attach-item button.remove");
        c.waitGone(".attach-item");
        assertThat(c.driver.findElement(By.cssSelector(".attach-stuck")).isDisplayed()).isFalse();
        assertThat(c.driver.findElement(By.cssSelector(".composer button[type='submit']")).isEnabled()).isTrue();
    }
}
