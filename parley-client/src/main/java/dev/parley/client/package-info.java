/**
 * The Java client SDK for Parley's HTTP API and WebSocket stream, on {@code java.net.http} and
 * Jackson (no other dependency).
 *
 * <ul>
 *   <li>{@link dev.parley.client.ParleyClient}: sign up and in, then act as a person;
 *       {@link dev.parley.client.ParleyClient#forBusiness} gives a
 *       {@link dev.parley.client.BusinessClient} that acts for a business the person is an agent of.
 *       Both share {@link dev.parley.client.ActingClient}'s conversation, message, sync and graph calls.</li>
 *   <li>{@link dev.parley.client.Draft}: a message with its {@code client_id}; sending the same draft
 *       twice stores one message.</li>
 *   <li>{@link dev.parley.client.Stream} and {@link dev.parley.client.StreamListener}: live events,
 *       typing and presence, and sends over the socket; resume from {@link dev.parley.client.Stream#lastToken()}.</li>
 *   <li>{@link dev.parley.client.ActingClient#upload} and {@link dev.parley.client.Attachment}: files
 *       uploaded (streamed), sent with {@link dev.parley.client.Draft#withAttachments}, and opened
 *       through their signed links.</li>
 *   <li>{@link dev.parley.client.ParleyException}: every refusal, with the HTTP status, the stable
 *       problem {@code code}, {@code detail} and {@code Retry-After}.</li>
 * </ul>
 *
 * <p>Field names follow the API (snake_case on the wire, camelCase here); fields a newer server
 * adds are ignored, so an older client keeps working. The OpenAPI document at {@code /openapi.json}
 * is the full reference.
 */
package dev.parley.client;
