package dev.parley.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.event.EventTypes;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;

/**
 * The client is its own artifact and cannot import the server's {@link EventTypes}: this keeps its
 * event names in step, so a new event type on the server is named in the SDK too.
 */
@Tag("store-free")
class EventNamesTest {
    @Test
    void theClientNamesEveryEventTypeTheServerSends() {
        assertThat(names(Event.class)).isEqualTo(names(EventTypes.class));
    }

    private static Set<String> names(Class<?> holder) {
        return Arrays.stream(holder.getDeclaredFields())
                .filter(f -> Modifier.isStatic(f.getModifiers()) && f.getType() == String.class)
                .map(EventNamesTest::value)
                .collect(Collectors.toSet());
    }

    private static String value(Field f) {
        try {
            return (String) f.get(null);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
