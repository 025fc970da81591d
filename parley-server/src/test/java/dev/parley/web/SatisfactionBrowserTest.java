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

/**
 * The customer rates a resolved conversation with the five buttons under the business's rating
 * question, and the business's dashboard shows the rating.
 */
@Tag("sqlite-only")
@ExtendWith(ScreenshotsOnFailure.class)
class SatisfactionBrowserTest {
    @RegisterExtension
    static final WebNode WEB = WebNode.with(Map.of("inbox.triage", "off"));

    @Test
    void theCustomerRatesWithFiveButtonsAndTheDashboardShowsIt() {
        Api api = WEB.api();
        Person owner = api.signUp("kaiowner");
        String shop = api.post("/api/v1/businesses", owner.token(), Map.of("handle", "kaibikes",
                "display_name", "Kai Bikes")).expect(201).body().at("/business/id").asText();
        String base = "/api/v1/businesses/" + shop;
        api.call("PUT", base + "/automation", owner.token(),
                Map.of("satisfaction", Map.of("enabled", true, "text", "How did we do?"))).expect(200);
        Person cara = api.signUp("cara");
        api.put("/api/v1/accounts/" + shop + "/like", cara.token()).expect(200);
        String c = api.open(cara, new Person(shop, null, null));
        api.send(cara, c, "Is my bike ready?").expect(201);
        api.post(base + "/conversations/" + c + "/messages", owner.token(),
                Map.of("client_id", "ready1", "text", "Yes, come by any time!")).expect(201);
        api.call("PUT", base + "/conversations/" + c + "/status", owner.token(), Map.of("status", "resolved")).expect(200);
        Eventually.await("the question is recorded", Duration.ofSeconds(30),
                () -> api.get("/api/v1/conversations/" + c + "/rating", cara.token()).body(),
                (JsonNode r) -> "asked".equals(r.path("status").asText()));

        Browser customer = WEB.browser("rating-customer");
        customer.signIn("cara");
        customer.click("#conv-list .conv-item");
        customer.messageShowing("How did we do?", "Automatic reply");
        customer.waitVisible(".rating button[data-score='4']");
        customer.screenshot("40-rating-question");
        customer.type(".rating input", "Quick and friendly");
        customer.click(".rating button[data-score='4']");
        customer.waitText(".rating.done", "You rated this conversation 4 of 5");
        customer.screenshot("41-rating-given");
        JsonNode rated = api.get("/api/v1/conversations/" + c + "/rating", cara.token()).body();
        assertThat(rated.get("score").asInt()).isEqualTo(4);
        assertThat(rated.get("comment").asText()).isEqualTo("Quick and friendly");

        // A score typed as a reply answers the next question too, and the buttons give way to the thanks.
        api.send(cara, c, "One more thing: the bell rattles").expect(201);
        api.call("PUT", base + "/conversations/" + c + "/status", owner.token(), Map.of("status", "resolved")).expect(200);
        Eventually.await("the second question is recorded", Duration.ofSeconds(30),
                () -> api.get("/api/v1/conversations/" + c + "/rating", cara.token()).body(),
                (JsonNode r) -> "asked".equals(r.path("status").asText()));
        customer.waitVisible(".rating button[data-score='5']");
        customer.send("5 - sorted in a minute");
        customer.waitText(".rating.done", "You rated this conversation 5 of 5");
        assertThat(api.get("/api/v1/conversations/" + c + "/rating", cara.token()).body().get("comment").asText())
                .isEqualTo("sorted in a minute");

        Browser business = WEB.browser("rating-owner");
        business.signIn("kaiowner");
        new org.openqa.selenium.support.ui.Select(business.waitVisible("#acting"))
                .selectByVisibleText("Kai Bikes (@kaibikes, business)");
        business.waitOnline();
        business.go("#/responsiveness");
        business.waitText("#dash-satisfaction-average", "4.5 of 5");
        business.waitText("#dash-satisfaction", "2 ratings");
        business.screenshot("42-rating-dashboard");
    }
}
