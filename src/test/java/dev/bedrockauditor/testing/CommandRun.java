package dev.bedrockauditor.testing;

import dev.bedrockauditor.cli.Cli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Runs the command in-process through {@link Cli}, the class {@code Main} hands the JVM's arguments to,
 * against an emulated AWS endpoint. The SDK reads its endpoint, region and credentials from the same
 * system properties it would read in production ({@code aws.endpointUrl}, ...), set here for the run only.
 */
public final class CommandRun {

    /** What the command printed and returned. */
    public record Result(int exitCode, String stdout, String stderr) {}

    private CommandRun() {}

    public static Result run(URI endpoint, Map<String, String> environment, String... args) {
        return run(endpoint, "us-east-1", Map.of(), environment, args);
    }

    /**
     * @param sdkProperties further SDK system properties for this run, e.g. {@code aws.endpointUrlBedrock} to
     *     send one service elsewhere
     */
    public static Result run(URI endpoint, String homeRegion, Map<String, String> sdkProperties,
            Map<String, String> environment, String... args) {
        return withSdkProperties(endpoint, homeRegion, sdkProperties, () -> runAsSet(environment, args));
    }

    /**
     * Runs the command with the SDK's endpoint, region and credentials as {@link #withSdkProperties} has set them
     * for the time being: runs inside one such block may go in parallel.
     */
    public static Result runAsSet(Map<String, String> environment, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (PrintStream stdout = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream stderr = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            int exit = new Cli(environment, stdout, stderr).run(args);
            return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        }
    }

    /**
     * The emulator reached under a name the SDK can put the account in front of (ACCOUNT.s3-control.moto.test),
     * which src/test/resources/s3-control.hosts resolves to the loopback interface.
     */
    public static String s3ControlEndpoint(URI endpoint) {
        return endpoint.getScheme() + "://s3-control.moto.test:" + endpoint.getPort();
    }

    /** Runs {@code action} with the SDK pointed at {@code endpoint}, with test credentials and home region. */
    public static synchronized <T> T withSdkProperties(
            URI endpoint, String homeRegion, Map<String, String> sdkProperties, Supplier<T> action) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("aws.endpointUrl", endpoint.toString());
        properties.put("aws.endpointUrlS3Control", s3ControlEndpoint(endpoint));
        properties.put("aws.region", homeRegion);
        properties.put("aws.accessKeyId", "test");
        properties.put("aws.secretAccessKey", "test");
        properties.putAll(sdkProperties);
        Map<String, String> previous = new LinkedHashMap<>();
        properties.forEach((key, value) -> previous.put(key, System.setProperty(key, value)));
        try {
            return action.get();
        } finally {
            previous.forEach((key, value) -> {
                if (value == null) {
                    System.clearProperty(key);
                } else {
                    System.setProperty(key, value);
                }
            });
        }
    }
}
