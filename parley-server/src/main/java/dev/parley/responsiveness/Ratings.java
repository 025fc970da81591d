package dev.parley.responsiveness;

import dev.parley.satisfaction.Rating;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Customers' satisfaction ratings summed up for the dashboard: pure, like {@link Responsiveness}. */
final class Ratings {
    private Ratings() {}

    /**
     * @param agents the business's agents, id to name, listed first (with no ratings: count 0)
     * @param names  names of former agents, where still known
     */
    static Report.Satisfaction summary(List<Rating> rated, Map<String, String> agents, Map<String, String> names) {
        Map<String, String> listed = new LinkedHashMap<>(agents);
        rated.stream().map(Rating::agentId).filter(Objects::nonNull).forEach(id -> listed.putIfAbsent(id, names.get(id)));
        List<Report.AgentSatisfaction> perAgent = new ArrayList<>();
        listed.forEach((id, name) -> {
            List<Rating> theirs = rated.stream().filter(r -> id.equals(r.agentId())).toList();
            perAgent.add(new Report.AgentSatisfaction(id, name, theirs.size(), average(theirs), distribution(theirs)));
        });
        return new Report.Satisfaction(rated.size(), average(rated), distribution(rated), perAgent);
    }

    private static Double average(List<Rating> rs) {
        if (rs.isEmpty()) {
            return null;
        }
        double sum = rs.stream().mapToInt(Rating::score).sum();
        return Math.round(sum * 100 / rs.size()) / 100.0;
    }

    private static List<Long> distribution(List<Rating> rs) {
        List<Long> out = new ArrayList<>();
        for (int score = 1; score <= 5; score++) {
            int s = score;
            out.add(rs.stream().filter(r -> r.score() == s).count());
        }
        return out;
    }
}
