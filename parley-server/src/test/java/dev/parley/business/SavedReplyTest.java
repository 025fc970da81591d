package dev.parley.business;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.business.Shops.Shop;
import dev.parley.testing.Api;
import dev.parley.testing.Api.Person;
import dev.parley.testing.NodeFixture;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Saved replies: templates that use the customer's name well, or say plainly why they can't. */
class SavedReplyTest {
    @RegisterExtension
    static final NodeFixture NODE = NodeFixture.with(Map.of("inbox.triage", "off"));
    static final Api api = NODE.api();
    static final Shops shops = new Shops(api);
    static int n;

    private Person customer(String handle, String displayName, String preferredName) {
        Person p = api.signUp(handle + (++n));
        Map<String, Object> patch = preferredName == null ? Map.of("display_name", displayName)
                : Map.of("display_name", displayName, "preferred_name", preferredName);
        api.patch("/api/v1/me", p.token(), patch).expect(200);
        return p;
    }

    private String create(Shop shop, Person agent, String shortcut, String body) {
        return api.post(shop.base() + "/saved-replies", agent.token(),
                Map.of("shortcut", shortcut, "title", "Reply " + shortcut, "body", body)).expect(201).body()
                .get("id").asText();
    }

    private Api.Res preview(Shop shop, Person agent, String reply, String conversation) {
        return api.get(shop.base() + "/saved-replies/" + reply + "/preview?conversation_id=" + conversation, agent.token());
    }

    @Test
    void rendersTheCustomersNameOrItsFallback() {
        Shop shop = shops.shop("greet");
        Person ann = shops.agent(shop, "greet_ann" + (++n), "agent");
        api.patch("/api/v1/me", ann.token(), Map.of("display_name", "Annika Berg")).expect(200);
        String hi = create(shop, ann, "hi",
                "Hi {{customer.first_name | default: \"there\"}}, {{agent.first_name}} from {{business.name}} here.");
        String lizzie = shops.customerConversation(shop, customer("liz", "Elizabeth Bennet", "Lizzie"));
        String jane = shops.customerConversation(shop, customer("jane", "Jane Smith", null));
        String wang = shops.customerConversation(shop, customer("wang", "Dr. 王", null));

        assertThat(preview(shop, ann, hi, lizzie).expect(200).body().get("text").asText())
                .isEqualTo("Hi Lizzie, Annika from greet Shop here.");
        assertThat(preview(shop, ann, hi, jane).expect(200).body().get("text").asText())
                .isEqualTo("Hi Jane, Annika from greet Shop here.");
        assertThat(preview(shop, ann, hi, wang).expect(200).body().get("text").asText())
                .isEqualTo("Hi there, Annika from greet Shop here.");

        // Without a fallback, a name that isn't there is the agent's problem to see, not a "Dear ,".
        String dear = create(shop, ann, "dear", "Dear {{customer.first_name}}, thank you for writing.");
        assertThat(preview(shop, ann, dear, jane).expect(200).body().get("text").asText())
                .isEqualTo("Dear Jane, thank you for writing.");
        Api.Res missing = preview(shop, ann, dear, wang);
        assertThat(missing.status()).isEqualTo(422);
        assertThat(missing.contentType()).startsWith("application/problem+json");
        assertThat(missing.code()).isEqualTo("template_value_missing");
        assertThat(missing.body().get("variable").asText()).isEqualTo("customer.first_name");
        assertThat(missing.body().get("detail").asText()).contains("{{customer.first_name}}").contains("default");

        // {{customer.display_name}} is always there.
        String full = create(shop, ann, "full", "Hello {{customer.display_name}}");
        assertThat(preview(shop, ann, full, wang).expect(200).body().get("text").asText()).isEqualTo("Hello Dr. 王");
    }

