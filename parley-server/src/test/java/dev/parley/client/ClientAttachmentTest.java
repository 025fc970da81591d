package dev.parley.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.testing.NodeFixture;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The SDK uploads a file and a stream, sends them in a message, and the other member downloads them. */
class ClientAttachmentTest {
    @RegisterExtension
    static final NodeFixture NODE = NodeFixture.with(Map.of("inbox.triage", "off"));
    static ParleyClient parley;

    @BeforeAll
    static void start() {
        parley = ParleyClient.create(URI.create("http://127.0.0.1:" + NODE.node().port()));
    }

    @Test
    void uploadSendAndDownload(@TempDir Path dir) throws IOException {
        ParleyClient ann = ClientConversationTest.person(parley, "att_sdk_ann", Settings.EVERYONE);
        ParleyClient bob = ClientConversationTest.person(parley, "att_sdk_bob", Settings.EVERYONE);
        Conversation dm = ann.openDirect(bob.me().id());

        Path photo = dir.resolve("photo.png");
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB), "png", png);
        Files.write(photo, png.toByteArray());
        Upload image = ann.upload(photo);
        assertThat(image.type()).isEqualTo("image/png");
        assertThat(image.width()).isEqualTo(64);
        byte[] notes = "shopping list: milk, eggs".getBytes(StandardCharsets.UTF_8);
        Upload text = ann.upload("list.txt", new ByteArrayInputStream(notes));
        assertThat(text.type()).isEqualTo("text/plain");

        Message sent = ann.send(dm.id(), Draft.of("two files").withAttachments(image, text));
        assertThat(sent.attachments()).extracting(Attachment::id).containsExactly(image.id(), text.id());

        Message got = bob.history(dm.id()).items().get(0);
        Attachment list = got.attachments().get(1);
        assertThat(list.name()).isEqualTo("list.txt");
        assertThat(list.inline()).isFalse();
        try (InputStream in = bob.open(list)) {
            assertThat(in.readAllBytes()).isEqualTo(notes);
        }
        try (InputStream in = bob.openMedia(image.id())) {
            assertThat(ImageIO.read(in).getHeight()).isEqualTo(48);
        }
        bob.download(got.attachments().get(0), dir.resolve("saved.png"));
        assertThat(ImageIO.read(dir.resolve("saved.png").toFile()).getWidth()).isEqualTo(64);

        // A stranger's token gets what an unknown id gets.
        ParleyClient eve = ClientConversationTest.person(parley, "att_sdk_eve", Settings.EVERYONE);
        ParleyException refused = org.assertj.core.api.Assertions.catchThrowableOfType(ParleyException.class,
                () -> eve.openMedia(image.id()));
        assertThat(refused.status()).isEqualTo(404);
        // Files alone, no text.
        Message filesOnly = ann.send(dm.id(), Draft.ofFiles(ann.upload("memo.txt", new ByteArrayInputStream(notes))));
        assertThat(filesOnly.text()).isEmpty();
        assertThat(filesOnly.attachments()).hasSize(1);
    }
}
