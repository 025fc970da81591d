package dev.parley.client;

/** Enough of an account to draw its name: a business page the caller runs, say. */
public record AccountBrief(String id, String handle, String displayName, String kind, boolean verified) {}
