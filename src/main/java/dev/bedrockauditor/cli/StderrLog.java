package dev.bedrockauditor.cli;

import dev.bedrockauditor.engine.AuditLog;
import java.io.PrintStream;

/** Progress and warnings on stderr, so stdout stays parseable. */
final class StderrLog implements AuditLog {

    private final PrintStream err;

    StderrLog(PrintStream err) {
        this.err = err;
    }

    @Override
    public void info(String message) {
        err.println(message);
    }

    @Override
    public void warn(String message) {
        err.println("WARNING: " + message);
    }
}