    @Test
    void sendingASavedReplyRendersItForThisCustomer() {
        Shop shop = shops.shop("send");
        Person ann = shops.agent(shop, "send_ann" + (++n), "agent");
        Person jane = customer("sjane", "Jane Smith", null);
        Person wang = customer("swang", "Dr. 王", null);
        String cj = shops.customerConversation(shop, jane);
        String cw = shops.customerConversation(shop, wang);
        // The customers write first: a business answers within the reply window after that.
        api.send(jane, cj, "Do you ship to Spain?").expect(201);
        api.send(wang, cw, "Is the shop open today?").expect(201);
        String thanks = create(shop, ann, "thanks", "Thanks {{customer.first_name | default: \"so much\"}}!");
        String dear = create(shop, ann, "dear2", "Dear {{customer.first_name}}");

        Api.Res sent = api.post(shop.base() + "/conversations/" + cj + "/messages", ann.token(),
                Map.of("client_id", "sr-1", "saved_reply_id", thanks));
        assertThat(sent.status()).isEqualTo(201);
        assertThat(sent.body().get("text").asText()).isEqualTo("Thanks Jane!");
        assertThat(sent.body().get("sender_id").asText()).isEqualTo(shop.id());
        assertThat(sent.body().get("agent_id").asText()).isEqualTo(ann.id());
        JsonNode seen = api.get("/api/v1/conversations/" + cj + "/messages", jane.token()).body();
        assertThat(seen.at("/items/1/text").asText()).isEqualTo("Thanks Jane!");
        // A retry is the same message.
        Api.Res again = api.post(shop.base() + "/conversations/" + cj + "/messages", ann.token(),
                Map.of("client_id", "sr-1", "saved_reply_id", thanks));
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body().get("id").asText()).isEqualTo(sent.body().get("id").asText());

