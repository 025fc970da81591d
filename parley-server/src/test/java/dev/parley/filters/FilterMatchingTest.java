package dev.parley.filters;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** How the compiled filters match text, without a node. */
@Tag("store-free")
class FilterMatchingTest {
    static FilterEntry entry(int i, String kind, String pattern, String action) {
        return new FilterEntry("f-" + i, kind, pattern, action, "test", Instant.EPOCH);
    }

    static FilterSet set(List<FilterEntry> entries) {
        List<Pattern> regexes = entries.stream().filter(e -> FilterEntry.REGEX.equals(e.kind()))
                .map(e -> Pattern.compile(e.pattern(), Pattern.CASE_INSENSITIVE)).toList();
        return new FilterSet(entries, regexes, 1_000_000);
    }

    @Test
    void wordsMatchWholeWordsAcrossCaseAccentsRepeatsAndPunctuation() {
        FilterSet s = set(List.of(entry(1, "word", "ass", "block"), entry(2, "word", "buy now", "block")));
        assertThat(s.match("a first-class lesson").blockedBy()).as("not inside a word").isNull();
        assertThat(s.match("you ASS!").blockedBy()).isNotNull();
        assertThat(s.match("you aaasssss").blockedBy()).as("repeated letters").isNotNull();
        assertThat(s.match("Bûy... NOW").blockedBy()).as("accents and punctuation").isNotNull();
        assertThat(s.match("buy nothing now").blockedBy()).isNull();
    }

    /** A word written in letters that only look the same is the word: a spammer cannot slip past a filter so. */
    @Test
    void wordsMatchThroughDisguisedLetters() {
        FilterSet s = set(List.of(entry(1, "word", "crypto", "block")));
        assertThat(s.match("earn with \u0441rypt\u043E today").blockedBy()).as("Cyrillic с and о").isNotNull();
        assertThat(s.match("earn with c\u200Brypto today").blockedBy()).as("a zero-width space inside").isNotNull();
        assertThat(s.match("earn with ｃｒｙｐｔｏ today").blockedBy()).as("fullwidth").isNotNull();
        assertThat(s.match("Криптовалюта сегодня").blockedBy()).as("Cyrillic text keeps its letters").isNull();
        assertThat(s.match("earn with c r y p t o today").blockedBy()).as("spelled out").isNotNull();
        assertThat(s.match("earn with c-r-y-p-t-o today").blockedBy()).as("spelled out with dashes").isNotNull();
        assertThat(s.match("earn with CRYPT0 today").blockedBy()).as("a zero for the o").isNotNull();
        assertThat(s.match("the crypt on the 2nd at 4pm").blockedBy()).as("other words and numbers").isNull();
    }

    /** An operator's probe: "free cash" was blocked, "f r e e c a s h" spelled out as one run passed. */
    @Test
    void aPhraseSpelledOutLetterByLetterIsThePhrase() {
        FilterSet s = set(List.of(entry(1, "word", "free cash", "block")));
        assertThat(s.match("get f r e e c a s h now").blockedBy()).as("spelled out in one run").isNotNull();
        assertThat(s.match("get F.R.E.E.C.A.S.H now").blockedBy()).as("dotted").isNotNull();
        assertThat(s.match("get freecash now").blockedBy()).as("run together").isNotNull();
        assertThat(s.match("free cash").blockedBy()).as("as written").isNotNull();
        assertThat(s.match("free to chat, cash only").blockedBy()).as("the words apart").isNull();
        assertThat(s.match("a freecashier").blockedBy()).as("inside a longer word").isNull();
    }

    @Test
    void aDomainMatchesItsSubdomainsButNotLookalikes() {
        FilterSet s = set(List.of(entry(1, "domain", "evil.example", "shadow")));
        assertThat(s.match("see http://a.b.evil.example/x?y").shadowedBy()).isNotNull();
        assertThat(s.match("evil.example.").shadowedBy()).isNotNull();
        assertThat(s.match("see notevil.example").shadowedBy()).isNull();
        assertThat(s.match("see evil.example.org").shadowedBy()).isNull();
    }

    @Test
    void emailPatternsMatchExactDomainAndWildcards() {
        FilterSet s = set(List.of(entry(1, "email", "boss@corp.example", "block"),
                entry(2, "email", "*@junk.example", "shadow"), entry(3, "email", "sales*@*.example", "flag")));
        assertThat(s.match("mail boss@corp.example").blockedBy()).isNotNull();
        assertThat(s.match("mail intern@corp.example").blockedBy()).isNull();
        assertThat(s.match("mail x@junk.example").shadowedBy()).isNotNull();
        assertThat(s.match("mail sales-team@shop.example").flags()).hasSize(1);
        assertThat(s.match("mail team@shop.example").clean()).isTrue();
    }

    @Test
    void blockOutranksShadowAndFlagsAddUp() {
        FilterSet s = set(List.of(entry(1, "word", "one", "flag"), entry(2, "word", "two", "shadow"),
                entry(3, "word", "three", "block"), entry(4, "regex", "f[o0]ur", "flag")));
        FilterSet.Outcome both = s.match("one two f0ur");
        assertThat(both.blockedBy()).isNull();
        assertThat(both.shadowedBy().id()).isEqualTo("f-2");
        assertThat(both.flags()).hasSize(2);
        assertThat(s.match("one two three").blockedBy().id()).isEqualTo("f-3");
    }

    @Test
    @Timeout(60) // a guard for the build: unbounded, this match would take longer than the universe has
    void aCatastrophicRegexRunsOutOfItsBudgetAndFlagsInsteadOfDeciding() {
        FilterSet s = set(List.of(entry(1, "regex", "(a+)+$", "block")));
        FilterSet.Outcome o = s.match("a".repeat(5_000) + "b");
        assertThat(o.blockedBy()).isNull();
        assertThat(o.flags()).singleElement().asString().contains("ran out of time");
    }

    @Test
    void nestedQuantifiersAreSeenAndHarmlessGroupsAreNot() {
        for (String evil : List.of("(a+)+", "(a*)*b", "(?:\\d+\\s?)+$", "((ab)+c)*", "(a+){2,}", "([a-z]+)*")) {
            assertThat(RegexSafety.nestedQuantifier(evil)).as(evil).isTrue();
        }
        for (String fine : List.of("(ab)+", "a+b+", "(foo|bar)\\s+baz", "[(+)]*", "\\(a+\\)+", "(a+)?")) {
            assertThat(RegexSafety.nestedQuantifier(fine)).as(fine).isFalse();
        }
    }

    @Test
    void tenThousandWordsAreFoundInOnePass() {
        List<FilterEntry> entries = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            entries.add(entry(i, "word", "w" + Integer.toString(i, 26).replace('0', 'z') + "q", "block"));
        }
        FilterSet s = set(entries);
        FilterEntry last = entries.get(9_999);
        assertThat(s.match("hello there " + last.pattern() + " and more").blockedBy()).isEqualTo(last);
        assertThat(s.match("hello there nothing to see").clean()).isTrue();
    }
}
