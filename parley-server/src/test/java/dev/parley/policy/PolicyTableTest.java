package dev.parley.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.config.RuleProfile;
import dev.parley.http.ApiException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every rule profile against every situation {@link Policy} decides, as one table: a row per
 * situation, a column per profile (default, x, instagram, facebook), and in each cell where the
 * message lands ({@code inbox}, {@code requests}) or the rule that refuses it. The networks'
 * differences are the cells that differ across a row. A unit test: the facts are in memory.
 */
@Tag("store-free")
class PolicyTableTest {
    private static final List<String> PROFILES = List.of("default", "x", "instagram", "facebook");

    /** A scene: who the people are and what they did, and the question put to the policy. */
    private record Situation(String name, Function<World, Function<Policy, String>> ask) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> table() {
        return Stream.of(
                row("a person the recipient follows writes", "inbox", "inbox", "inbox", "inbox",
                        w -> p -> start(p, "ann", w.person("bob", "following").follow("bob", "ann"))),
                row("a stranger writes to someone who takes messages from people they follow",
                        "requests", "not_followed", "requests", "requests",
                        w -> p -> start(p, "ann", w.person("bob", "following"))),
                row("a stranger writes to someone who takes messages from everyone", "inbox", "inbox", "inbox", "inbox",
                        w -> p -> start(p, "ann", w.person("bob", "everyone"))),
                row("anyone writes to someone who takes no messages", "dms_closed", "dms_closed", "dms_closed", "dms_closed",
                        w -> p -> start(p, "ann", w.person("bob", "nobody").follow("bob", "ann"))),
                row("a person writes to a business page they have not liked",
                        "like_required", "inbox", "inbox", "like_required",
                        w -> p -> start(p, "ann", w.business("shop"))),
                row("a person writes to a business page they liked", "inbox", "inbox", "inbox", "inbox",
                        w -> p -> start(p, "ann", w.business("shop").like("ann", "shop"))),
                row("a business writes to another business", "inbox", "inbox", "inbox", "inbox",
                        w -> p -> start(p, "acme", w.business("acme").business("shop"))),
                row("the recipient blocked a person they follow", "not_found", "not_found", "not_found", "not_found",
                        w -> p -> start(p, "ann", w.person("bob", "everyone").follow("bob", "ann").block("bob", "ann"))),
                row("a person writes to someone they blocked", "blocked", "blocked", "blocked", "blocked",
                        w -> p -> start(p, "ann", w.person("bob", "everyone").block("ann", "bob"))),
                row("the first message of a pending request", "requests", "requests", "requests", "requests",
                        w -> p -> post(p.mayPostDirect("ann", w.person("bob", "following").id("bob"), "requests", 0))),
                row("a second message before the request is accepted",
                        "request_pending", "request_pending", "request_pending", "request_pending",
                        w -> p -> post(p.mayPostDirect("ann", w.person("bob", "following").id("bob"), "requests", 1))),
                row("a message after the request was accepted", "inbox", "inbox", "inbox", "inbox",
                        w -> p -> post(p.mayPostDirect("ann", w.person("bob", "following").id("bob"), "inbox", 40))),
                row("a message in an open conversation after a block", "blocked", "blocked", "blocked", "blocked",
                        w -> p -> post(p.mayPostDirect("ann", w.person("bob", "everyone").block("bob", "ann").id("bob"),
                                "inbox", 3))),
                row("a group at the profile's cap", "fits", "fits", "fits", "fits",
                        w -> p -> group(p, p.rules().groupMaxMembers())),
                row("a group one over the profile's cap", "group_full", "group_full", "group_full", "group_full",
                        w -> p -> group(p, p.rules().groupMaxMembers() + 1)),
                row("the group cap", "50", "50", "15", "250",
                        w -> p -> String.valueOf(p.rules().groupMaxMembers())),
                row("how long a message can be edited", "PT15M", "PT15M", "PT15M", "PT15M",
                        w -> p -> p.rules().editWindow().toString()),
                row("how long a message can be unsent", "PT24H", "always", "always", "always",
                        w -> p -> p.rules().unsendWindow().map(Duration::toString).orElse("always")));
    }

