package dev.parley.outbound;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which hosts and addresses the node may reach on its own initiative (a webhook, a key set, a link
 * preview), so that whoever registers a URL cannot make the node probe its own network.
 *
 * <p>Two checks. {@link #canonicalHost} refuses any spelling of a host other than a plain DNS name
 * or a canonical address: resolvers read {@code 0177.0.0.1}, {@code 0x7f.1}, {@code 127.1} and
 * {@code 2130706433} as loopback while a naive check sees a name or a public number, and an
 * IPv6 literal can carry an IPv4 address inside ({@code [::127.0.0.1]}, {@code [::ffff:10.0.0.1]}).
 * {@link #refusal} then says why a resolved address must not be reached; it is asked of every
 * address a name resolves to, not the first.
 */
public final class AddressGuard {
    private AddressGuard() {}

    /** Why a host or address is refused; {@link #code} is the stable word a client sees as {@code reason}. */
    public enum Reason {
        NOT_CANONICAL("not_canonical", "is not a plain DNS name or a canonical IP address"),
        LOOPBACK("loopback", "is a loopback address"),
        PRIVATE("private", "is a private address"),
        LINK_LOCAL("link_local", "is a link-local address (cloud metadata lives there)"),
        SHARED("shared", "is a carrier-grade NAT address (100.64.0.0/10)"),
        UNIQUE_LOCAL("unique_local", "is an IPv6 unique-local address (fc00::/7)"),
        MULTICAST("multicast", "is a multicast address"),
        UNSPECIFIED("unspecified", "is the unspecified network (0.0.0.0/8 or ::)"),
        RESERVED("reserved", "is a reserved or documentation address");

        public final String code;
        public final String says;

        Reason(String code, String says) {
            this.code = code;
            this.says = says;
        }
    }

    /** One refused range of addresses. */
    private record Range(byte[] prefix, int bits, Reason reason) {
        static Range of(String cidr, Reason reason) {
            String[] p = cidr.split("/");
            try {
                return new Range(InetAddress.getByName(p[0]).getAddress(), Integer.parseInt(p[1]), reason);
            } catch (UnknownHostException e) {
                throw new IllegalStateException(cidr, e);
            }
        }

        boolean contains(byte[] a) {
            if (a.length != prefix.length) {
                return false;
            }
            for (int i = 0; i < bits; i++) {
                int mask = 0x80 >>> (i % 8);
                if ((a[i / 8] & mask) != (prefix[i / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }

    /** IANA's special-purpose registries, less what is meant to be reachable (none of these is). */
    private static final List<Range> REFUSED = List.of(
            Range.of("0.0.0.0/8", Reason.UNSPECIFIED),
            Range.of("10.0.0.0/8", Reason.PRIVATE),
            Range.of("100.64.0.0/10", Reason.SHARED),
            Range.of("127.0.0.0/8", Reason.LOOPBACK),
            Range.of("169.254.0.0/16", Reason.LINK_LOCAL),
            Range.of("172.16.0.0/12", Reason.PRIVATE),
            Range.of("192.0.0.0/24", Reason.RESERVED),
            Range.of("192.0.2.0/24", Reason.RESERVED),
            Range.of("192.88.99.0/24", Reason.RESERVED),
            Range.of("192.168.0.0/16", Reason.PRIVATE),
            Range.of("198.18.0.0/15", Reason.RESERVED),
            Range.of("198.51.100.0/24", Reason.RESERVED),
            Range.of("203.0.113.0/24", Reason.RESERVED),
            Range.of("224.0.0.0/4", Reason.MULTICAST),
            Range.of("240.0.0.0/4", Reason.RESERVED), // 255.255.255.255 included
            Range.of("::/128", Reason.UNSPECIFIED),
            Range.of("::1/128", Reason.LOOPBACK),
            Range.of("::/96", Reason.RESERVED), // the deprecated IPv4-compatible addresses
            // IPv4-translated (::ffff:0:a.b.c.d, RFC 2765) and Teredo (2001::/32): an IPv4 address inside
            // that a translator or relay on the path may forward to.
            Range.of("::ffff:0:0:0/96", Reason.RESERVED),
            Range.of("2001::/32", Reason.RESERVED),
            Range.of("100::/64", Reason.RESERVED),
            Range.of("2001:db8::/32", Reason.RESERVED),
            Range.of("fc00::/7", Reason.UNIQUE_LOCAL),
            Range.of("fe80::/10", Reason.LINK_LOCAL),
            Range.of("fec0::/10", Reason.PRIVATE),
            Range.of("ff00::/8", Reason.MULTICAST));

    /** IPv6 prefixes that carry an IPv4 address a gateway may forward to: judged by that address. */
    private static final Range NAT64 = Range.of("64:ff9b::/96", Reason.RESERVED);
    private static final Range NAT64_LOCAL = Range.of("64:ff9b:1::/48", Reason.RESERVED);
    private static final Range SIX_TO_FOUR = Range.of("2002::/16", Reason.RESERVED);

    private static final Pattern DOTTED_QUAD =
            Pattern.compile("(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    /** What inet_aton reads as a number: decimal, octal (leading 0) or hex (0x). */
    private static final Pattern NUMERIC_LABEL = Pattern.compile("0x[0-9a-f]*|[0-9]+");
    private static final Pattern IPV6_TEXT = Pattern.compile("[0-9a-f:.]+");

    /**
     * The host as it will be resolved (lower case, IPv6 without brackets), or empty when it is not
     * canonical.
     *
     * @param host a URL's host, IPv6 literals in brackets
     */
    public static Optional<String> canonicalHost(String host) {
        if (host == null || host.isEmpty() || host.length() > 253) {
            return Optional.empty();
        }
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            return canonicalIpv6(h);
        }
        if (DOTTED_QUAD.matcher(h).matches()) {
            return Optional.of(h);
        }
        String[] labels = h.split("\\.", -1);
        // A name whose last label is a number is one of inet_aton's short forms (127.1,
        // 2130706433, 0x7f.1, 0177.0.0.1): no top-level domain is numeric.
        if (NUMERIC_LABEL.matcher(labels[labels.length - 1]).matches()) {
            return Optional.empty();
        }
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                return Optional.empty(); // empty (a trailing dot, ..), non-ASCII, underscores, %-escapes
            }
        }
        return Optional.of(h);
    }

    private static Optional<String> canonicalIpv6(String h) {
        if (!h.endsWith("]")) {
            return Optional.empty();
        }
        String inner = h.substring(1, h.length() - 1);
        // Hex digits and colons only: no zone (%eth0), and no dotted IPv4 tail ([::127.0.0.1],
        // [::ffff:127.0.0.1]) whose meaning depends on who reads it.
        if (!IPV6_TEXT.matcher(inner).matches() || inner.contains(".")) {
            return Optional.empty();
        }
        InetAddress a;
        try {
            a = InetAddress.getByName(inner); // a literal: no lookup
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
        // Java turns ::ffff:a.b.c.d, however spelled, into its IPv4 address: a mapped form.
        if (!(a instanceof Inet6Address)) {
            return Optional.empty();
        }
        return Optional.of(inner);
    }

    /** Why this address must not be reached, or empty when it may be. */
    public static Optional<Reason> refusal(InetAddress address) {
        byte[] b = address.getAddress();
        if (address instanceof Inet6Address) {
            Optional<byte[]> embedded = embeddedIpv4(b);
            if (embedded.isPresent()) {
                return refusal(embedded.get());
            }
        }
        return refusal(b);
    }

    private static Optional<Reason> refusal(byte[] b) {
        for (Range r : REFUSED) {
            if (r.contains(b)) {
                return Optional.of(r.reason());
            }
        }
        return Optional.empty();
    }

    /** The IPv4 address an IPv6 one stands for (mapped, NAT64, 6to4), if any. */
    private static Optional<byte[]> embeddedIpv4(byte[] b) {
        boolean mapped = true;
        for (int i = 0; i < 10; i++) {
            mapped &= b[i] == 0;
        }
        mapped &= (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
        if (mapped || NAT64.contains(b) || NAT64_LOCAL.contains(b)) {
            return Optional.of(new byte[] {b[12], b[13], b[14], b[15]});
        }
        if (SIX_TO_FOUR.contains(b)) {
            return Optional.of(new byte[] {b[2], b[3], b[4], b[5]});
        }
        return Optional.empty();
    }

    /** Whether a canonical host is an address literal (so resolving it asks no DNS server). */
    static boolean isLiteral(String canonical) {
        return canonical.contains(":") || DOTTED_QUAD.matcher(canonical).matches();
    }
}