        // A missing value stops the send: nothing is written.
        Api.Res refused = api.post(shop.base() + "/conversations/" + cw + "/messages", ann.token(),
                Map.of("client_id", "sr-2", "saved_reply_id", dear));
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.code()).isEqualTo("template_value_missing");
        assertThat(api.get("/api/v1/conversations/" + cw + "/messages", wang.token()).body().get("items")).hasSize(1);
        assertThat(api.post(shop.base() + "/conversations/" + cw + "/messages", ann.token(),
                Map.of("client_id", "sr-3", "saved_reply_id", thanks)).expect(201).body().get("text").asText())
                .isEqualTo("Thanks so much!");

        // Text and a saved reply at once, or a saved reply from a person's own account: refused.
        assertThat(api.post(shop.base() + "/conversations/" + cj + "/messages", ann.token(),
                Map.of("client_id", "sr-4", "saved_reply_id", thanks, "text", "Hi")).status()).isEqualTo(422);
        assertThat(api.post("/api/v1/conversations/" + cj + "/messages", jane.token(),
                Map.of("client_id", "sr-5", "saved_reply_id", thanks)).status()).isEqualTo(422);
        assertThat(api.post(shop.base() + "/conversations/" + cj + "/messages", ann.token(),
                Map.of("client_id", "sr-6", "saved_reply_id", "r-00000000000000000000")).status()).isEqualTo(404);
    }

    @Test
    void savedRepliesAreManagedByShortcut() {
        Shop shop = shops.shop("crud");
        Person ann = shop.owner();
        String base = shop.base() + "/saved-replies";
        String id = create(shop, ann, "ship_eu", "We ship across the EU in {{business.name}} boxes.");
        create(shop, ann, "ship-us", "US shipping takes a week.");
        create(shop, ann, "hello", "Hello!");
        JsonNode one = api.get(base + "/" + id, ann.token()).expect(200).body();
        assertThat(one.get("shortcut").asText()).isEqualTo("ship_eu");
        assertThat(one.get("variables")).hasSize(1);
        assertThat(one.at("/variables/0").asText()).isEqualTo("business.name");

        JsonNode picked = api.get(base + "?q=/ship", ann.token()).expect(200).body();
        assertThat(picked.get("items").findValuesAsText("shortcut")).containsExactly("ship-us", "ship_eu");
        // '_' is not a wildcard: "ship_" finds only ship_eu.
        assertThat(api.get(base + "?q=ship_", ann.token()).body().get("items").findValuesAsText("shortcut"))
                .containsExactly("ship_eu");
        JsonNode page = api.get(base + "?limit=2", ann.token()).body();
        assertThat(page.get("items")).hasSize(2);
        JsonNode rest = api.get(base + "?limit=2&cursor=" + page.get("next_cursor").asText(), ann.token()).body();
        assertThat(rest.get("items").findValuesAsText("shortcut")).containsExactly("ship_eu");

        JsonNode changed = api.patch(base + "/" + id, ann.token(), Map.of("body", "EU: 3 days.")).expect(200).body();
        assertThat(changed.get("body").asText()).isEqualTo("EU: 3 days.");
        assertThat(changed.get("shortcut").asText()).isEqualTo("ship_eu");
        assertThat(api.patch(base + "/" + id, ann.token(), Map.of("shortcut", "hello")).status()).isEqualTo(409);
        assertThat(api.post(base, ann.token(), Map.of("shortcut", "hello", "title", "t", "body", "b")).status())
                .isEqualTo(409);

        Api.Res unclosed = api.post(base, ann.token(), Map.of("shortcut", "bad", "title", "t", "body", "Hi {{customer.first_name"));
        assertThat(unclosed.status()).isEqualTo(422);
        assertThat(unclosed.code()).isEqualTo("validation_failed");
        assertThat(unclosed.body().get("detail").asText()).contains("never closed");
        Api.Res unknownVar = api.post(base, ann.token(), Map.of("shortcut", "bad", "title", "t", "body", "Hi {{customer.age}}"));
        assertThat(unknownVar.body().get("detail").asText()).contains("customer.age");
        assertThat(api.post(base, ann.token(), Map.of("shortcut", "Bad Shortcut!", "title", "t", "body", "b")).status())
                .isEqualTo(422);
        assertThat(api.post(base, ann.token(), Map.of("shortcut", "nobody", "title", "t")).status()).isEqualTo(422);

        assertThat(api.delete(base + "/" + id, ann.token()).status()).isEqualTo(204);
        assertThat(api.get(base + "/" + id, ann.token()).status()).isEqualTo(404);
        assertThat(api.delete(base + "/" + id, ann.token()).status()).isEqualTo(404);
    }

    @Test
    void anAgentChangesTheirOwnRepliesAndOnlyManagersChangeAColleaguesOnes() {
        Shop shop = shops.shop("owned");
        Person ann = shops.agent(shop, "owned_ann" + (++n), "agent");
        Person bob = shops.agent(shop, "owned_bob" + (++n), "agent");
        Person ada = shops.agent(shop, "owned_ada" + (++n), "admin");
        String base = shop.base() + "/saved-replies";
        String annsReply = create(shop, ann, "returns", "Returns are free within 30 days.");

        // A colleague reads it and may send it, but not rewrite or delete what the team sends in Ann's words.
        assertThat(api.get(base + "/" + annsReply, bob.token()).status()).isEqualTo(200);
        Api.Res rewrite = api.patch(base + "/" + annsReply, bob.token(), Map.of("body", "No returns, ever."));
        assertThat(rewrite.status()).isEqualTo(403);
        assertThat(rewrite.contentType()).startsWith("application/problem+json");
        assertThat(rewrite.code()).isEqualTo("forbidden");
        assertThat(rewrite.body().get("detail").asText()).contains("author");
        assertThat(api.delete(base + "/" + annsReply, bob.token()).status()).isEqualTo(403);
        assertThat(api.get(base + "/" + annsReply, ann.token()).body().get("body").asText())
                .isEqualTo("Returns are free within 30 days.");

        // The author changes it; an admin and the owner change or delete anyone's.
        assertThat(api.patch(base + "/" + annsReply, ann.token(), Map.of("body", "Returns: 30 days, free."))
                .expect(200).body().get("body").asText()).isEqualTo("Returns: 30 days, free.");
        assertThat(api.patch(base + "/" + annsReply, ada.token(), Map.of("title", "Returns policy"))
                .expect(200).body().get("title").asText()).isEqualTo("Returns policy");
        assertThat(api.delete(base + "/" + annsReply, shop.owner().token()).status()).isEqualTo(204);
        // An unknown reply is 404 for everyone, before any role question.
        assertThat(api.delete(base + "/" + annsReply, bob.token()).status()).isEqualTo(404);
    }
}
