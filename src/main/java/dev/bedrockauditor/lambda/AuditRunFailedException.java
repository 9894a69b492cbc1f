package dev.bedrockauditor.lambda;

/**
 * Thrown after everything deliverable was delivered, when a finding or the alert was not: Lambda retries
 * the run, and a run that keeps failing reaches the function's on-failure destination.
 */
public final class AuditRunFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public AuditRunFailedException(String message) {
        super(message);
    }
}
