package dev.bedrockauditor.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A JVM subprocess started as a user or the Lambda service would start it: this JDK's java, the inherited
 * environment less every AWS_ variable (so nothing reaches a real account), plus the given variables.
 * Its output goes to files, so a chatty process never blocks on a full pipe.
 */
public final class JavaProcess implements AutoCloseable {

    /** The packaged jar under test. */
    public static final Path JAR = Path.of(System.getProperty("auditor.jar", "target/bedrock-logging-auditor.jar"));

    /** How the process ended, and what it printed. */
    public record Exit(int code, String stdout, String stderr) {}

    private final Process process;
    private final Path stdout;
    private final Path stderr;

    private JavaProcess(Process process, Path stdout, Path stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** Starts {@code java ARGS} in {@code directory}. */
    public static JavaProcess start(List<String> javaArgs, Map<String, String> environment, Path directory) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(javaArgs);
        return start(command, List.of("AWS_"), environment, directory);
    }

    /**
     * Runs the launcher script {@code LAUNCHER ARGS} in the working directory, to the end (at most {@code
     * timeout}), without the AWS, auditor and launcher variables of this environment (AWS_, AUDIT_,
     * BEDROCK_AUDITOR_): only the given ones. The launcher picks its Java from JAVA_HOME, if given.
     */
    public static Exit runLauncher(Path launcher, List<String> args, Map<String, String> environment,
            Duration timeout) {
        List<String> command = new ArrayList<>(List.of(launcher.toString()));
        command.addAll(args);
        try (JavaProcess run = start(command, List.of("AWS_", "AUDIT_", "BEDROCK_AUDITOR_"), environment,
                Path.of("").toAbsolutePath())) {
            return run.awaitExit(timeout);
        }
    }

    private static JavaProcess start(List<String> command, List<String> clearedPrefixes,
            Map<String, String> environment, Path directory) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile());
        builder.environment().keySet().removeIf(name -> clearedPrefixes.stream().anyMatch(name::startsWith));
        builder.environment().putAll(environment);
        try {
            Path out = Files.createTempFile("java-process-", ".out");
            Path err = Files.createTempFile("java-process-", ".err");
            out.toFile().deleteOnExit();
            err.toFile().deleteOnExit();
            return new JavaProcess(builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start(), out, err);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    /** Runs {@code java ARGS} in the working directory with {@code stdin} as its input, to the end. */
    public static Exit run(List<String> javaArgs, Map<String, String> environment, byte[] stdin, Duration timeout) {
        try (JavaProcess java = start(javaArgs, environment, Path.of("").toAbsolutePath())) {
            try (OutputStream input = java.process.getOutputStream()) {
                input.write(stdin);
            } catch (IOException e) {
                // the process exited before reading its input; its exit status and stderr tell why
            }
            return java.awaitExit(timeout);
        }
    }

    /** Waits for the exit, at most {@code timeout}; fails the test (and ends the process) past it. */
    public Exit awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                close();
                throw new AssertionError("the process did not exit within " + timeout + "; stderr: " + stderr());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
        return new Exit(process.exitValue(), stdout(), stderr());
    }

    public String stdout() {
        return read(stdout);
    }

    public String stderr() {
        return read(stderr);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Ends the process (and anything it started) if it still runs. */
    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
