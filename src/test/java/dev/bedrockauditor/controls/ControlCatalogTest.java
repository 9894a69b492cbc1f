package dev.bedrockauditor.controls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bedrockauditor.domain.ControlMetadata;
import dev.bedrockauditor.domain.Severity;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import dev.bedrockauditor.testing.Reports;
import org.junit.jupiter.api.Test;

class ControlCatalogTest {

    private static final List<String> REQUIREMENTS = List.of(
            "ISO/IEC 27001:2022 A.8.15", "SOC 2 A1.2", "NIS2 3.2.3(c)", "KISA-ISMS-P 2.9.4",
            "KISA-ISMS-P 2.10.2", "C5 OPS-15", "CIS Controls v8 8.2");

    @ParameterizedTest
    @ValueSource(strings = {LoggingEnabledCheck.ID, DataTypesCheck.ID, DestinationCheck.ID, EncryptionCheck.ID,
        LogProtectionCheck.ID, ChangeDetectionCheck.ID})
    void metadataLoadsWithEveryRequirementAndFitsSecurityHubLimits(String id) {
        ControlMetadata control = ControlCatalog.load(id);

        assertEquals(id, control.id());
        assertTrue(control.relatedRequirements().contains("ISO/IEC 27001:2022 A.8.15"), id);
        if (id.equals(LoggingEnabledCheck.ID) || id.equals(DataTypesCheck.ID)) {
            assertEquals(REQUIREMENTS, control.relatedRequirements());
        }
        // ASFF limits: Title 256, Description 1024, Remediation.Recommendation.Text 512.
        assertTrue(control.title().length() <= 256, "title length " + control.title().length());
        assertTrue(control.description().length() <= 1024, "description length " + control.description().length());
        assertTrue(control.remediationText().length() <= 512,
                "remediation length " + control.remediationText().length());
        // Change detection rests on CloudTrail delivering to EventBridge, which EventBridge's guide explains.
        assertTrue(control.remediationUrl().startsWith(id.equals(ChangeDetectionCheck.ID)
                ? "https://docs.aws.amazon.com/eventbridge/" : "https://docs.aws.amazon.com/bedrock/"),
                control.remediationUrl());
    }

    @Test
    void everyControlIdStartsWithThePrefixTheAlertTellsPeopleToFilterOn() {
        Reports.CONTROLS.checks().forEach(check ->
                assertTrue(check.control().id().startsWith("bedrock-invocation-logging-"), check.control().id()));
    }

    @Test
    void severitiesAreTheIssuedOnes() {
        assertEquals(Severity.MEDIUM, ControlCatalog.load(LoggingEnabledCheck.ID).severity());
        assertEquals(Severity.LOW, ControlCatalog.load(DataTypesCheck.ID).severity());
        assertEquals(Severity.HIGH, ControlCatalog.load(DestinationCheck.ID).severity());
        assertEquals(Severity.MEDIUM, ControlCatalog.load(EncryptionCheck.ID).severity());
        assertEquals(Severity.LOW, ControlCatalog.load(LogProtectionCheck.ID).severity());
        assertEquals(Severity.LOW, ControlCatalog.load(ChangeDetectionCheck.ID).severity());
    }

    @Test
    void changeDetectionSupportsMonitoringRequirements() {
        List<String> requirements = ControlCatalog.load(ChangeDetectionCheck.ID).relatedRequirements();
        for (String requirement : List.of("ISO/IEC 27001:2022 A.8.16", "SOC 2 CC7.2", "NIS2 3.2.2",
                "KISA-ISMS-P 2.11.3", "C5 OPS-17")) {
            assertTrue(requirements.contains(requirement), requirement + " in " + requirements);
        }
    }

    @Test
    void anUnknownControlIsAPackagingErrorNamingTheResource() {
        IllegalStateException error = assertThrows(IllegalStateException.class, () -> ControlCatalog.load("nope"));
        assertTrue(error.getMessage().contains("/controls/nope.json"), error.getMessage());
    }
}
