package dev.bedrockauditor.cli;

import dev.bedrockauditor.domain.AuditReport;
import dev.bedrockauditor.domain.PublicationReport;
import java.util.Optional;

/** The command's exit status, as documented in the README. */
final class ExitStatus {

    static final int ALL_PASSED = 0;
    static final int FAILED = 1;
    static final int NOT_COMPLETE = 2;
    static final int NOT_DELIVERED = 3;

    private ExitStatus() {}

    /** A delivery failure outranks the audit's own outcome: what was found did not reach anyone. */
    static int of(AuditReport report, Optional<PublicationReport> publication) {
        if (publication.map(PublicationReport::failed).orElse(false)) {
            return NOT_DELIVERED;
        }
        return of(report);
    }

    /** An audit that could not check a region is incomplete, which outranks anything it did find. */
    static int of(AuditReport report) {
        AuditReport.Summary summary = report.summary();
        if (!summary.regionsNotChecked().isEmpty()) {
            return NOT_COMPLETE;
        }
        return summary.allPassed() ? ALL_PASSED : FAILED;
    }
}
