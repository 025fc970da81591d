package dev.parley.responsiveness;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.automation.AutomationSettings;
import dev.parley.automation.BusinessHours;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The badge's thresholds to the request and the second, and open time across a holiday and a clock change. */
@Tag("store-free")
class BadgeAndHoursTest {
    static final Instant NOW = Instant.parse("2026-12-10T12:00:00Z");

    private static CustomerRequest request(int i, Duration response, CustomerRequest.Outcome outcome) {
        Instant start = NOW.minus(Duration.ofDays(1)).plusSeconds(i);
        return new CustomerRequest("c" + i, "p" + i, 1, start, response == null ? null : start.plus(response), "a",
                response, null, null, null, false, Timeline.Exclusion.NONE, outcome, "a");
    }

    private static List<CustomerRequest> requests(int responded, int missed, Duration each) {
        List<CustomerRequest> out = new ArrayList<>();
        for (int i = 0; i < responded; i++) {
            out.add(request(i, each, CustomerRequest.Outcome.RESPONDED));
        }
        for (int i = 0; i < missed; i++) {
            out.add(request(100 + i, null, CustomerRequest.Outcome.MISSED));
        }
        return out;
    }

    @Test
    void nineOfTenIsEnoughAndEightOfNineIsNot() {
        assertThat(Responsiveness.badge(requests(9, 1, Duration.ofMinutes(5)), NOW).earned()).isTrue();
        Report.Badge short1 = Responsiveness.badge(requests(8, 1, Duration.ofMinutes(5)), NOW);
        assertThat(short1.earned()).isFalse();
        assertThat(short1.missing()).singleElement().asString().contains("88.9%").contains("8 of 9").contains("1 more");
    }

    @Test
    void fifteenMinutesIsEnoughAndOneSecondMoreIsNot() {
        assertThat(Responsiveness.badge(requests(3, 0, Duration.ofSeconds(900)), NOW).earned()).isTrue();
        Report.Badge slow = Responsiveness.badge(requests(3, 0, Duration.ofSeconds(901)), NOW);
        assertThat(slow.earned()).isFalse();
        assertThat(slow.missing()).singleElement().asString().contains("15 min 1 s");
    }

    @Test
    void spamAndAwaitingRequestsDoNotCountAndNothingToJudgeIsSaid() {
        List<CustomerRequest> rs = new ArrayList<>(requests(1, 0, Duration.ofMinutes(5)));
        CustomerRequest spam = request(50, null, CustomerRequest.Outcome.MISSED);
        rs.add(new CustomerRequest(spam.conversationId(), spam.customerId(), 1, spam.startedAt(), null, null, null,
                null, null, null, false, Timeline.Exclusion.SPAM, CustomerRequest.Outcome.MISSED, null));
        rs.add(request(60, null, CustomerRequest.Outcome.AWAITING));
        Report.Badge b = Responsiveness.badge(rs, NOW);
        assertThat(b.earned()).isTrue();
        assertThat(b.requests()).isEqualTo(2); // the answered one and the awaiting one
        assertThat(Responsiveness.badge(List.of(), NOW).missing()).singleElement().asString()
                .contains("nothing to judge by");
    }

    @Test
    void openTimeSkipsNightsWeekendsHolidaysAndFollowsTheClockChange() {
        BusinessHours hours = AutomationSettings.hours(new AutomationSettings.Away(true, "closed", "America/New_York",
                Map.of("fri", List.of(List.of("09:00", "17:00")), "mon", List.of(List.of("09:00", "17:00"))),
                List.of("2026-11-02")));
        // Friday 16:00 to the next Tuesday 10:00 New York, with Monday 2 Nov a holiday: only Friday's last hour.
        assertThat(hours.openBetween(Instant.parse("2026-10-30T20:00:00Z"), Instant.parse("2026-11-03T15:00:00Z")))
                .isEqualTo(Duration.ofHours(1));
        // Daylight saving ended on Sunday 1 Nov: Monday 9 Nov opens at 14:00 UTC, not 13:00.
        assertThat(hours.openBetween(Instant.parse("2026-11-09T13:00:00Z"), Instant.parse("2026-11-09T14:30:00Z")))
                .isEqualTo(Duration.ofMinutes(30));
        assertThat(OpenHours.ALWAYS.between(Instant.parse("2026-11-09T13:00:00Z"), Instant.parse("2026-11-09T14:30:00Z")))
                .isEqualTo(Duration.ofMinutes(90));
    }
}
