package dev.parley.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.testing.Api;
import dev.parley.testing.Api.Person;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.support.ui.Select;

/**
 * An owner sets up automation in the browser: an instant reply and business hours, an FAQ entry
 * tried with a paraphrase (the score shows), and a bot whose private webhook URL is refused.
 */
@Tag("sqlite-only")
@ExtendWith(ScreenshotsOnFailure.class)
class AutomationBrowserTest {
    @RegisterExtension
    static final WebNode WEB = WebNode.with(Map.of());

    @Test
    void anOwnerSetsUpAutomationTriesTheFaqAndIsToldWhyABotUrlIsRefused() {
        Browser owner = WEB.browser("automation-owner");
        owner.signUp("olga", "Olga Berg");
        owner.clickText("a", "Settings");
        owner.type("#biz-handle", "trail");
        owner.type("#biz-name", "Trail Shop");
        owner.clickText("button", "Create business page");
        owner.waitText(".business .note", "Trail Shop is ready.");
        new Select(owner.waitVisible("#acting")).selectByVisibleText("Trail Shop (@trail, business)");
        owner.waitText(".sidebar h2", "Trail Shop's conversations");

        owner.clickText("a", "Automation");
        owner.waitText("h2", "Trail Shop: automation");
        // Only the pane scrolls: the page itself (header, business switcher) stays put, on a laptop and a phone.
        owner.waitText("#automation-form", "Closed");
        assertThat(owner.js("return document.documentElement.scrollHeight <= innerHeight")).isEqualTo(true);
        owner.resize(390, 844);
        assertThat(owner.js("return document.documentElement.scrollHeight <= innerHeight")).isEqualTo(true);
        owner.resize(1200, 800); // the size the test was written at
        owner.click("#auto-instant");
        // A checkbox sits on its label's line, before it.
        assertThat(owner.js("const b = document.getElementById('auto-instant').getBoundingClientRect();"
                + "const l = document.querySelector('label[for=auto-instant]').getBoundingClientRect();"
                + "const mid = b.top + b.height / 2;"
                + "return b.right <= l.left && mid > l.top && mid < l.bottom")).as("checkbox beside its label").isEqualTo(true);
        // Hours are picked, not typed: Monday gets a span of two time pickers.
        owner.waitText("#automation-form", "Closed");
        owner.click("#auto-add-mon");
        assertThat(owner.attr("#auto-hours-mon .opens", "type")).isEqualTo("time");
        assertThat(owner.attr("#auto-hours-mon .closes", "type")).isEqualTo("time");
        owner.clear("#auto-zone");
        owner.type("#auto-zone", "Europe/Berlin");
        // What the shop sells, for the FAQ bot: a box under the bot's settings, labelled as a question.
        owner.waitText("label[for=auto-profile]", "What does your business do or sell?");
        owner.type("#auto-profile", "Bike shop: bikes, helmets, lights and locks; repairs.");
        owner.clickText("button", "Save automation");
        owner.waitText("#automation-saved", "Automation saved.");
        owner.go("#/inbox");
        owner.go("#/automation");
        owner.waitVisible("#auto-hours-mon .opens");
        assertThat(owner.js("return [document.querySelector('#auto-hours-mon .opens').value,"
                + "document.querySelector('#auto-hours-mon .closes').value, document.querySelectorAll('.span-row').length]"))
                .as("saved and shown again").isEqualTo(java.util.List.of("09:00", "17:00", 1L));
        // Monday's hours removed and saved: Monday is closed (the server merges hours day by day, so the page sends
        // every day, a closed one as []); a span to midnight shows as closing at 00:00 and is saved as "24:00".
        owner.click("#auto-hours-mon .span-row button");
        owner.click("#auto-add-tue");
        owner.js("document.querySelector('#auto-hours-tue .closes').value = '00:00'");
        owner.clickText("button", "Save automation");
        owner.waitText("#automation-saved", "Automation saved.");
        owner.go("#/inbox");
        owner.go("#/automation");
        owner.waitVisible("#auto-hours-tue .opens");
        assertThat(owner.js("return [document.querySelectorAll('#auto-hours-mon .span-row').length,"
                + "document.querySelector('#auto-hours-tue .closes').value]"))
                .as("Monday closed, Tuesday to midnight").isEqualTo(java.util.List.of(0L, "00:00"));
        // On screen as before for the walk-through's screenshots (not saved): Monday 09:00–17:00.
        owner.click("#auto-hours-tue .span-row button");
        owner.click("#auto-add-mon");
        assertThat(owner.js("return document.getElementById('auto-profile').value"))
                .isEqualTo("Bike shop: bikes, helmets, lights and locks; repairs.");
        owner.js("document.getElementById('auto-profile').scrollIntoView({block: 'center'})");
        owner.screenshot("20c-automation-faq-profile");

        owner.type("#faq-question", "What are your opening hours?");
        owner.type("#faq-questions", "When are you open?\nDo you open on weekends?");
        owner.type("#faq-answer", "Monday to Friday, 9 to 5.");
        owner.clickText("button", "Add entry");
        owner.waitText("#faq-list", "What are your opening hours?");
        owner.waitText("#faq-list", "Do you open on weekends?");
        // The box takes a customer's whole sentence on a laptop, not an input's default 20 characters.
        Number tryWidth = (Number) owner.js("return document.getElementById('faq-try').getBoundingClientRect().width");
        assertThat(tryWidth.doubleValue()).as("the Try box's width on a 1200 px screen").isGreaterThan(400);
        tryQuestion(owner, "are you closed on sundays");
        owner.waitText("#faq-try-result", "Best match: “What are your opening hours?”");
        owner.waitText("#faq-try-result", "score");
        // The phrasing that matched shows, and the question tried can become one more phrasing.
        owner.waitText("#faq-try-result", "Nearest phrasing: “Do you open on weekends?”");
        owner.click("#faq-try-add");
        owner.waitText("#faq-try-result", "Added “are you closed on sundays”");
        owner.waitText("#faq-list", "are you closed on sundays");
        // A phrasing is removed; the others stay.
        owner.click("button[aria-label='Remove “When are you open?”']");
        owner.waitNoText("#faq-list", "When are you open?");
        owner.waitText("#faq-list", "are you closed on sundays");
        owner.js("document.getElementById('faq-list').scrollIntoView()");
        owner.screenshot("20b-automation-faq-phrasings");
        assertThat(owner.texts("#faq-list .answer-refused")).as("a service answer goes to everyone").isEmpty();

        // An answer that reads as promotion is flagged on its entry and when a question finds it: customers
        // who have not opted in get a person instead.
        owner.type("#faq-question", "Any deals on?");
        owner.type("#faq-answer", "Flash sale: 40% off all helmets, this weekend only!");
        owner.clickText("button", "Add entry");
        owner.waitText("#faq-list .answer-refused", "reads as promotion");
        owner.waitText("#faq-list .answer-refused", "hands the others to a person");
        tryQuestion(owner, "any deals at the moment?");
        owner.waitText("#faq-try-result", "Best match: “Any deals on?”");
        owner.waitText("#faq-try-result .answer-refused", "opted in to promotional messages");
        owner.js("document.getElementById('faq-try').scrollIntoView({block: 'center'})");
        owner.screenshot("20d-automation-faq-answer-refused");

        owner.type("#bot-name", "Helper");
        owner.type("#bot-url", "http://127.0.0.1:9/hook");
        owner.clickText("button", "Register bot");
        owner.waitText("#bot-error", "private or loopback address");
        owner.waitText("#bot-list", "No bots yet.");
        owner.screenshot("20-automation-settings-faq-try-and-bots");

        // A time zone that doesn't exist is explained, not saved.
        owner.clear("#auto-zone");
        owner.type("#auto-zone", "Mars/Olympus");
        owner.clickText("button", "Save automation");
        owner.waitText("#automation-error", "not a time zone");
        owner.clear("#auto-zone");
        owner.type("#auto-zone", "Europe/Berlin");
        // So is an instant reply that reads as promotion: it could never go to customers who have not opted in.
        owner.clear("#auto-instant-text");
        owner.type("#auto-instant-text", "Thanks for writing! 20% off everything this weekend only with code HELLO20!");
        owner.clickText("button", "Save automation");
        owner.waitText("#automation-error", "reads as promotion");
        owner.waitText("#automation-error", "would never be sent");
    }

