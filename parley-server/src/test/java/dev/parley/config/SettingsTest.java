package dev.parley.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("store-free")
class SettingsTest {

    @Test
    void defaultsThenFileThenEnvironment(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("parley.conf");
        Files.writeString(file, "# a comment\nport=9000\nprofile=instagram\nrules.edit_window=1h\n");
        Settings s = Settings.load(file, Map.of("PARLEY_PORT", "9100", "PARLEY_RULES_GROUP_MAX_MEMBERS", "7"), Map.of());
        assertThat(s.get(Keys.PORT)).isEqualTo(9100);
        assertThat(s.get(Keys.DATA_DIR)).isEqualTo(Path.of("./parley-data"));
        assertThat(s.rules().name()).isEqualTo("instagram");
        assertThat(s.rules().groupMaxMembers()).isEqualTo(7);
        assertThat(s.rules().editWindow()).isEqualTo(Duration.ofHours(1));
        assertThat(s.rules().unsendWindow()).isEqualTo(Optional.empty());
        assertThat(s.usesPostgres()).isFalse();
    }

    @Test
    void profilesCarryTheirRules() {
        assertThat(Settings.of(Map.of()).rules().groupMaxMembers()).isEqualTo(50);
        assertThat(Settings.of(Map.of("profile", "x")).rules().messageRequests()).isFalse();
        assertThat(Settings.of(Map.of("profile", "instagram")).rules().groupMaxMembers()).isEqualTo(15);
        RuleProfile fb = Settings.of(Map.of("profile", "facebook")).rules();
        assertThat(fb.groupMaxMembers()).isEqualTo(250);
        assertThat(fb.businessLikeRequired()).isTrue();
        assertThat(Settings.of(Map.of("rules.unsend_window", "none")).rules().unsendWindow()).isEmpty();
    }

    @Test
    void aBadSettingNamesItselfAndWhereItCameFrom(@TempDir Path dir) throws IOException {
        assertThatThrownBy(() -> Settings.load(null, Map.of("PARLEY_PORT", "eighty"), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("bad setting port (environment PARLEY_PORT): not a whole number: 'eighty'");
        assertThatThrownBy(() -> Settings.of(Map.of("profile", "myspace")))
                .hasMessageContaining("profile").hasMessageContaining("default, x, instagram");
        assertThatThrownBy(() -> Settings.of(Map.of("database_url", "mysql://x")))
                .hasMessageContaining("database_url");
        assertThatThrownBy(() -> Settings.of(Map.of("rules.edit_window", "soon")))
                .hasMessageContaining("rules.edit_window");
        Path file = dir.resolve("bad.conf");
        Files.writeString(file, "prot=8080\n");
        assertThatThrownBy(() -> Settings.load(file, Map.of(), Map.of()))
                .hasMessageContaining("unknown setting 'prot'");
    }

    @Test
    void postgresUrlSwitchesTheStore() {
        assertThat(Settings.of(Map.of("database_url", "jdbc:postgresql://db:5432/parley")).usesPostgres()).isTrue();
    }

    @Test
    void aMisspeltSettingInTheEnvironmentIsNamedWithTheOneItMayMean() {
        assertThat(Settings.unknownInEnvironment(java.util.Map.of("PARLEY_RULES_EDIT_WINDOW_SECONDS", "5",
                "PARLEY_PORT", "8080", "PARLEY_COLOUR", "x", "HOME", "/root")))
                .containsExactly("PARLEY_COLOUR", "PARLEY_RULES_EDIT_WINDOW_SECONDS (did you mean PARLEY_RULES_EDIT_WINDOW?)");
    }

    /** The documented variable was warned about as "no setting", and a typo in its value silenced every log line. */
    @Test
    void theLogFormatIsASettingAndABadOneIsRefused() {
        assertThat(Settings.unknownInEnvironment(Map.of("PARLEY_LOG_FORMAT", "json"))).isEmpty();
        assertThat(Settings.unknownInEnvironment(Map.of("PARLEY_APP_SECRET", "s"))).as("parley import's own variable").isEmpty();
        assertThat(Settings.load(null, Map.of("PARLEY_LOG_FORMAT", "json"), Map.of()).get(Keys.LOG_FORMAT)).isEqualTo("json");
        assertThatThrownBy(() -> Settings.load(null, Map.of("PARLEY_LOG_FORMAT", "jsn"), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("bad setting log.format (environment PARLEY_LOG_FORMAT): 'jsn' is not one of text, json");
    }

    /** The README promises the setting a misspelt variable may mean, and a dropped letter is the usual slip. */
    @Test
    void aMistypedVariableIsNamedWithTheNearestSetting() {
        assertThat(Settings.unknownInEnvironment(Map.of("PARLEY_RATE_LIMTS", "off", "PARLEY_DATADIR", "/x")))
                .containsExactly("PARLEY_DATADIR (did you mean PARLEY_DATA_DIR?)",
                        "PARLEY_RATE_LIMTS (did you mean PARLEY_RATE_LIMITS?)");
    }
}
