package dev.parley.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.config.ConfigException;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Which address a request is counted under, with and without trusted reverse proxies. */
@Tag("store-free")
class ClientAddressTest {
    private final ClientAddress behindProxies = new ClientAddress(List.of("10.0.0.0/8", "192.0.2.1", "fd00::/8"));
    private final ClientAddress direct = new ClientAddress(List.of());

    @Test
    void anUntrustedPeerIsTheClientWhateverItsHeaderSays() {
        assertThat(direct.resolve("203.0.113.5", List.of("198.51.100.1"))).isEqualTo("203.0.113.5");
        assertThat(behindProxies.resolve("203.0.113.5", List.of("198.51.100.1"))).isEqualTo("203.0.113.5");
    }

    @Test
    void behindTrustedProxiesTheClientIsTheRightMostUntrustedEntry() {
        assertThat(behindProxies.resolve("10.0.0.2", List.of("6.6.6.6", "198.51.100.7", "192.0.2.1")))
                .isEqualTo("198.51.100.7");
        assertThat(behindProxies.resolve("10.0.0.2", List.of("198.51.100.7:4431"))).isEqualTo("198.51.100.7");
    }

    @Test
    void aProxyWithoutAHeaderOrWithGarbageIsTheMostThatIsKnown() {
        assertThat(behindProxies.resolve("10.0.0.2", List.of())).isEqualTo("10.0.0.2");
        assertThat(behindProxies.resolve("10.0.0.2", List.of("evil.example.com"))).isEqualTo("10.0.0.2");
        assertThat(behindProxies.resolve("10.0.0.2", List.of("999.1.1.1"))).isEqualTo("10.0.0.2");
    }

    @Test
    void anIpv6ClientIsCountedByItsSlash64() {
        assertThat(direct.resolve("2001:db8:1:2:aaaa::1", List.of()))
                .isEqualTo(direct.resolve("2001:db8:1:2:bbbb::9", List.of()))
                .endsWith("/64");
        assertThat(behindProxies.resolve("[fd00::1]", List.of("[2001:db8:1:2::5]:443")))
                .isEqualTo(direct.resolve("2001:db8:1:2::7", List.of()));
    }

    @Test
    void aTrustedProxyThatIsNotAnAddressStopsStartUp() {
        assertThatThrownBy(() -> new ClientAddress(List.of("proxy.internal"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("trusted_proxies");
        assertThatThrownBy(() -> new ClientAddress(List.of("10.0.0.0/99"))).isInstanceOf(ConfigException.class);
    }
}