    /**
     * The automation page says what one customer message gets as the toggles change, and a
     * conversation the FAQ bot answered waits in the inbox's Bot tab, nobody's, not in Open.
     */
    @Test
    void thePageSaysWhatCustomersGetAndBotChatsWaitInTheirOwnInboxTab() {
        Browser owner = WEB.browser("automation-outcome");
        owner.signUp("otto", "Otto Lind");
        owner.clickText("a", "Settings");
        owner.type("#biz-handle", "gear");
        owner.type("#biz-name", "Gear Shop");
        owner.clickText("button", "Create business page");
        owner.waitText(".business .note", "Gear Shop is ready.");
        new Select(owner.waitVisible("#acting")).selectByVisibleText("Gear Shop (@gear, business)");
        owner.waitText(".sidebar h2", "Gear Shop's conversations");

        owner.clickText("a", "Automation");
        owner.waitText("h2", "Gear Shop: automation");
        owner.waitText("#automation-outcome", "No automatic replies");
        owner.click("#auto-instant");
        owner.click("#auto-away");
        owner.waitText("#automation-outcome", "One automatic reply at most per message: the away message while you are closed, "
                + "else the instant reply");
        owner.click("#auto-faq");
        owner.waitText("#automation-outcome", "When the FAQ bot can answer, its answer is the only reply.");
        owner.waitText("#automation-outcome", "opened by the bot saying it is a bot");
        owner.waitText("#automation-outcome", "Bot tab");
        owner.screenshot("21-automation-what-customers-get");
        owner.clickText("button", "Save automation");
        owner.waitText("#automation-saved", "Automation saved.");
        owner.type("#faq-question", "Do you rent tents?");
        owner.type("#faq-answer", "Yes, from 10 a night.");
        owner.clickText("button", "Add entry");
        owner.waitText("#faq-list", "Do you rent tents?");

        Api api = WEB.api();
        Person customer = api.signUp("camper");
        String gear = api.get("/api/v1/accounts/gear", customer.token()).body().get("id").asText();
        api.put("/api/v1/accounts/" + gear + "/like", customer.token()).expect(200);
        String c = api.open(customer, new Person(gear, null, null));
        api.send(customer, c, "Do you rent tents?").expect(201);

        owner.go("#/inbox");
        owner.click("#inbox-bot");
        owner.waitText("#inbox-list", "Yes, from 10 a night.");
        owner.waitText("#inbox-list .assignee", "The bot");
        owner.waitText("#inbox-bot .badge", "1");
        owner.screenshot("22-inbox-bot-tab");
        owner.click("#inbox-open");
        owner.waitText(".inbox-screen .empty", "Nothing here.");

        // A question the bot could not answer is offered on the automation page as a phrasing.
        long asked = api.send(customer, c, "do you sell gas canisters for stoves?").expect(201).body().get("seq").asLong();
        // The bot's reply comes after it noted the question.
        dev.parley.testing.Eventually.await("the bot replied", java.time.Duration.ofSeconds(30),
                () -> api.get("/api/v1/conversations/" + c + "/messages?after=" + asked, customer.token()).body()
                        .get("items").size(), n -> n > 0);
        owner.go("#/automation");
        owner.waitText("#faq-unanswered", "do you sell gas canisters for stoves?");
        owner.js("document.getElementById('faq-unanswered').scrollIntoView()");
        owner.screenshot("23-automation-unanswered-questions");
        owner.clickText("button", "Add as a phrasing of");
        owner.waitText("#faq-list", "do you sell gas canisters for stoves?");
        owner.waitText("#faq-unanswered", "None yet");
    }

