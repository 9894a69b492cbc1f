package dev.bedrockauditor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.bedrockauditor.controls.ControlSuite;
import dev.bedrockauditor.domain.AuditReport;
import dev.bedrockauditor.domain.DataType;
import dev.bedrockauditor.domain.Finding;
import dev.bedrockauditor.domain.LoggingConfiguration;
import dev.bedrockauditor.domain.LoggingState;
import dev.bedrockauditor.domain.RegionScope;
import dev.bedrockauditor.domain.S3Destination;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ExitStatusTest {

    private static final LoggingState FULL = new LoggingState.Enabled(new LoggingConfiguration(
            Optional.of(new S3Destination("logs", "")), Optional.empty(), EnumSet.allOf(DataType.class)));
    private static final LoggingState TEXT_ONLY = new LoggingState.Enabled(new LoggingConfiguration(
            Optional.of(new S3Destination("logs", "")), Optional.empty(), EnumSet.of(DataType.TEXT)));

    private static int exitFor(Map<String, LoggingState> states) {
        ControlSuite controls = ControlSuite.standard(EnumSet.allOf(DataType.class));
        List<Finding> findings = new ArrayList<>();
        states.forEach((region, state) -> findings.addAll(controls.evaluate(region, state)));
        Instant now = Instant.now();
        return ExitStatus.of(new AuditReport("111122223333", "aws", "us-east-1", now, now,
                new RegionScope(List.copyOf(states.keySet()), RegionScope.Source.EXPLICIT), new TreeMap<>(states),
                findings, List.of()));
    }

    @Test
    void zeroOnlyWhenEveryFindingPassed() {
        assertEquals(0, exitFor(Map.of("us-east-1", FULL, "eu-west-1", FULL)));
    }

    @Test
    void oneWhenAnyControlFailed() {
        assertEquals(1, exitFor(Map.of("us-east-1", FULL, "eu-west-1", TEXT_ONLY)));
        assertEquals(1, exitFor(Map.of("us-east-1", FULL, "eu-west-1", new LoggingState.Disabled())));
    }

    @Test
    void twoWhenAnyRegionCouldNotBeCheckedEvenIfOthersFailed() {
        assertEquals(2, exitFor(Map.of("us-east-1", new LoggingState.Disabled(),
                "eu-west-1", new LoggingState.Unknown("Timeout"))));
    }
}
