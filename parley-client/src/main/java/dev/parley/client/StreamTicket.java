package dev.parley.client;

import java.time.Instant;

/** A single-use ticket to open the stream with {@code ?ticket=}, for clients that cannot set headers. */
public record StreamTicket(String ticket, Instant expiresAt) {}