    /**
     * The customer answers the FAQ bot's "Did you mean …?" with a Yes button under it, on a phone, and
     * gets the entry's answer; the buttons go once used.
     */
    @Test
    void aCustomerAnswersDidYouMeanWithAButton() {
        Api api = WEB.api();
        Person owner = api.signUp("tara");
        String shop = api.post("/api/v1/businesses", owner.token(), Map.of("handle", "tents", "display_name", "Tent Hire"))
                .expect(201).body().at("/business/id").asText();
        String base = "/api/v1/businesses/" + shop;
        api.post(base + "/faq", owner.token(), Map.of("question", "Do you rent tents?", "answer", "Yes, from 10 a night."))
                .expect(201);
        String paraphrase = "could I hire a tent from you for the weekend";
        double score = api.post(base + "/faq/try", owner.token(), Map.of("question", paraphrase)).expect(200).body()
                .get("score").asDouble();
        // The threshold just above its score, so the bot asks back whatever the model's exact numbers.
        api.call("PUT", base + "/automation", owner.token(), Map.of("faq_bot",
                Map.of("enabled", true, "threshold", Math.min(0.99, score + 0.05)))).expect(200);
        Person camper = api.signUp("camila");
        api.put("/api/v1/accounts/" + shop + "/like", camper.token()).expect(200);
        api.open(camper, new Person(shop, null, null));

        Browser customer = WEB.browser("ask-back-customer");
        customer.resize(390, 844);
        customer.signIn("camila");
        customer.click("#conv-list .conv-item");
        customer.send(paraphrase);
        customer.waitText(".ask-back", "Yes");
        customer.screenshot("24-did-you-mean-buttons");
        customer.clickText(".ask-back button", "Yes");
        customer.messageShowing("Yes, from 10 a night.", "Bot");
        customer.waitGone(".ask-back");
        customer.screenshot("25-did-you-mean-answered");
    }

