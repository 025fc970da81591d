package dev.parley.http;

import dev.parley.config.ConfigException;
import io.javalin.http.Context;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.jetty.util.InetAddressSet;

/**
 * The address a request comes from, the key of every per-address limit. It is the peer's address,
 * unless the peer is a trusted reverse proxy ({@code trusted_proxies}): then it is the right-most
 * {@code X-Forwarded-For} entry that is not itself a trusted proxy. Each proxy appends the address
 * it saw, so only the entries right of the first untrusted hop are facts; anything further left was
 * written by the client and is ignored. An untrusted peer's header is ignored altogether.
 *
 * @implNote Only IP literals are ever parsed (never a name, which would cost a DNS lookup per
 * request). An IPv6 client is keyed by its /64: one subscriber usually holds the whole /64, so
 * counting single addresses would give it 2^64 fresh buckets.
 */
public final class ClientAddress {
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private final InetAddressSet trusted = new InetAddressSet();

    /** @param trustedProxies addresses or CIDR ranges (e.g. {@code 10.0.0.0/8}); a bad entry stops start-up */
    public ClientAddress(List<String> trustedProxies) {
        for (String entry : trustedProxies) {
            String[] parts = entry.split("/", 2);
            boolean ok = literal(parts[0]).isPresent()
                    && (parts.length == 1 || parts[1].matches("\\d{1,3}"));
            try {
                ok = ok && trusted.add(entry);
            } catch (IllegalArgumentException e) {
                ok = false;
            }
            if (!ok) {
                throw new ConfigException("bad setting trusted_proxies: '" + entry
                        + "' is not an IP address or CIDR range (e.g. 10.0.0.0/8)");
            }
        }
    }

    /** The key the request's client is counted under. */
    public String of(Context ctx) {
        List<String> forwarded = new ArrayList<>();
        for (String header : Collections.list(ctx.req().getHeaders("X-Forwarded-For"))) {
            for (String entry : header.split(",")) {
                forwarded.add(entry.trim());
            }
        }
        return resolve(ctx.req().getRemoteAddr(), forwarded);
    }

    /** The client behind a peer, given the X-Forwarded-For entries in the order they arrived. */
    String resolve(String peer, List<String> forwardedFor) {
        Optional<InetAddress> hop = literal(withoutPort(peer)); // some servers write IPv6 peers in brackets
        if (hop.isEmpty()) {
            return peer; // not an IP (a Unix socket, say): the best name there is
        }
        InetAddress client = hop.get();
        for (int i = forwardedFor.size() - 1; i >= 0 && trusted.test(client); i--) {
            Optional<InetAddress> next = literal(withoutPort(forwardedFor.get(i)));
            if (next.isEmpty()) {
                break; // a garbled entry: the last trusted hop is the most we know
            }
            client = next.get();
        }
        return key(client);
    }

    private static String key(InetAddress a) {
        if (a instanceof Inet6Address) {
            byte[] b = a.getAddress();
            for (int i = 8; i < 16; i++) {
                b[i] = 0;
            }
            try {
                return InetAddress.getByAddress(b).getHostAddress() + "/64";
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e); // 16 bytes are always an address
            }
        }
        return a.getHostAddress();
    }

    /** "1.2.3.4:80" and "[::1]:80" name the address with a port some proxies add. */
    private static String withoutPort(String entry) {
        if (entry.startsWith("[")) {
            int end = entry.indexOf(']');
            return end < 0 ? entry : entry.substring(1, end);
        }
        int colon = entry.indexOf(':');
        return colon > 0 && entry.indexOf(':', colon + 1) < 0 ? entry.substring(0, colon) : entry;
    }

    /** The address an IP literal names; empty for anything else (never a DNS lookup). */
    static Optional<InetAddress> literal(String s) {
        try {
            var v4 = IPV4.matcher(s);
            if (v4.matches()) {
                for (int g = 1; g <= 4; g++) {
                    if (Integer.parseInt(v4.group(g)) > 255) {
                        return Optional.empty();
                    }
                }
                return Optional.of(InetAddress.getByName(s));
            }
            if (IPV6.matcher(s).matches()) {
                // In brackets the JDK only parses: a malformed literal fails instead of being looked up.
                return Optional.of(InetAddress.getByName("[" + s + "]"));
            }
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
