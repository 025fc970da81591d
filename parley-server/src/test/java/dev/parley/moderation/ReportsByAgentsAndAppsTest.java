package dev.parley.moderation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.account.JdbcAccountStore;
import dev.parley.testing.Api;
import dev.parley.testing.Api.Person;
import dev.parley.testing.NodeFixture;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A business's agents report its customers; an app's backend hears of its users' reports. */
class ReportsByAgentsAndAppsTest {
    @RegisterExtension
    static final NodeFixture NODE = NodeFixture.with(Map.of());
    static final Api api = NODE.api();
    static int n;

    static Person admin() {
        Person p = api.signUp("raroot" + (++n));
        new JdbcAccountStore(NODE.node().node().database(), Clock.systemUTC()).setAdmin(p.id(), true);
        return p;
    }

    @Test
    void anAgentReportsACustomerForTheBusiness() {
        n++;
        Person owner = api.signUp("raowner" + n);
        String shop = api.post("/api/v1/businesses", owner.token(), Map.of("handle", "rashop" + n, "display_name", "Shop"))
                .expect(201).body().at("/business/id").asText();
        Person customer = api.signUp("racust" + n);
        api.put("/api/v1/accounts/" + shop + "/like", customer.token()).expect(200);
        String dm = api.open(customer, new Person(shop, "rashop" + n, null));
        String id = api.send(customer, dm, "give me a refund or else").expect(201).body().get("id").asText();
        String b = "/api/v1/businesses/" + shop;

        Api.Res r = api.post(b + "/reports", owner.token(), Map.of("target", Map.of("kind", "message", "id", id),
                "category", "harassment")).expect(201);
        String report = r.body().get("id").asText();
        assertThat(api.get(b + "/reports/" + report, owner.token()).expect(200).body().get("status").asText())
                .isEqualTo("open");
        // Someone who is not the business's agent cannot report for it.
        Person stranger = api.signUp("rastr" + n);
        assertThat(api.post(b + "/reports", stranger.token(), Map.of("target", Map.of("kind", "message", "id", id),
                "category", "spam")).status()).isEqualTo(404);

        Person mod = admin();
        JsonNode groups = api.get("/api/v1/moderation/reports", mod.token()).expect(200).body().get("groups");
        JsonNode mine = null;
        for (JsonNode g : groups) {
            if (customer.id().equals(g.at("/account/id").asText())) {
                mine = g;
            }
        }
        assertThat(mine).isNotNull();
        assertThat(mine.at("/reports/0/reporter_id").asText()).isEqualTo(shop);
    }

    @Test
    void anAppsBackendHearsItsUsersReports() {
        Person root = admin();
        String secret = api.post("/api/v1/admin/apps", root.token(), Map.of("name", "app_" + UUID.randomUUID()))
                .expect(201).body().get("secret").asText();
        for (String u : List.of("ann", "bob")) {
            assertThat(api.call("PUT", "/api/v1/app/users/" + u, secret, Map.of("display_name", u)).status())
                    .isIn(200, 201);
        }
        api.call("PUT", "/api/v1/app/graph/follows", secret,
                Map.of("edges", List.of(Map.of("from", "ann", "to", "bob"), Map.of("from", "bob", "to", "ann"))))
                .expect(200);
        String bobId = api.call("GET", "/api/v1/app/users/bob", secret, null).expect(200).body().get("id").asText();
        Api.Res report = api.call("POST", "/api/v1/reports", secret,
                Map.of("target", Map.of("kind", "account", "id", bobId), "category", "impersonation"),
                Map.of("X-Parley-User", "ann")).expect(201);

        JsonNode reported = null;
        for (JsonNode e : api.call("GET", "/api/v1/app/events", secret, null).expect(200).body().get("items")) {
            if ("user.reported".equals(e.get("type").asText())) {
                reported = e;
            }
        }
        assertThat(reported).isNotNull();
        assertThat(reported.toString()).contains(report.body().get("id").asText()).contains("\"ann\"")
                .contains("\"bob\"").contains("impersonation");
    }
}