    /**
     * The FAQ bot's starter questions are buttons under its greeting (they were bullet text to retype): the
     * customer presses one, it is sent as their message, the bot answers it, and the buttons go.
     */
    @Test
    void aCustomerAsksAStarterQuestionWithAButton() {
        Api api = WEB.api();
        Person owner = api.signUp("sid");
        String shop = api.post("/api/v1/businesses", owner.token(), Map.of("handle", "kayaks", "display_name", "Kayak Hut"))
                .expect(201).body().at("/business/id").asText();
        String base = "/api/v1/businesses/" + shop;
        api.post(base + "/faq", owner.token(), Map.of("question", "What are your opening hours?",
                "answer", "Every day, 8 to 6, by the lake.")).expect(201);
        api.call("PUT", base + "/automation", owner.token(), Map.of("faq_bot", Map.of("enabled", true,
                "starter_questions", java.util.List.of("What are your opening hours?", "Can I hire a kayak for a day?"))))
                .expect(200);
        Person paddler = api.signUp("pia");
        api.put("/api/v1/accounts/" + shop + "/like", paddler.token()).expect(200);
        api.open(paddler, new Person(shop, null, null));

        Browser customer = WEB.browser("starter-customer");
        customer.resize(390, 844);
        customer.signIn("pia");
        customer.click("#conv-list .conv-item");
        customer.send("Hello!");
        customer.waitText(".quick-replies", "Can I hire a kayak for a day?");
        assertThat(customer.texts(".quick-replies button"))
                .containsExactly("What are your opening hours?", "Can I hire a kayak for a day?");
        assertThat(String.join("\n", customer.texts(".messages li.msg .bubble .text")))
                .as("each question shows once: as a button, not also as a bullet above it")
                .contains("You can ask me, for example:").doesNotContain("• ");
        customer.screenshot("26-starter-question-buttons");
        customer.clickText(".quick-replies button", "What are your opening hours?");
        customer.waitGone(".quick-replies");
        customer.messageShowing("What are your opening hours?", "");
        customer.messageShowing("Every day, 8 to 6, by the lake.", "Bot");
        assertThat(customer.texts(".quick-replies button")).as("no buttons once the customer wrote").isEmpty();
        assertThat(String.join("\n", customer.texts(".messages li.msg .bubble .text")))
                .as("with the buttons gone, the greeting lists its questions again").contains("• Can I hire a kayak for a day?");
    }

    /** The FAQ editor's "Try a question". */
    private static void tryQuestion(Browser owner, String question) {
        owner.clear("#faq-try");
        owner.type("#faq-try", question);
        owner.clickText("button", "Try");
    }

    /**
     * An agent (not an owner or admin) reads the automation page on a phone: every control is
     * disabled, a line says who changes it, and no unrelated "bots" refusal shows (the page was
     * editable, its bots' 403 showed on load, and a save was refused).
     */
    @Test
    void anAgentSeesAutomationReadOnlyWithNoRefusalOnLoad() {
        Api api = WEB.api();
        Person owner = api.signUp("ute");
        Person agent = api.signUp("vic");
        String shop = api.post("/api/v1/businesses", owner.token(), Map.of("handle", "gearshop", "display_name", "Gear Shop"))
                .expect(201).body().at("/business/id").asText();
        api.put("/api/v1/businesses/" + shop + "/automation", owner.token(),
                Map.of("instant_reply", Map.of("enabled", true, "text", "Thanks, we will be right with you."))).expect(200);
        api.joinTeam(owner, shop, agent, "agent");

        Browser vic = WEB.browser("vic");
        vic.resize(390, 844);
        vic.signIn("vic");
        new Select(vic.waitVisible("#acting")).selectByVisibleText("Gear Shop (@gearshop, business)");
        vic.waitOnline();
        vic.clickText("a", "Automation");
        vic.waitText("#automation-read-only", "Only the business's owners and admins change its automation.");
        vic.waitText("#automation-form", "Closed");
        vic.wait.until(d -> "Thanks, we will be right with you.".equals(vic.js("return document.getElementById('auto-instant-text').value")));
        vic.screenshot("40-automation-read-only-for-an-agent");
        assertThat(vic.js("const all = [...document.querySelectorAll('#automation-editable :is(input, textarea, select, button)')];"
                + " return all.length > 10 && all.every((e) => e.matches(':disabled'))")).as("every control disabled").isEqualTo(true);
        assertThat(vic.js("return [...document.querySelectorAll('.page .error')].map((e) => e.textContent).join('')")).isEqualTo("");
        assertThat(vic.bodyText()).doesNotContain("manage its bots");
    }
}
