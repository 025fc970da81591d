package dev.parley.safety;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.testing.Api;
import dev.parley.testing.Api.Person;
import dev.parley.testing.MutableClock;
import dev.parley.testing.NodeFixture;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Spam limits on message requests, on both stores: a new account's hourly requests, and one
 * text sent as requests to many people. The node's clock moves to age an account.
 */
class RequestLimitsTest {
    static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-03-02T09:00:00Z"));
    @RegisterExtension
    static final NodeFixture NODE = NodeFixture.with(Map.of("rate_limits", "on", "rate.signups_per_hour", "10000",
            "safety.new_account_requests_per_hour", "3", "safety.duplicate_requests_per_hour", "2",
            "safety.declined_requests_per_day", "2"), CLOCK);
    static final Api api = NODE.api();
    static int n;

    private static Person person(String name) {
        return api.signUp(name + (++n));
    }

    private static Api.Res open(Person from, Person to) {
        return api.post("/api/v1/conversations", from.token(), Map.of("member_ids", java.util.List.of(to.id())));
    }

    @Test
    void aNewAccountMayOpenOnlySoManyRequestsAnHourThenNoLimitOnceOlder() {
        Person fresh = person("fresh");
        for (int i = 0; i < 3; i++) {
            open(fresh, person("target")).expect(201);
        }
        Person fourth = person("target");
        Api.Res refused = open(fresh, fourth);
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.code()).isEqualTo("new_account_request_limit");
        assertThat(Long.parseLong(refused.http().headers().firstValue("Retry-After").orElseThrow())).isPositive();
        assertThat(api.get("/api/v1/conversations", fresh.token()).expect(200).body().get("items")).hasSize(3);

        // Someone who follows the new account is not a request: no limit there.
        Person friend = person("friend");
        api.follow(friend, fresh);
        open(fresh, friend).expect(201);

        // A day later the account is no longer new: today's limits only.
        CLOCK.advance(Duration.ofDays(2));
        open(fresh, fourth).expect(201);
        open(fresh, person("target")).expect(201);
    }

    @Test
    void theSameTextSentAsRequestsToManyPeopleIsRefusedEvenWithTrivialChanges() {
        Person sender = person("seller");
        CLOCK.advance(Duration.ofDays(2)); // an older account: opening requests is not limited
        String[] variants = {"Hi! Check out my page https://spam.example/a1 - 50% off",
            "hi   check out my page  https://spam.example/b2 -- 70% OFF",
            "HI, Check out my page: www.spam.example/zz 99% off!"};
        String c1 = open(sender, person("recipient")).expect(201).body().get("id").asText();
        String c2 = open(sender, person("recipient")).expect(201).body().get("id").asText();
        Person third = person("recipient");
        String c3 = open(sender, third).expect(201).body().get("id").asText();
        api.send(sender, c1, variants[0]).expect(201);
        api.send(sender, c2, variants[1]).expect(201);

        Api.Res refused = api.send(sender, c3, variants[2]);
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.code()).isEqualTo("duplicate_request_text");
        assertThat(refused.http().headers().firstValue("Retry-After")).isPresent();
        // Nothing was written: the request holds no message, for the sender or the recipient.
        assertThat(api.get("/api/v1/conversations/" + c3 + "/messages", sender.token()).expect(200).body().get("items"))
                .isEmpty();
        Api.Res seen = api.get("/api/v1/conversations/" + c3 + "/messages", third.token());
        assertThat(seen.status() == 404 || seen.body().get("items").isEmpty()).as(seen.raw()).isTrue();

        // Written in one's own words, the request goes.
        api.send(sender, c3, "Hello Sam, we met at the climbing gym on Tuesday").expect(201);

        // The same text in a conversation that is not a request is not limited.
        Person friend = person("friend");
        api.follow(friend, sender);
        String open = open(sender, friend).expect(201).body().get("id").asText();
        api.send(sender, open, variants[0]).expect(201);
    }

    /** The recipient of a held request sees nothing of it: no request, no history. */
    private static void seesNothingOf(Person recipient, String conversation) {
        assertThat(api.get("/api/v1/conversations?folder=requests", recipient.token()).expect(200).body().get("items"))
                .isEmpty();
        assertThat(api.get("/api/v1/conversations/" + conversation + "/messages", recipient.token()).status())
                .isEqualTo(404);
    }

    @Test
    void anAccountWhoseRequestsAreDeclinedHasItsNewRequestsHeldUnseen() {
        Person sender = person("pushy");
        CLOCK.advance(Duration.ofDays(2)); // older: only the decline limit applies
        for (int i = 0; i < 2; i++) {
            Person other = person("declines");
            String c = open(sender, other).expect(201).body().get("id").asText();
            api.send(sender, c, "hello number " + i + " " + other.handle()).expect(201);
            api.post("/api/v1/conversations/" + c + "/decline", other.token(), Map.of()).expect(204);
        }
        // Answered as any request is; its recipient is not shown it (HeldRequestsTest: the moderators' side).
        Person next = person("next");
        String held = open(sender, next).expect(201).body().get("id").asText();
        api.send(sender, held, "hello once more").expect(201);
        seesNothingOf(next, held);

        // People who follow the sender can still be messaged; other accounts are not held.
        Person friend = person("friend");
        api.follow(friend, sender);
        open(sender, friend).expect(201);
        Person polite = person("polite");
        Person other = person("next");
        String fine = open(polite, other).expect(201).body().get("id").asText();
        api.send(polite, fine, "a polite hello").expect(201);
        assertThat(api.get("/api/v1/conversations?folder=requests", other.token()).expect(200).body().get("items"))
                .hasSize(1);
    }

    @Test
    void anAccountReportedByThoseItMessagesHasItsNewRequestsHeld() {
        Person sender = person("reported");
        CLOCK.advance(Duration.ofDays(2));
        for (int i = 0; i < 2; i++) {
            Person other = person("reports");
            String c = open(sender, other).expect(201).body().get("id").asText();
            api.send(sender, c, "buy my course " + i + " " + other.handle()).expect(201);
            api.post("/api/v1/reports", other.token(), Map.of("target", Map.of("kind", "account", "id", sender.id()),
                    "category", "spam")).expect(201);
        }
        Person next = person("next");
        String held = open(sender, next).expect(201).body().get("id").asText();
        api.send(sender, held, "buy my course again").expect(201);
        seesNothingOf(next, held);
    }

    @Test
    void normalisingIgnoresCaseSpacingDigitsAndLinks() {
        assertThat(RequestText.normalise("Win 1000$ at https://a.example/x?y=1 NOW"))
                .isEqualTo(RequestText.normalise("win 25$ at   b.example  now!!"));
        assertThat(RequestText.normalise("See you at 5")).isNotEqualTo(RequestText.normalise("See you tomorrow"));
    }

    /** A sender who varies one spam text by disguising its letters still sends one text. */
    @Test
    void normalisingReadsThroughDisguisedLetters() {
        String plain = RequestText.normalise("Earn with crypto today");
        assertThat(List.of("Earn with c\u200Brypto today", "Earn with cr\u200Bypto today", "Earn with \u0441rypt\u043E today",
                "Earn with ｃｒｙｐｔｏ today", "Earn with c r y p t o today", "Earn with crypt0 t0day", "E4rn with crypto today"))
                .allSatisfy(t -> assertThat(RequestText.normalise(t)).as(t).isEqualTo(plain));
    }
}
