package dev.bedrockauditor.publish;

/**
 * A Security Hub region that could not be read or written as a whole.
 *
 * @see #refusesImports()
 */
public final class HubUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final boolean refusesImports;

    /**
     * @param refusesImports true when the hub will not take findings at all (not enabled, access denied,
     *     region not enabled), so another hub should be tried; false for passing faults such as throttling
     */
    public HubUnavailableException(String reason, boolean refusesImports, Throwable cause) {
        super(reason, cause);
        this.refusesImports = refusesImports;
    }

    public boolean refusesImports() {
        return refusesImports;
    }
}
