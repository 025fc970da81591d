package dev.parley.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The query's words are folded in Java and PostgreSQL's index folds the text in SQL: the two maps
 * must be one, or a word would be folded on one side only and never found.
 */
class AccentFoldTest {
    @Test
    void postgresqlsFunctionFoldsTheSameLettersToTheSameLetters() throws IOException {
        String sql;
        try (InputStream in = getClass().getResourceAsStream("/db/postgresql/V213__search_folds_combining_marks.sql")) {
            sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Matcher m = Pattern.compile("translate\\(t,\\s*'([^']*)' \\|\\| U&'([^']*)',\\s*'([^']*)'\\)").matcher(sql);
        assertThat(m.find()).as("the migration's translate(t, FROM || U&'MARKS', TO)").isTrue();
        assertThat(m.group(1)).isEqualTo(AccentFold.FROM);
        StringBuilder marks = new StringBuilder();
        for (char c = AccentFold.FIRST_MARK; c <= AccentFold.LAST_MARK; c++) {
            marks.append(String.format("\\%04X", (int) c));
        }
        assertThat(m.group(2)).as("the marks it deletes, as U& escapes").isEqualTo(marks.toString());
        assertThat(m.group(3)).isEqualTo(AccentFold.TO);
    }

    @Test
    void eachLetterBecomesItsBaseLetter() {
        assertThat(AccentFold.FROM).hasSameSizeAs(AccentFold.TO);
        for (int i = 0; i < AccentFold.FROM.length(); i++) {
            char c = AccentFold.FROM.charAt(i);
            String bare = Normalizer.normalize(String.valueOf(c), Normalizer.Form.NFD).replaceAll("\\p{M}", "");
            if (c != 'ſ' && c != 'ẛ') { // the long s, which SQLite folds to s too
                assertThat(String.valueOf(AccentFold.TO.charAt(i))).as("%s", c).isEqualTo(bare);
            }
        }
        assertThat(AccentFold.fold("Crème Brûlée in Zürich, São Paulo, Łódź")).isEqualTo("Creme Brulee in Zurich, Sao Paulo, Łodz");
        assertThat(AccentFold.fold("Zu\u0308rich cafe\u0301 Ame\u0301lie"))
                .as("accents typed as marks of their own").isEqualTo("Zurich cafe Amelie");
        assertThat(AccentFold.fold("नमस्ते")).as("other scripts' marks are letters' parts").isEqualTo("नमस्ते");
    }
}
