package dev.bedrockauditor.engine;

/** Where the engine reports progress and warnings: stderr for the command line, the Lambda logger there. */
public interface AuditLog {

    void info(String message);

    void warn(String message);
}
