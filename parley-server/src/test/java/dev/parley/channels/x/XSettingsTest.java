package dev.parley.channels.x;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The X settings the core hands in: X's own hosts by default, blank secrets as none. */
@Tag("sqlite-only")
class XSettingsTest {
    @Test
    void defaultsAreXsOwnHosts() {
        XSettings s = XSettings.of("id", "secret", "consumer");

        assertThat(s.apiBase()).isEqualTo("https://api.x.com");
        assertThat(s.uploadBase()).isEqualTo("https://api.x.com");
        assertThat(s.authorizeUrl()).isEqualTo("https://x.com/i/oauth2/authorize");
        assertThat(s.canConnect()).isTrue();
    }

    @Test
    void aStubBaseLosesItsTrailingSlashAndServesUploadsToo() {
        XSettings s = XSettings.of("id", "secret", "consumer").at("http://127.0.0.1:8089/");

        assertThat(s.apiBase()).isEqualTo("http://127.0.0.1:8089");
        assertThat(s.uploadBase()).isEqualTo("http://127.0.0.1:8089");
    }

    @Test
    void blankSecretsAreNoneAndABadBaseStopsStartUp() {
        XSettings s = new XSettings(" ", "", "  ", null, null, null);
        assertThat(s.clientId()).isNull();
        assertThat(s.consumerSecret()).isNull();
        assertThat(s.canConnect()).isFalse();

        assertThatThrownBy(() -> new XSettings("a", "b", "c", "ftp://api.x.com", null, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new XSettings("a", "b", "c", "not a url", null, null)).isInstanceOf(IllegalArgumentException.class);
    }
}
