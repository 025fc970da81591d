package dev.parley.filters;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Link domains and e-mail patterns, found in one pass over the text. A domain filter matches the
 * domain and every subdomain: each host-like token ({@code sub.evil.example} in a link, a bare
 * name or an address) is looked up with each of its parent domains in a hash map, so the cost
 * does not grow with the number of filters. An e-mail pattern is an address with {@code *} for
 * any run of characters ({@code *@spam.example}, {@code sales*@*}); an exact address and
 * {@code *@domain} are hash look-ups, other patterns are tried one by one against the (few)
 * addresses a message holds.
 */
final class LinkMatcher {
    private final Map<String, Integer> domains = new HashMap<>();
    private final Map<String, Integer> exactEmails = new HashMap<>();
    private final Map<String, Integer> emailDomains = new HashMap<>();
    private final List<String> globs = new ArrayList<>();
    private final List<Integer> globEntries = new ArrayList<>();

    void addDomain(String domain, int entry) {
        domains.putIfAbsent(domain, entry);
    }

    void addEmail(String pattern, int entry) {
        int at = pattern.lastIndexOf('@');
        if (pattern.indexOf('*') < 0) {
            exactEmails.putIfAbsent(pattern, entry);
        } else if (pattern.startsWith("*@") && pattern.indexOf('*', 1) < 0) {
            emailDomains.putIfAbsent(pattern.substring(at + 1), entry);
        } else {
            globs.add(pattern);
            globEntries.add(entry);
        }
    }

    boolean isEmpty() {
        return domains.isEmpty() && exactEmails.isEmpty() && emailDomains.isEmpty() && globs.isEmpty();
    }

    /** A domain filter's form: lower case, without a leading "*." or ".", or null when it is not a domain. */
    static String domain(String raw) {
        String d = raw.strip().toLowerCase(Locale.ROOT);
        d = d.startsWith("*.") ? d.substring(2) : d.startsWith(".") ? d.substring(1) : d;
        return d.matches("[\\p{L}\\p{N}-]+(\\.[\\p{L}\\p{N}-]+)*") && d.length() <= 253 ? d : null;
    }

    /** An e-mail pattern's form: lower case, one '@', letters of an address and '*' only; else null. */
    static String email(String raw) {
        String e = raw.strip().toLowerCase(Locale.ROOT);
        return e.matches("[\\p{L}\\p{N}._%+*-]+@[\\p{L}\\p{N}.*-]+") && e.length() <= 254 ? e : null;
    }

    /** Walks the text's host-like and address-like tokens, reporting each entry found. */
    void find(String text, WordMatcher.Hits hits) {
        if (isEmpty()) {
            return;
        }
        String lower = text.toLowerCase(Locale.ROOT);
        int start = -1;
        for (int i = 0; i <= lower.length(); i++) {
            char c = i < lower.length() ? lower.charAt(i) : ' ';
            boolean part = Character.isLetterOrDigit(c) || c == '.' || c == '-' || c == '@' || c == '_' || c == '+'
                    || c == '%';
            if (part && start < 0) {
                start = i;
            } else if (!part && start >= 0) {
                if (!token(trim(lower.substring(start, i)), hits)) {
                    return;
                }
                start = -1;
            }
        }
    }

    private boolean token(String t, WordMatcher.Hits hits) {
        if (t.length() > 254) {
            return true; // longer than any address or host name: not one
        }
        int at = t.lastIndexOf('@');
        if (at > 0 && at < t.length() - 1) {
            if (!email(t, t.substring(at + 1), hits)) {
                return false;
            }
            t = t.substring(at + 1);
        }
        if (t.indexOf('.') < 0 || domains.isEmpty()) {
            return true;
        }
        for (String d = t; ; d = d.substring(d.indexOf('.') + 1)) {
            Integer e = domains.get(d);
            if (e != null && !hits.hit(e)) {
                return false;
            }
            if (d.indexOf('.') < 0) {
                return true;
            }
        }
    }

    private boolean email(String address, String domain, WordMatcher.Hits hits) {
        Integer e = exactEmails.get(address);
        if (e != null && !hits.hit(e)) {
            return false;
        }
        e = emailDomains.get(domain);
        if (e != null && !hits.hit(e)) {
            return false;
        }
        for (int i = 0; i < globs.size(); i++) {
            if (glob(globs.get(i), address) && !hits.hit(globEntries.get(i))) {
                return false;
            }
        }
        return true;
    }

    /** '*' matches any run; linear in practice with the last-star backtrack (both strings are short). */
    static boolean glob(String pattern, String s) {
        int p = 0;
        int i = 0;
        int star = -1;
        int mark = 0;
        while (i < s.length()) {
            if (p < pattern.length() && pattern.charAt(p) == s.charAt(i)) {
                p++;
                i++;
            } else if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                mark = i;
            } else if (star >= 0) {
                p = star + 1;
                i = ++mark;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }

    /** Drops the dots and dashes a sentence puts around a name ("see evil.example."). */
    private static String trim(String t) {
        int a = 0;
        int b = t.length();
        while (a < b && (t.charAt(a) == '.' || t.charAt(a) == '-')) {
            a++;
        }
        while (b > a && (t.charAt(b - 1) == '.' || t.charAt(b - 1) == '-')) {
            b--;
        }
        return t.substring(a, b);
    }
}
