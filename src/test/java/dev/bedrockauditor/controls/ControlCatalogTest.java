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
        LogProtectionCheck.ID})
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
        assertTrue(control.remediationUrl().startsWith("https://docs.aws.amazon.com/bedrock/"));
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
    }

    @Test
    void anUnknownControlIsAPackagingErrorNamingTheResource() {
        IllegalStateException error = assertThrows(IllegalStateException.class, () -> ControlCatalog.load("nope"));
        assertTrue(error.getMessage().contains("/controls/nope.json"), error.getMessage());
    }
}
