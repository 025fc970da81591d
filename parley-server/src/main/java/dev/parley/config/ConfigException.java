package dev.parley.config;

/** A setting that cannot be used; its message is the one line shown to the operator at start. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
