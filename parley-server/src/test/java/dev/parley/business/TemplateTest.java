package dev.parley.business;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The template engine and the first-name rule, on their own. */
@Tag("store-free")
class TemplateTest {
    static final Set<String> VARS = SavedReplyService.VARIABLES;

    static String render(String source, Map<String, String> values) {
        return Template.parse(source, VARS).render(v -> Optional.ofNullable(values.get(v)));
    }

    @Test
    void fillsVariablesAndFallbacks() {
        assertThat(render("Hi {{customer.first_name}}, {{ agent.first_name }} here from {{business.name}}.",
                Map.of("customer.first_name", "Ana", "agent.first_name", "Bo", "business.name", "Acme")))
                .isEqualTo("Hi Ana, Bo here from Acme.");
        assertThat(render("Hi {{customer.first_name | default: \"there\"}}!", Map.of())).isEqualTo("Hi there!");
        assertThat(render("Hi {{customer.first_name|default:'you'}}!", Map.of())).isEqualTo("Hi you!");
        assertThat(render("Hi{{customer.first_name | default: \"\"}}!", Map.of())).isEqualTo("Hi!");
        assertThat(render("No variables, } and { alone are text }}", Map.of())).isEqualTo("No variables, } and { alone are text }}");
        assertThat(Template.parse("{{business.name}} {{customer.first_name}} {{business.name}}", VARS).variables())
                .containsExactly("business.name", "customer.first_name");
    }

    @Test
    void aMissingValueWithoutFallbackIsAnErrorNeverAHole() {
        assertThatThrownBy(() -> render("Hi {{customer.first_name}},", Map.of("customer.first_name", "  ")))
                .isInstanceOfSatisfying(Template.MissingValue.class,
                        e -> assertThat(e.variable()).isEqualTo("customer.first_name"));
    }

    @Test
    void badTemplatesAreRefusedWhenParsedWithWhereAndWhy() {
        assertThatThrownBy(() -> Template.parse("Hi {{customer.first_name", VARS))
                .isInstanceOfSatisfying(Template.Invalid.class, e -> assertThat(e.position()).isEqualTo(4))
                .hasMessageContaining("never closed");
        assertThatThrownBy(() -> Template.parse("Hi {{customer.last_name}}", VARS))
                .hasMessageContaining("unknown variable 'customer.last_name'");
        assertThatThrownBy(() -> Template.parse("Hi {{customer.first_name | upcase}}", VARS))
                .hasMessageContaining("'default' is the only filter");
        assertThatThrownBy(() -> Template.parse("Hi {{ }}", VARS)).isInstanceOf(Template.Invalid.class);
    }

    @Test
    void firstNameIsThePreferredNameElseAPlainFirstWord() {
        assertThat(FirstNames.of(Optional.of("Lizzie"), "Elizabeth Bennet")).contains("Lizzie");
        assertThat(FirstNames.of(Optional.empty(), "Elizabeth Bennet")).contains("Elizabeth");
        assertThat(FirstNames.of(Optional.empty(), "Jean-Luc Picard")).contains("Jean-Luc");
        assertThat(FirstNames.of(Optional.empty(), "Zoë")).contains("Zoë");
        assertThat(FirstNames.of(Optional.empty(), "Иван Петров")).contains("Иван");
        assertThat(FirstNames.of(Optional.empty(), "Dr. 王")).isEmpty();
        assertThat(FirstNames.of(Optional.empty(), "王小明")).isEmpty();
        assertThat(FirstNames.of(Optional.empty(), "Mr Smith")).isEmpty();
        assertThat(FirstNames.of(Optional.empty(), "J. Smith")).isEmpty();
        assertThat(FirstNames.of(Optional.empty(), "R2D2")).isEmpty();
        assertThat(FirstNames.of(Optional.empty(), "🙂 Sam")).isEmpty();
        assertThat(FirstNames.of(Optional.of("  "), "Sam Lee")).contains("Sam");
    }

    /**
     * Found from outside: "the rock" was called "the" ("Hi the!"), "Customer 123" "Customer" and
     * "ANNA KOWALSKA" "ANNA". Everyday and placeholder words are no first name; capitals read in name case.
     */
    @Test
    void firstNameLeavesOutEverydayWordsAndPlaceholdersAndGivesCapitalsInNameCase() {
        Map<String, String> expected = new java.util.LinkedHashMap<>();
        expected.put("the rock", null);
        expected.put("The Rock", null);
        expected.put("Customer 123", null);
        expected.put("customer", null);
        expected.put("Guest", null);
        expected.put("Test User", null);
        expected.put("User 42", null);
        expected.put("Admin", null);
        expected.put("My Shop Account", null);
        expected.put("Your Name", null);
        expected.put("123 Main", null);
        expected.put("ANNA KOWALSKA", "Anna");
        expected.put("MARY-JANE WATSON", "Mary-Jane");
        expected.put("D'ANGELO RUSSELL", "D'Angelo");
        expected.put("JOSÉ GARCÍA", "José");
        expected.put("ОЛЬГА ПЕТРОВА", "Ольга");
        expected.put("JJ Abrams", "JJ");
        expected.put("Émilie Dubois", "Émilie");
        expected.put("Zoë", "Zoë");
        expected.put("Mary-Jane Watson", "Mary-Jane");
        expected.put("D'Angelo Russell", "D'Angelo");
        expected.put("José María García", "José");
        expected.put("Ольга Петрова", "Ольга");
        expected.put("محمد علي", "محمد");
        expected.put("McKenzie Ray", "McKenzie");
        expected.put("Will Smith", "Will");
        expected.put("Hope Davis", "Hope");
        expected.put("Dr. Emily Stone", null);
        expected.put("Mr Bean", null);
        expected.put("李 小龍", null);
        expected.put("🌸 Sakura", null);
        Map<String, String> got = new java.util.LinkedHashMap<>();
        expected.keySet().forEach(name -> got.put(name, FirstNames.of(Optional.empty(), name).orElse(null)));
        assertThat(got).isEqualTo(expected);
        assertThat(FirstNames.of(Optional.of("Jon"), "the rock")).contains("Jon");
    }
}