    @ParameterizedTest(name = "{0} under {1}: {2}")
    @MethodSource("cells")
    void eachProfileDecidesEachSituationAsItsNetworkDoes(Situation situation, String profile, String expected) {
        World world = new World().person("ann", "following");
        Policy policy = new Policy(RuleProfile.named(profile).orElseThrow(), world);
        assertThat(situation.ask().apply(world).apply(policy)).isEqualTo(expected);
    }

    /** The table, one cell per test: a failure names the situation and the profile. */
    static Stream<Arguments> cells() {
        return table().flatMap(r -> {
            Object[] a = r.get();
            return PROFILES.stream().map(profile -> Arguments.of(a[0], profile, a[1 + PROFILES.indexOf(profile)]));
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("profiles")
    void anUnknownRecipientIsNotFoundUnderEveryProfile(String profile) {
        Policy policy = new Policy(RuleProfile.named(profile).orElseThrow(), new World().person("ann", "everyone"));
        assertThatThrownBy(() -> policy.mayStart("ann", "nobody_here"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(404));
    }

    static Stream<String> profiles() {
        return PROFILES.stream();
    }

    @Test
    void theTableHasAColumnForEveryProfile() {
        assertThat(RuleProfile.NAMES).as("a new profile needs its column in the table").isEqualTo(PROFILES);
    }

    private static Arguments row(String name, String dflt, String x, String instagram, String facebook,
                                 Function<World, Function<Policy, String>> ask) {
        return Arguments.of(new Situation(name, ask), dflt, x, instagram, facebook);
    }

    private static String start(Policy p, String sender, World w) {
        String recipient = w.lastAdded;
        try {
            return outcome(p.mayStart(sender, recipient));
        } catch (dev.parley.http.ApiException e) { // an account that blocked the sender is not found
            return e.code();
        }
    }

    private static String post(Decision d) {
        return outcome(d);
    }

    private static String group(Policy p, int members) {
        try {
            p.checkGroupSize(members);
            return "fits";
        } catch (ApiException e) {
            return e.code();
        }
    }

    private static String outcome(Decision d) {
        return d.allowed() ? d.landsIn() : d.code();
    }

    /** The facts, in memory: accounts by id (the handle), follows, likes and blocks. */
    private static final class World implements Facts {
        private final Map<String, Party> parties = new HashMap<>();
        private final Set<String> follows = new HashSet<>();
        private final Set<String> likes = new HashSet<>();
        private final Set<String> blocks = new HashSet<>();
        private String lastAdded;

        World person(String handle, String dmPolicy) {
            parties.put(handle, new Party(handle, handle, false, dmPolicy));
            lastAdded = handle;
            return this;
        }

        World business(String handle) {
            parties.put(handle, new Party(handle, handle, true, "everyone"));
            lastAdded = handle;
            return this;
        }

        World follow(String follower, String followee) {
            follows.add(follower + ">" + followee);
            return this;
        }

        World like(String account, String business) {
            likes.add(account + ">" + business);
            return this;
        }

        World block(String blocker, String blocked) {
            blocks.add(blocker + ">" + blocked);
            return this;
        }

        String id(String handle) {
            return parties.get(handle).id();
        }

        @Override
        public Optional<Party> party(String accountId) {
            return Optional.ofNullable(parties.get(accountId));
        }

        @Override
        public boolean follows(String followerId, String followeeId) {
            return follows.contains(followerId + ">" + followeeId);
        }

        @Override
        public boolean likes(String accountId, String businessId) {
            return likes.contains(accountId + ">" + businessId);
        }

        @Override
        public boolean blockedEitherWay(String a, String b) {
            return blocks.contains(a + ">" + b) || blocks.contains(b + ">" + a);
        }

        @Override
        public boolean hasBlocked(String blocker, String blocked) {
            return blocks.contains(blocker + ">" + blocked);
        }
    }
}
