package dev.bedrockauditor.lambda;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.bedrockauditor.config.ConfigurationException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * Invokes the Lambda handler once with an event file, as Lambda would but without Docker or SAM: the handler
 * is built with its no-arg constructor from the environment, gets the file's bytes, and its JSON response is
 * printed on stdout. The function's log and every message of this command go to stderr.
 *
 * <p>Exit status: 0 the handler returned; 1 the handler threw (Lambda would count an error and retry); 2
 * nothing was invoked: bad arguments, an unreadable event file, or a handler that could not start (a bad
 * environment variable).
 */
public final class LocalInvoke {

    static final int RETURNED = 0;
    static final int HANDLER_FAILED = 1;
    static final int NOT_INVOKED = 2;

    private static final String NAME = "LocalInvoke";
    static final String USAGE = "Usage: java -cp bedrock-logging-auditor.jar " + LocalInvoke.class.getName()
            + " EVENT_FILE\n"
            + "  EVENT_FILE  the payload, e.g. events/scheduled-event.json; - reads it from standard input\n"
            + "Settings come from environment variables as in Lambda: AWS_REGION, ALERT_TOPIC_ARN, AUDIT_REGIONS, ...\n";

    private final InputStream stdin;
    private final PrintStream out;
    private final PrintStream err;
    private final Supplier<? extends RequestStreamHandler> handlers;

    LocalInvoke(InputStream stdin, PrintStream out, PrintStream err, Supplier<? extends RequestStreamHandler> handlers) {
        this.stdin = stdin;
        this.out = out;
        this.err = err;
        this.handlers = handlers;
    }

    public static void main(String[] args) {
        PrintStream stdout = System.out;
        // stdout carries the response only: the function's log, and anything a library prints, go to stderr.
        System.setOut(System.err);
        StderrLambdaLogger.install(System.err);
        System.exit(new LocalInvoke(System.in, stdout, System.err, AuditHandler::new).run(args));
    }

    int run(String... args) {
        if (args.length == 1 && (args[0].equals("-h") || args[0].equals("--help"))) {
            out.print(USAGE);
            return RETURNED;
        }
        if (args.length != 1) {
            err.println(NAME + ": expected one argument, the event file (or - for standard input), got " + args.length);
            err.print(USAGE);
            return NOT_INVOKED;
        }
        byte[] payload;
        try {
            payload = read(args[0]);
        } catch (IOException e) {
            err.println(NAME + ": cannot read the event file '" + args[0] + "': " + reason(e));
            return NOT_INVOKED;
        }
        RequestStreamHandler handler;
        try {
            handler = handlers.get();
        } catch (ConfigurationException e) {
            err.println(NAME + ": the handler could not start: " + e.getMessage());
            return NOT_INVOKED;
        } catch (RuntimeException e) {
            err.println(NAME + ": the handler could not start: internal error: " + e);
            e.printStackTrace(err);
            return NOT_INVOKED;
        }
        ByteArrayOutputStream response = new ByteArrayOutputStream();
        try {
            handler.handleRequest(new ByteArrayInputStream(payload), response, new LocalContext());
        } catch (AuditRunFailedException | ConfigurationException e) {
            err.println(NAME + ": the handler failed: " + e.getMessage());
            return HANDLER_FAILED;
        } catch (IOException | RuntimeException e) {
            err.println(NAME + ": the handler failed: internal error: " + e);
            e.printStackTrace(err);
            return HANDLER_FAILED;
        }
        out.write(response.toByteArray(), 0, response.size());
        out.println();
        out.flush();
        return RETURNED;
    }

    private byte[] read(String file) throws IOException {
        if (file.equals("-")) {
            return stdin.readAllBytes();
        }
        Path path;
        try {
            path = Path.of(file);
        } catch (InvalidPathException e) {
            throw new IOException("not a valid path: " + e.getReason(), e);
        }
        if (Files.isDirectory(path)) {
            throw new IOException("it is a directory");
        }
        return Files.readAllBytes(path);
    }

    private static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }
}
