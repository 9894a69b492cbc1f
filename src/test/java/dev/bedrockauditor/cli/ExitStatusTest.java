package dev.bedrockauditor.cli;

import static dev.bedrockauditor.testing.Reports.fullLogging;
import static dev.bedrockauditor.testing.Reports.logging;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.bedrockauditor.domain.AuditReport;
import dev.bedrockauditor.domain.Changes;
import dev.bedrockauditor.domain.DataType;
import dev.bedrockauditor.domain.Finding;
import dev.bedrockauditor.domain.LoggingState;
import dev.bedrockauditor.domain.PublicationReport;
import dev.bedrockauditor.domain.Status;
import dev.bedrockauditor.testing.DetectionReports;
import dev.bedrockauditor.testing.Reports;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ExitStatusTest {

    private static final LoggingState TEXT_ONLY = logging("logs", EnumSet.of(DataType.TEXT));

    private static PublicationReport publication(List<PublicationReport.Undelivered> undelivered,
            PublicationReport.AlertOutcome alert) {
        return new PublicationReport(Map.of("us-east-1", 2), 0, List.of(), undelivered,
                new Changes(List.of(), List.of(), List.of()), alert, List.of());
    }

    @Test
    void zeroOnlyWhenEveryFindingPassed() {
        assertEquals(0, ExitStatus.of(Reports.of(Map.of("us-east-1", fullLogging(), "eu-west-1", fullLogging()))));
    }

    @Test
    void oneWhenAnyControlFailed() {
        assertEquals(1, ExitStatus.of(Reports.of(Map.of("us-east-1", fullLogging(), "eu-west-1", TEXT_ONLY))));
        assertEquals(1, ExitStatus.of(Reports.of(Map.of("us-east-1", fullLogging(),
                "eu-west-1", new LoggingState.Disabled()))));
        assertEquals(1, ExitStatus.of(Reports.of(Map.of("eu-west-1", new LoggingState.Disabled()))),
                "a region without logging fails through its one finding, the enabled control's");
    }

    @Test
    void oneWhenTheOnlyThingToActOnIsAWarning() {
        AuditReport warning = DetectionReports.of(Map.of("us-east-1", fullLogging(), "eu-west-1", fullLogging()),
                Map.of("eu-west-1", "DISABLED"));
        assertEquals(List.of(Status.PASSED, Status.WARNING), warning.findings().stream()
                .filter(f -> f.region().equals("eu-west-1")).map(Finding::status).distinct().toList());

        assertEquals(1, ExitStatus.of(warning), "a disabled detection rule asks for action: not a clean pass");
        assertEquals(0, ExitStatus.of(DetectionReports.of(Map.of("eu-west-1", fullLogging()), Map.of())),
                "detection in place everywhere passes");
        assertEquals(2, ExitStatus.of(DetectionReports.of(Map.of("eu-west-1", fullLogging(),
                "us-west-2", new LoggingState.Unknown("Timeout")), Map.of("eu-west-1", "DISABLED"))),
                "an incomplete audit still outranks a warning");
    }

    @Test
    void twoWhenAnyRegionCouldNotBeCheckedEvenIfOthersFailed() {
        assertEquals(2, ExitStatus.of(Reports.of(Map.of("us-east-1", new LoggingState.Disabled(),
                "eu-west-1", new LoggingState.Unknown("Timeout")))));
    }

    @Test
    void threeWhenPublishingLostAFindingOrTheAlertWhateverTheAudit() {
        AuditReport passing = Reports.of(Map.of("us-east-1", fullLogging()));
        PublicationReport.AlertOutcome sent = new PublicationReport.AlertOutcome.Sent("m-1", "subject");

        assertEquals(0, ExitStatus.of(passing, Optional.of(publication(List.of(), sent))));
        assertEquals(3, ExitStatus.of(passing, Optional.of(publication(
                List.of(new PublicationReport.Undelivered("id", "us-east-1", "ThrottlingException")), sent))));
        assertEquals(3, ExitStatus.of(passing, Optional.of(publication(List.of(),
                new PublicationReport.AlertOutcome.Failed("AuthorizationError")))));
        assertEquals(0, ExitStatus.of(passing, Optional.of(publication(List.of(),
                new PublicationReport.AlertOutcome.NotSent("nothing changed")))));
    }
}
