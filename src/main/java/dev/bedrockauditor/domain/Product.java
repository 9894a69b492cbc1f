package dev.bedrockauditor.domain;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** This tool's name and version, from the build (a filtered resource, so it works from classes and the jar). */
public record Product(String name, String version) {

    private static final Product CURRENT = load();

    public static Product current() {
        return CURRENT;
    }

    private static Product load() {
        Properties properties = new Properties();
        try (InputStream in = Product.class.getResourceAsStream("/bedrock-logging-auditor.properties")) {
            if (in == null) {
                throw new IllegalStateException("bedrock-logging-auditor.properties is missing from the classpath");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Product(properties.getProperty("name"), properties.getProperty("version"));
    }
}
