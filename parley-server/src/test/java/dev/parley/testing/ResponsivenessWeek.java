package dev.parley.testing;

import dev.parley.testing.Api.Person;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A week of a shop's customer conversations, scripted with a pinned clock, whose response figures
 * are worked out by hand in {@code ResponsivenessTest} (and drawn by the dashboard's browser test).
 *
 * <p>The shop is open Monday to Friday, 09:00–17:00 in New York (UTC−5 in December); its instant
 * reply answers every new customer at once and an external bot answers one, and neither counts.
 * The week (all times New York):
 * <pre>
 *  r0  Mon 09:30  Gus        Bob answers Thu 10:00       24 h 30 min of open time: missed (late)
 *  r1  Mon 10:00  Cal        Ann answers 10:06 (6 min), resolves 10:30 (30 min)
 *  r2  Mon 16:50  Dot        Bob answers Tue 09:05       10 min Mon + 5 min Tue = 15 min
 *      Fri 14:00  Dot again  (r2 never resolved: the same request, not a new one)
 *  r3  Tue 08:00  Eve        the bot answers 08:01; Ann 09:20: 20 min (the shop opens at 09:00)
 *  r4  Tue 11:00  Fay        spam (labelled so): left out
 *  r5  Wed 13:00  Hal        a complaint; Ann answers 13:04 (4 min), resolves 14:00 (1 h)
 *  r6  Wed 15:00  Cal again  (r1 was resolved: a new request) Ann's integration sends an
 *                            automated reply at 15:01; Bob answers 15:40: 40 min
 *  r7  Thu 10:00  Ida        assigned to Bob, never answered: awaiting at the week's end
 *  r8  Fri 11:00  Jon        then blocks the shop: left out
 * </pre>
 * The clock ends at {@link #END}, Sunday 20:00.
 */
public final class ResponsivenessWeek {
    public static final ZoneId ZONE = ZoneId.of("America/New_York");
    public static final Instant END = local("2026-12-06T20:00");

    public final Api api;
    public final MutableClock clock;
    public String shop;
    public String base;
    public Person owner;
    public Person ann;
    public Person bob;
    public Map<String, String> conversations;

    private ResponsivenessWeek(Api api, MutableClock clock) {
        this.api = api;
        this.clock = clock;
    }

    public static Instant local(String dateTime) {
        return LocalDateTime.parse(dateTime).atZone(ZONE).toInstant();
    }

    /** Plays the week on the node; {@code clock} must be the node's, and is left at {@link #END}. */
    public static ResponsivenessWeek play(TestNode node, MutableClock clock, String tag) {
        ResponsivenessWeek w = new ResponsivenessWeek(node.api, clock);
        w.script(tag);
        return w;
    }

    private void script(String tag) {
        clock.advanceTo(local("2026-11-29T12:00"));
        owner = api.signUp("owner_" + tag);
        shop = api.post("/api/v1/businesses", owner.token(), Map.of("handle", "acme_" + tag, "display_name", "Acme"))
                .expect(201).body().at("/business/id").asText();
        base = "/api/v1/businesses/" + shop;
        ann = agent("ann_" + tag, "Ann");
        bob = agent("bob_" + tag, "Bob");
        api.call("PUT", base + "/automation", owner.token(), Map.of(
                "instant_reply", Map.of("enabled", true, "text", "Thanks for writing to Acme! A person will answer soon."),
                "away_message", Map.of("enabled", false, "text", "We're closed.", "time_zone", ZONE.getId(),
                        "hours", Map.of("mon", open(), "tue", open(), "wed", open(), "thu", open(), "fri", open()))))
                .expect(200);
        String botToken = api.post(base + "/bots", owner.token(), Map.of("name", "Helper", "url", "http://127.0.0.1:9/hook"))
                .expect(201).body().get("token").asText();

        Person gus = customer("gus_" + tag);
        Person cal = customer("cal_" + tag);
        Person dot = customer("dot_" + tag);
        Person eve = customer("eve_" + tag);
        Person fay = customer("fay_" + tag);
        Person hal = customer("hal_" + tag);
        Person ida = customer("ida_" + tag);
        Person jon = customer("jon_" + tag);

        String r0 = firstMessage("2026-11-30T09:30", gus, "Hello, do you ship to Canada?");
        String r1 = firstMessage("2026-11-30T10:00", cal, "Can I change the size of my order?");
        reply("2026-11-30T10:06", ann, r1, "Yes, which size would you like?");
        status("2026-11-30T10:30", ann, r1, "resolved");
        String r2 = firstMessage("2026-11-30T16:50", dot, "Is the blue kettle back in stock?");

        String r3 = firstMessage("2026-12-01T08:00", eve, "My discount code does not work.");
        at("2026-12-01T08:01");
        api.post(base + "/conversations/" + r3 + "/messages", botToken,
                Map.of("client_id", UUID.randomUUID().toString(), "text", "Try typing it in capitals.")).expect(201);
        reply("2026-12-01T09:05", bob, r2, "It is, since this morning.");
        reply("2026-12-01T09:20", ann, r3, "I have fixed the code for you.");
        String r4 = firstMessage("2026-12-01T11:00", fay, "Buy 10,000 followers now, cheap!!!");
        labels("2026-12-01T11:05", bob, r4, List.of("spam"));

        String r5 = firstMessage("2026-12-02T13:00", hal, "The kettle arrived broken and nobody answers my emails.");
        labels("2026-12-02T13:01", ann, r5, List.of("complaint"));
        reply("2026-12-02T13:04", ann, r5, "I'm sorry! A new one is on its way today.");
        status("2026-12-02T14:00", ann, r5, "resolved");
        at("2026-12-02T15:00");
        api.send(cal, r1, "One more thing: can you gift wrap it?").expect(201);
        at("2026-12-02T15:01");
        api.post(base + "/conversations/" + r1 + "/messages", ann.token(), Map.of("client_id", UUID.randomUUID().toString(),
                "text", "[Auto] Your request was received.", "automated", true)).expect(201);
        reply("2026-12-02T15:40", bob, r1, "Gift wrapping added, free of charge.");

        reply("2026-12-03T10:00", bob, r0, "Sorry for the wait: yes, we ship to Canada.");
        String r7 = firstMessage("2026-12-03T10:00", ida, "Do you have a store in Boston?");
        at("2026-12-03T10:02");
        api.call("PUT", base + "/conversations/" + r7 + "/assignee", bob.token(), Map.of("assignee_id", bob.id()))
                .expect(200);

        String r8 = firstMessage("2026-12-04T11:00", jon, "You people are useless.");
        api.put("/api/v1/accounts/" + shop + "/block", jon.token()).expect(200);
        at("2026-12-04T14:00");
        api.send(dot, r2, "Thanks! Ordered one.").expect(201);
        at("2026-12-06T20:00");
        conversations = Map.of("r0", r0, "r1", r1, "r2", r2, "r3", r3, "r4", r4, "r5", r5, "r7", r7, "r8", r8);
        for (String c : conversations.values()) {
            awaitInInbox(c);
        }
    }

    private static List<List<String>> open() {
        return List.of(List.of("09:00", "17:00"));
    }

    private Person agent(String handle, String name) {
        Person p = api.signUp(handle);
        api.patch("/api/v1/me", p.token(), Map.of("display_name", name)).expect(200);
        api.joinTeam(owner, shop, p, "agent");
        return p;
    }

    public Person customer(String handle) {
        Person p = api.signUp(handle);
        api.put("/api/v1/accounts/" + shop + "/like", p.token()).expect(200);
        return p;
    }

    public void at(String localDateTime) {
        clock.advanceTo(local(localDateTime));
    }

    /**
     * The customer's first message; waits for the instant reply, so the bot has answered before
     * anyone else, and for the inbox to take both in: an agent's change made before the intake got
     * there would start the inbox row at the clock's later time (PostgreSQL under load lagged so, and
     * the week's figures came out wrong).
     */
    public String firstMessage(String when, Person customer, String text) {
        at(when);
        String c = api.open(customer, new Person(shop, null, null));
        api.send(customer, c, text).expect(201);
        awaitMessages(customer, c, 2);
        awaitInInbox(c);
        return c;
    }

    public void reply(String when, Person agent, String conversation, String text) {
        at(when);
        api.post(base + "/conversations/" + conversation + "/messages", agent.token(),
                Map.of("client_id", UUID.randomUUID().toString(), "text", text)).expect(201);
    }

    private void status(String when, Person agent, String conversation, String status) {
        at(when);
        api.call("PUT", base + "/conversations/" + conversation + "/status", agent.token(), Map.of("status", status))
                .expect(200);
    }

    private void labels(String when, Person agent, String conversation, List<String> labels) {
        at(when);
        api.call("PUT", base + "/conversations/" + conversation + "/labels", agent.token(), Map.of("labels", labels))
                .expect(200);
    }

    private void awaitMessages(Person member, String conversation, int count) {
        Eventually.await("conversation " + conversation + " has " + count + " messages", Duration.ofSeconds(20),
                () -> api.get("/api/v1/conversations/" + conversation + "/messages", member.token()).expect(200)
                        .body().get("items").size(), seen -> seen >= count);
    }

    /**
     * The inbox takes messages in after they commit, and the figures read the conversations it has
     * taken in: waits until it has taken in the conversation's last message.
     */
    public void awaitInInbox(String conversation) {
        String last = null;
        for (var m : api.get(base + "/conversations/" + conversation + "/messages", owner.token()).expect(200)
                .body().get("items")) {
            String at = m.get("created_at").asText();
            last = last == null || Instant.parse(at).isAfter(Instant.parse(last)) ? at : last;
        }
        Instant lastMessage = Instant.parse(last);
        // "intake": "done" too: a conversation not taken in yet shows its last message's time as well.
        Eventually.await("the inbox took in " + conversation + " up to its last message at " + last,
                Duration.ofSeconds(20), () -> api.get(base + "/inbox/" + conversation, owner.token()).expect(200).body(),
                item -> "done".equals(item.path("intake").asText())
                        && lastMessage.equals(Instant.parse(item.path("last_activity_at").asText())));
    }

}
