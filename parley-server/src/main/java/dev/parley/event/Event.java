package dev.parley.event;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.time.Instant;

/**
 * One entry in an account's event log. {@code token} numbers the account's events 1, 2, 3…;
 * a client that has seen token N asks for what follows N. {@code data} is JSON, kept as text so
 * it is serialized once and copied into every frame.
 */
public record Event(
        @JsonIgnore String accountId,
        @JsonSerialize(using = ToStringSerializer.class) long token,
        String type,
        String conversationId,
        Long seq,
        Instant at,
        @JsonRawValue String data) {}
