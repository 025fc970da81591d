package dev.parley.channels;

import java.time.Duration;
import java.util.Map;

/**
 * A network's rules for a business's replies.
 *
 * @param window          how long after the customer's last message a reply may go (null: no window, X)
 * @param humanAgentWindow how long a person's reply may go with the HUMAN_AGENT tag (null: none)
 * @param maxBytesByKind   the largest attachment the network takes, by kind (image, audio, video, file)
 * @param maxTextChars     the longest text the network takes
 */
public record ReplyPolicy(Duration window, Duration humanAgentWindow, Map<String, Long> maxBytesByKind, int maxTextChars) {
}
