package dev.bedrockauditor.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The real AWS CLI ({@code aws}, v1 or v2), run by bash against moto as a user would run the commands the
 * auditor prints: one bash process, {@code -euo pipefail}, test credentials, the endpoint, and nothing from
 * the outer environment or the user's AWS configuration (no profile, no default region), so a command only
 * works when it carries everything it needs.
 *
 * <p>Without {@code aws} on the PATH the tests that need it are skipped with a loud message, or fail where
 * moto is required (the same rule as {@link MotoServer}).
 */
public final class AwsCli {

    /** What the script printed and returned. */
    public record Result(int exitCode, String stdout, String stderr) {}

    private static final Duration LOOKUP_TIMEOUT = Duration.ofSeconds(10);

    private AwsCli() {}

    /** Skips the calling test (or fails it, where moto is required) when {@code aws} is not on the PATH. */
    public static void assumeOnPath() {
        Result lookup = bash(Map.of(), "command -v aws", LOOKUP_TIMEOUT);
        if (lookup.exitCode() == 0) {
            return;
        }
        String message = "aws (the AWS CLI) is not on the PATH: the tests that run the printed fix commands against"
                + " the AWS emulator cannot run (install it with: pip install awscli)";
        if (MotoServer.motoRequired()) {
            throw new IllegalStateException(message + "; this run requires them (CI or REQUIRE_MOTO is set)");
        }
        System.err.println();
        System.err.println("!!!!!!!! SKIPPED: " + message + " !!!!!!!!");
        System.err.println();
        Assumptions.abort(message);
    }

    /**
     * Runs {@code script} with {@code bash -euo pipefail -c} and the AWS CLI pointed at {@code endpoint}.
     *
     * @param timeout after which bash and everything it started is killed and the test fails
     */
    public static Result run(URI endpoint, String script, Duration timeout) {
        return bash(Map.of(
                "AWS_ENDPOINT_URL", endpoint.toString(),
                "AWS_ACCESS_KEY_ID", "test",
                "AWS_SECRET_ACCESS_KEY", "test"), script, timeout);
    }

    private static Result bash(Map<String, String> aws, String script, Duration timeout) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("aws-cli-");
            ProcessBuilder builder = new ProcessBuilder("bash", "-euo", "pipefail", "-c", script);
            Map<String, String> environment = builder.environment();
            environment.keySet().removeIf(name -> name.startsWith("AWS_"));
            // No ~/.aws/config or credentials of whoever runs the tests: a missing --region must show.
            environment.put("AWS_CONFIG_FILE", dir.resolve("no-config").toString());
            environment.put("AWS_SHARED_CREDENTIALS_FILE", dir.resolve("no-credentials").toString());
            environment.put("AWS_EC2_METADATA_DISABLED", "true");
            environment.putAll(aws);
            Path out = dir.resolve("stdout");
            Path err = dir.resolve("stderr");
            Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            try {
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new AssertionError("bash did not finish within " + timeout + "; stderr so far:\n"
                            + Files.readString(err, StandardCharsets.UTF_8));
                }
            } finally {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
            return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("could not run bash", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running bash", e);
        } finally {
            deleteQuietly(dir);
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (var files = Files.list(dir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(dir);
        } catch (IOException ignored) {
            // a temporary directory left behind is harmless
        }
    }
}
