package dev.parley.policy;

/** What the policy needs to know about one account. */
public record Party(String id, String handle, boolean business, String dmPolicy) {}
