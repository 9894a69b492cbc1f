package dev.bedrockauditor.config;

/** A usage or configuration error; the message names the flag or variable at fault and what it accepts. */
public final class ConfigurationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ConfigurationException(String message) {
        super(message);
    }

    public ConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
