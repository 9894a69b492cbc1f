package dev.bedrockauditor.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.bedrockauditor.config.ConfigurationException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** LocalInvoke's arguments, reading and exit statuses, with stand-in handlers (no AWS). */
class LocalInvokeTest {

    @TempDir
    Path dir;

    private record Run(int exit, String stdout, String stderr) {}

    private static Run run(Supplier<RequestStreamHandler> handler, String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = new LocalInvoke(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                handler).run(args);
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Answers with the payload it got, wrapped in a JSON object. */
    private static final RequestStreamHandler ECHO = (input, output, context) ->
            output.write(("{\"got\":" + new String(input.readAllBytes(), StandardCharsets.UTF_8).strip() + "}")
                    .getBytes(StandardCharsets.UTF_8));

    private static Supplier<RequestStreamHandler> throwing(RuntimeException error) {
        return () -> (input, output, context) -> {
            throw error;
        };
    }

    @Test
    void theResponseGoesToStdoutAndNothingElse() throws Exception {
        Path event = Files.writeString(dir.resolve("event.json"), "{\"source\":\"x\"}\n");

        Run run = run(() -> ECHO, "", event.toString());

        assertEquals(new Run(0, "{\"got\":{\"source\":\"x\"}}" + System.lineSeparator(), ""), run);
    }

    @Test
    void aDashReadsTheEventFromStandardInput() {
        assertEquals(new Run(0, "{\"got\":[1]}" + System.lineSeparator(), ""), run(() -> ECHO, "[1]", "-"));
    }

    @Test
    void wrongArgumentsExitTwoWithTheUsageAndBuildNoHandler() {
        AtomicInteger built = new AtomicInteger();
        Supplier<RequestStreamHandler> counted = () -> {
            built.incrementAndGet();
            return ECHO;
        };

        Run none = run(counted, "");
        Run two = run(counted, "", "a.json", "b.json");

        assertEquals(2, none.exit());
        assertTrue(none.stderr().startsWith("LocalInvoke: expected one argument, the event file (or - for standard"
                + " input), got 0" + System.lineSeparator() + "Usage: java -cp bedrock-logging-auditor.jar"
                + " dev.bedrockauditor.lambda.LocalInvoke EVENT_FILE"), none.stderr());
        assertEquals("", none.stdout());
        assertEquals(2, two.exit());
        assertTrue(two.stderr().contains("got 2"), two.stderr());
        assertEquals(0, built.get(), "no handler was built");
    }

    @Test
    void helpPrintsTheUsageOnStdout() {
        Run help = run(() -> ECHO, "", "--help");

        assertEquals(0, help.exit());
        assertEquals(LocalInvoke.USAGE, help.stdout());
    }

    @Test
    void aMissingOrUnreadableFileExitsTwoNamingIt() {
        Path missing = dir.resolve("no-such-event.json");

        assertEquals(new Run(2, "", "LocalInvoke: cannot read the event file '" + missing + "': no such file"
                + System.lineSeparator()), run(() -> ECHO, "", missing.toString()));
        assertEquals(new Run(2, "", "LocalInvoke: cannot read the event file '" + dir + "': it is a directory"
                + System.lineSeparator()), run(() -> ECHO, "", dir.toString()));
    }

    @Test
    void aHandlerThatCannotStartExitsTwoWithItsMessage() {
        Run run = run(() -> {
            throw new ConfigurationException("ALERT_ON is 'SOMETIMES'; accepted: CHANGES, FAILURES, ALWAYS, NEVER");
        }, "{}", "-");

        assertEquals(new Run(2, "", "LocalInvoke: the handler could not start: ALERT_ON is 'SOMETIMES'; accepted:"
                + " CHANGES, FAILURES, ALWAYS, NEVER" + System.lineSeparator()), run);
    }

    @Test
    void aFailedRunExitsOneWithItsMessageAndNoStackTrace() {
        Run failed = run(throwing(new AuditRunFailedException("The audit ran but delivery failed: 2 finding(s)")),
                "{}", "-");
        Run noAccount = run(throwing(new ConfigurationException("cannot identify the AWS account")), "{}", "-");

        assertEquals(new Run(1, "", "LocalInvoke: the handler failed: The audit ran but delivery failed: 2 finding(s)"
                + System.lineSeparator()), failed);
        assertEquals(new Run(1, "", "LocalInvoke: the handler failed: cannot identify the AWS account"
                + System.lineSeparator()), noAccount);
    }

    @Test
    void anUnexpectedErrorExitsOneWithItsStackTrace() {
        Run run = run(throwing(new IllegalStateException("bug")), "{}", "-");

        assertEquals(1, run.exit());
        assertEquals("", run.stdout());
        assertTrue(run.stderr().startsWith("LocalInvoke: the handler failed: internal error:"
                + " java.lang.IllegalStateException: bug" + System.lineSeparator()), run.stderr());
        assertTrue(run.stderr().contains("\tat dev.bedrockauditor.lambda.LocalInvokeTest"), run.stderr());
        assertFalse(run.stderr().contains("could not start"));
    }
}
