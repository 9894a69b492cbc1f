package dev.bedrockauditor.domain;

/** A finding's compliance status, named as in ASFF {@code Compliance.Status}. */
public enum Status {
    PASSED(0),
    WARNING(1),
    NOT_AVAILABLE(2),
    FAILED(3);

    private final int rank;

    Status(int rank) {
        this.rank = rank;
    }

    /** Higher is worse: FAILED, then NOT_AVAILABLE, WARNING, PASSED. */
    public int rank() {
        return rank;
    }
}
