package dev.bedrockauditor.cli;

import dev.bedrockauditor.domain.AuditReport;
import dev.bedrockauditor.domain.OrganizationReport;
import dev.bedrockauditor.domain.PublicationReport;
import dev.bedrockauditor.domain.Status;
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

    /**
     * An organization run: a delivery failure first, then an account not audited (something could not be
     * checked), then each account's own outcome, the worst winning.
     */
    static int of(OrganizationReport report) {
        if (report.publications().stream().anyMatch(PublicationReport::failed)) {
            return NOT_DELIVERED;
        }
        if (!report.unaudited().isEmpty()) {
            return NOT_COMPLETE;
        }
        int worst = report.coverage().status() == Status.PASSED ? ALL_PASSED : FAILED;
        for (OrganizationReport.AccountAudit audit : report.audited()) {
            int status = of(audit.report());
            worst = status == NOT_COMPLETE || worst == NOT_COMPLETE ? NOT_COMPLETE : Math.max(worst, status);
        }
        return worst;
    }

    /**
     * An audit that could not check something (a region, or a destination it may not read) is incomplete,
     * which outranks anything it did find. An INFORMATIONAL NOT_AVAILABLE only echoes another finding. A
     * WARNING counts as something found, like a failure: it asks for action (e.g. a disabled change-detection
     * rule), and a pipeline that passes on it would never show it.
     */
    static int of(AuditReport report) {
        boolean incomplete = report.findings().stream()
                .anyMatch(finding -> finding.status() == Status.NOT_AVAILABLE && finding.needsAttention());
        if (incomplete) {
            return NOT_COMPLETE;
        }
        return report.summary().allPassed() ? ALL_PASSED : FAILED;
    }
}
