package dev.parley.textmodel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("store-free")
class PleasantriesTest {
    @Test
    void theGreetingAndTheThanksAroundAQuestionAreLeftOut() {
        assertThat(Pleasantries.strip("Hi there, how much is membership? Thanks!")).isEqualTo("how much is membership?");
        assertThat(Pleasantries.strip("hello! do you deliver to Leeds? cheers x")).isEqualTo("do you deliver to Leeds?");
        assertThat(Pleasantries.strip("Hey guys! do you deliver to Leeds? Cheers, xx")).isEqualTo("do you deliver to Leeds?");
        assertThat(Pleasantries.strip("Hi Sarah, are you open on Sundays? Thanks in advance, John"))
                .isEqualTo("are you open on Sundays?");
        assertThat(Pleasantries.strip("Good morning, quick question: can I freeze my membership?"))
                .isEqualTo("can I freeze my membership?");
        assertThat(Pleasantries.strip("hiya do u do gift cards ty")).isEqualTo("do u do gift cards");
        assertThat(Pleasantries.strip("Hi Sam, 20% off all week! Kind regards, the team")).isEqualTo("20% off all week!");
        assertThat(Pleasantries.strip("Your order has shipped. Thanks, the Ironworks team")).isEqualTo("Your order has shipped.");
        assertThat(Pleasantries.strip("Hello sir, what time you are starting on saturday?"))
                .isEqualTo("what time you are starting on saturday?");
        assertThat(Pleasantries.strip("Dear Sir/Madam, I would like to know your opening hours. Kind regards"))
                .isEqualTo("I would like to know your opening hours.");
    }

    @Test
    void emojiAndRepeatedMarksAreLeftOut() {
        assertThat(Pleasantries.strip("are you open today?? 🙂🙏🏽")).isEqualTo("are you open today?");
        assertThat(Pleasantries.strip("do you have the red one in stock!!!")).isEqualTo("do you have the red one in stock!");
    }

    @Test
    void wordsOfTheQuestionItselfStay() {
        // "Morning" opens a question about the morning; only a mark after it makes it a greeting.
        assertThat(Pleasantries.strip("Morning classes, are there any?")).isEqualTo("Morning classes, are there any?");
        assertThat(Pleasantries.strip("Morning! any classes today?")).isEqualTo("any classes today?");
        assertThat(Pleasantries.strip("hi do you, by any chance, sell bells")).isEqualTo("do you, by any chance, sell bells");
        assertThat(Pleasantries.strip("is the feta vegetarian")).isEqualTo("is the feta vegetarian");
        assertThat(Pleasantries.strip("Good day for surfing tomorrow?")).isEqualTo("Good day for surfing tomorrow?");
        assertThat(Pleasantries.strip("which hiking boots do you stock")).isEqualTo("which hiking boots do you stock");
        assertThat(Pleasantries.strip("Hi-fi speakers, do you sell them?")).isEqualTo("Hi-fi speakers, do you sell them?");
        assertThat(Pleasantries.strip("yo-yos, do you sell them?")).isEqualTo("yo-yos, do you sell them?");
        assertThat(Pleasantries.strip("Hi - do you sell yo-yos?")).isEqualTo("do you sell yo-yos?");
    }

    @Test
    void withoutSignOffLeavesTheGreetingAndEmojiAndTakesTheSignOff() {
        assertThat(Pleasantries.withoutSignOff("Hi Sam, 20% off all week! 🎉 Kind regards, the team"))
                .isEqualTo("Hi Sam, 20% off all week! 🎉");
        assertThat(Pleasantries.withoutSignOff("Two for one until Friday! Thanks! Cheers, x")).isEqualTo("Two for one until Friday!");
        assertThat(Pleasantries.withoutSignOff("Hi Jane, thanks for writing to Shop 3! We'll get back to you soon."))
                .isEqualTo("Hi Jane, thanks for writing to Shop 3! We'll get back to you soon.");
        assertThat(Pleasantries.withoutSignOff("Many thanks!")).isEqualTo("Many thanks!");
        assertThat(Pleasantries.withoutSignOff("Our roast is back. Many thanks, Jo at Bloom")).isEqualTo("Our roast is back.");
        assertThat(Pleasantries.withoutSignOff("Open till 6. Best wishes, Kim @ Peak Cycles")).isEqualTo("Open till 6.");
        assertThat(Pleasantries.strip("do you deliver? Thanks, Sarah from the Leeds office")).isEqualTo("do you deliver?");
    }

    @Test
    void withoutGreetingTakesTheGreetingAndTheEmojiAfterItAndLeavesTheRest() {
        assertThat(Pleasantries.withoutGreeting("Hey there \uD83D\uDC4B Hi Sam, your bike is ready! Thanks, Jo"))
                .isEqualTo("your bike is ready! Thanks, Jo");
        assertThat(Pleasantries.withoutGreeting("Dear team,\nyour parcel is at the depot.")).isEqualTo("your parcel is at the depot.");
        assertThat(Pleasantries.withoutGreeting("Morning classes start at 7.")).isEqualTo("Morning classes start at 7.");
        assertThat(Pleasantries.withoutGreeting("Hi everyone!")).isEqualTo("Hi everyone!");
    }

    @Test
    void aMessageOfPleasantriesAloneStaysAsWritten() {
        assertThat(Pleasantries.strip("Hi there!")).isEqualTo("Hi there!");
        assertThat(Pleasantries.strip("thanks so much 🙏")).isEqualTo("thanks so much 🙏");
        assertThat(Pleasantries.strip("👍")).isEqualTo("👍");
    }

    @Test
    void aMessageOfPleasantriesAloneIsToldFromOneWithAQuestionInIt() {
        for (String alone : List.of("Hello!", "hi", "Hi there", "hey guys 👋", "Good morning!", "thank you!",
                "Thanks so much", "thx", "ok great 👍", "👍", "Cheers, Sam", "perfect, thank you!", "no worries",
                "got it, thanks")) {
            assertThat(Pleasantries.only(alone)).as(alone).isTrue();
        }
        for (String asks : List.of("Hello, are you open today?", "hi, where are you?", "thanks, and do you deliver?",
                "help", "yes", "no", "ok but when?", "good morning classes?", "I need a refund", "")) {
            assertThat(Pleasantries.only(asks)).as(asks).isFalse();
        }
    }
}
