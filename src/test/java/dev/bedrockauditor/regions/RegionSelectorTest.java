package dev.bedrockauditor.regions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bedrockauditor.config.ConfigurationException;
import dev.bedrockauditor.domain.RegionScope;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RegionSelectorTest {

    private static final RegionCatalog CATALOG = new RegionCatalog(
            Map.of("us-east-1", "aws", "eu-west-1", "aws", "af-south-1", "aws", "eu-central-2", "aws",
                    "us-gov-west-1", "aws-us-gov", "cn-north-1", "aws-cn"),
            Set.of("us-east-1", "eu-west-1", "af-south-1", "us-gov-west-1"));
    private final RegionSelector selector = new RegionSelector(CATALOG);

    @Test
    void discoveryIntersectsBedrockRegionsOfThePartitionWithTheEnabledOnes() {
        RegionSelector.Selection selection = selector.discovered("us-east-1",
                new EnabledRegions.Known(Set.of("us-east-1", "eu-west-1", "eu-central-2", "us-gov-west-1")));

        assertEquals(List.of("eu-west-1", "us-east-1"), selection.scope().regions());
        assertEquals(RegionScope.Source.ENABLED_REGIONS, selection.scope().source());
        assertTrue(selection.scope().authoritative());
        assertEquals(List.of(), selection.warnings());
    }

    @Test
    void withoutListRegionsEveryBedrockRegionOfThePartitionIsAuditedWithOneWarning() {
        RegionSelector.Selection selection = selector.discovered("eu-west-1",
                new EnabledRegions.Unavailable("AccessDenied: the auditor's role lacks account:ListRegions"));

        assertEquals(List.of("af-south-1", "eu-west-1", "us-east-1"), selection.scope().regions());
        assertEquals(RegionScope.Source.ALL_BEDROCK_REGIONS, selection.scope().source());
        assertFalse(selection.scope().authoritative());
        assertEquals(1, selection.warnings().size());
        assertTrue(selection.warnings().get(0).contains("account:ListRegions failed (AccessDenied"));
        assertTrue(selection.warnings().get(0).contains("region may not be enabled for this account"));
    }

    @Test
    void optInHintAppliesOnlyToOptInRegionsWhenDiscoveryFailed() {
        RegionScope guessed = new RegionScope(List.of("af-south-1", "us-east-1"), RegionScope.Source.ALL_BEDROCK_REGIONS);
        RegionScope discovered = new RegionScope(List.of("af-south-1"), RegionScope.Source.ENABLED_REGIONS);

        assertTrue(selector.mayBeDisabled(guessed, "af-south-1"));
        assertFalse(selector.mayBeDisabled(guessed, "us-east-1"));
        assertFalse(selector.mayBeDisabled(discovered, "af-south-1"));
    }

    @Test
    void otherPartitionsAreDiscoveredWithinTheirOwnPartition() {
        RegionSelector.Selection selection = selector.discovered("us-gov-west-1", new EnabledRegions.Unavailable("x"));

        assertEquals(List.of("us-gov-west-1"), selection.scope().regions());
        assertFalse(CATALOG.needsOptIn("us-gov-west-1"));
    }

    @Test
    void namedRegionsReplaceDiscoverySortedAndDeduplicated() {
        RegionSelector.Selection selection =
                selector.explicit("us-east-1", List.of("us-east-1", "eu-west-1", "us-east-1"), "--regions");

        assertEquals(List.of("eu-west-1", "us-east-1"), selection.scope().regions());
        assertEquals(RegionScope.Source.EXPLICIT, selection.scope().source());
        assertTrue(selection.scope().authoritative());
    }

    @Test
    void anUnknownRegionIsAUsageErrorNamingItAndTheInput() {
        ConfigurationException error = assertThrows(ConfigurationException.class,
                () -> selector.explicit("us-east-1", List.of("us-east-1", "us-east-7"), "AUDIT_REGIONS"));

        assertTrue(error.getMessage().startsWith("AUDIT_REGIONS names 'us-east-7'"), error.getMessage());
        assertTrue(error.getMessage().contains("af-south-1,eu-west-1,us-east-1"), error.getMessage());
    }

    @Test
    void aRegionOutsideTheHomePartitionIsAUsageError() {
        ConfigurationException error = assertThrows(ConfigurationException.class,
                () -> selector.explicit("us-east-1", List.of("cn-north-1"), "--regions"));

        assertTrue(error.getMessage().contains("--regions names 'cn-north-1' of partition aws-cn"), error.getMessage());
        assertTrue(error.getMessage().contains("outside partition aws of the home region us-east-1"));
    }

    @Test
    void aKnownRegionWithoutBedrockIsCheckedWithAWarning() {
        RegionSelector.Selection selection = selector.explicit("us-east-1", List.of("eu-central-2"), "--regions");

        assertEquals(List.of("eu-central-2"), selection.scope().regions());
        assertEquals(1, selection.warnings().size());
        assertTrue(selection.warnings().get(0).startsWith("eu-central-2 has no Bedrock endpoint"));
    }

    @Test
    void anUnknownHomeRegionIsAConfigurationErrorNamingAwsRegion() {
        ConfigurationException error = assertThrows(ConfigurationException.class,
                () -> selector.discovered("mars-north-1", new EnabledRegions.Known(Set.of())));

        assertTrue(error.getMessage().contains("'mars-north-1'"), error.getMessage());
        assertTrue(error.getMessage().contains("AWS_REGION"), error.getMessage());
    }

    @Test
    void theSdkCatalogKnowsBedrockRegionsByPartition() {
        RegionCatalog sdk = RegionCatalog.fromSdkMetadata();

        assertTrue(sdk.bedrockRegionsIn("aws").containsAll(List.of("us-east-1", "us-west-2", "eu-west-1")));
        assertFalse(sdk.bedrockRegionsIn("aws").contains("us-gov-west-1"));
        assertTrue(sdk.bedrockRegionsIn("aws-us-gov").contains("us-gov-west-1"));
        assertEquals("aws", sdk.partitionOf("eu-central-1").orElseThrow());
        assertTrue(sdk.needsOptIn("af-south-1"));
        assertFalse(sdk.needsOptIn("eu-west-1"));
    }

    @Test
    void aPartitionsRegionsAreRealRegionsNotGlobalEndpoints() {
        Set<String> regions = RegionCatalog.fromSdkMetadata().regionsIn("aws");

        assertTrue(regions.containsAll(Set.of("us-east-1", "eu-west-1", "ap-southeast-7")), regions.toString());
        assertFalse(regions.contains("aws-global"), "aws-global is an endpoint, not a region with a Security Hub");
        assertTrue(regions.stream().allMatch(region -> region.matches("[a-z]{2}(-[a-z]+)+-\\d+")), regions.toString());
    }
}
