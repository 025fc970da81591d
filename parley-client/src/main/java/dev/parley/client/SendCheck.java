package dev.parley.client;

import java.util.List;

/**
 * What a business's draft would get if sent now; nothing was sent.
 *
 * @param code    the rule that would refuse it ({@code outside_window}, {@code promotional_content},
 *                {@code not_personal}, {@code outreach_limit}, …), or null
 * @param reasons what in the text reads as promotion, also when it is allowed
 */
public record SendCheck(boolean allowed, String code, String detail, List<String> reasons) {}
