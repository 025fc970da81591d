package dev.parley.textmodel;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.parley.http.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Reads a model's JSON file, shipped as a resource beside the class that uses it. */
public final class ModelFile {
    private ModelFile() {}

    public static <T> T read(Class<?> owner, String resource, Class<T> type) {
        try (InputStream in = owner.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the jar");
            }
            return Json.MAPPER.readValue(new String(in.readAllBytes(), StandardCharsets.UTF_8), type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(resource + " is not a " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
