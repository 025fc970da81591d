package dev.parley.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The guard over many spellings of a host and many kinds of address. */
@Tag("store-free")
class AddressGuardTest {

    @ParameterizedTest(name = "{0} is refused as not canonical")
    @ValueSource(strings = {"0177.0.0.1", "0x7f.1", "0x7f.0.0.1", "127.1", "127.0.1", "2130706433", "0x7f000001",
            "017700000001", "127.000.000.001", "127.0.0.1.", "0.0.0.0.", "1.2.3", "256.1.1.1", "[::127.0.0.1]",
            "[::ffff:127.0.0.1]", "[::ffff:7f00:1]", "[0:0:0:0:0:ffff:a00:1]", "[fe80::1%25eth0]", "[::1",
            "exa_mple.com", "-bad.example", "bad-.example", "a..b", "", ".", "xn--bcher-kva.example.", "bücher.example",
            "example.123", "10.0.0.010"})
    void nonCanonicalSpellingsAreRefused(String host) {
        assertThat(AddressGuard.canonicalHost(host)).as(host).isEmpty();
    }

    @ParameterizedTest(name = "{0} is canonical as {1}")
    @CsvSource({"example.com,example.com", "Hooks.Example.COM,hooks.example.com", "127.0.0.1,127.0.0.1",
            "8.8.8.8,8.8.8.8", "1.example.com,1.example.com", "xn--bcher-kva.example,xn--bcher-kva.example",
            "[::1],::1", "[2001:4860:4860::8888],2001:4860:4860::8888", "localhost,localhost", "0x7f.example,0x7f.example"})
    void canonicalHostsPass(String host, String canonical) {
        assertThat(AddressGuard.canonicalHost(host)).contains(canonical);
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({"127.0.0.1,loopback", "127.255.0.9,loopback", "::1,loopback", "10.1.2.3,private", "172.16.0.1,private",
            "172.31.255.255,private", "192.168.0.10,private", "169.254.169.254,link_local", "169.254.0.1,link_local",
            "fe80::1,link_local", "100.64.0.1,shared", "100.127.255.254,shared", "fc00::1,unique_local",
            "fd12:3456::1,unique_local", "224.0.0.1,multicast", "239.255.255.250,multicast", "ff02::1,multicast",
            "0.0.0.0,unspecified", "0.1.2.3,unspecified", "::,unspecified", "255.255.255.255,reserved",
            "240.0.0.1,reserved", "192.0.2.1,reserved", "198.18.0.1,reserved", "::ffff:127.0.0.1,loopback",
            "::ffff:10.0.0.1,private", "::127.0.0.1,reserved", "64:ff9b::a9fe:a9fe,link_local",
            "2002:7f00:1::,loopback", "2002:c0a8:1::,private", "2001:db8::1,reserved", "fec0::1,private",
            "::ffff:0:7f00:1,reserved", "2001:0:4136:e378:8000:63bf:3fff:fdd2,reserved"})
    void forbiddenAddressesAreNamed(String address, String reason) throws Exception {
        assertThat(AddressGuard.refusal(InetAddress.getByName(address))).as(address)
                .hasValueSatisfying(r -> assertThat(r.code).isEqualTo(reason));
    }

    @ParameterizedTest(name = "{0} may be reached")
    @ValueSource(strings = {"8.8.8.8", "1.1.1.1", "93.184.216.34", "100.63.255.255", "100.128.0.1", "172.15.255.255",
            "172.32.0.1", "192.169.0.1", "2001:4860:4860::8888", "2606:4700::1111", "64:ff9b::808:808", "2002:808:808::"})
    void publicAddressesPass(String address) throws Exception {
        assertThat(AddressGuard.refusal(InetAddress.getByName(address))).as(address).isEmpty();
    }
}
