package dev.parley.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.testing.Api;
import dev.parley.testing.Api.Person;
import dev.parley.testing.Eventually;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;

/**
 * A customer can tell an automatic reply from a person's: the instant reply carries an
 * "Automatic reply" label under its bubble, the customer's own message none. The business's own
 * view names it "Harbour Outfitters' conversations", not "Harbour Outfitters's".
 */
@Tag("sqlite-only")
@ExtendWith(ScreenshotsOnFailure.class)
class AuthorLabelBrowserTest {
    static final String INSTANT = "Thanks for writing! A person will reply shortly.";
    @RegisterExtension
    static final WebNode WEB = WebNode.with(Map.of());

    @Test
    void anInstantReplyIsLabelledForTheCustomerAndTheBusinessNameReadsRight() {
        Api api = WEB.api();
        Person owner = api.signUp("hbowner");
        String shop = api.post("/api/v1/businesses", owner.token(), Map.of("handle", "harbour",
                "display_name", "Harbour Outfitters")).expect(201).body().at("/business/id").asText();
        api.call("PUT", "/api/v1/businesses/" + shop + "/automation", owner.token(),
                Map.of("instant_reply", Map.of("enabled", true, "text", INSTANT))).expect(200);
        Person cara = api.signUp("cara");
        api.put("/api/v1/accounts/" + shop + "/like", cara.token()).expect(200);
        String c = api.open(cara, new Person(shop, null, null));
        api.send(cara, c, "Do you have wetsuits?").expect(201);
        Eventually.await("the instant reply was sent", Duration.ofSeconds(30),
                () -> api.get("/api/v1/conversations/" + c + "/messages", cara.token()).body().get("items"),
                (JsonNode items) -> items.size() == 2);

        Browser customer = WEB.browser("author-label-customer");
        customer.signIn("cara");
        customer.click("#conv-list .conv-item");
        customer.messageShowing(INSTANT, "Automatic reply");
        customer.messageShowing("Do you have wetsuits?", "");
        assertThat(customer.message("Do you have wetsuits?").findElements(By.cssSelector(".author-kind")))
                .as("a person's own message carries no label").isEmpty();
        customer.screenshot("30-automatic-reply-label");

        Browser business = WEB.browser("author-label-owner");
        business.signIn("hbowner");
        new Select(business.waitVisible("#acting")).selectByVisibleText("Harbour Outfitters (@harbour, business)");
        business.waitText(".sidebar h2", "Harbour Outfitters' conversations");
        // The list shows the reply as the business's automation wrote it: no agent's "You:" before it.
        business.waitText("#conv-list .conv-preview", INSTANT);
        assertThat(business.texts("#conv-list .conv-preview")).containsExactly(INSTANT);
        business.click("#conv-list .conv-item");
        business.messageShowing(INSTANT, "Automatic reply");
    }
}
