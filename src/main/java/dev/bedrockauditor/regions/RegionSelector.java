package dev.bedrockauditor.regions;

import dev.bedrockauditor.config.ConfigurationException;
import dev.bedrockauditor.domain.RegionScope;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/** Chooses the regions to audit; pure, so every rule is unit-tested without AWS. */
public final class RegionSelector {

    private final RegionCatalog catalog;

    public RegionSelector(RegionCatalog catalog) {
        this.catalog = catalog;
    }

    /** A scope and the warnings a person should see about how it was chosen. */
    public record Selection(RegionScope scope, List<String> warnings) {
        public Selection {
            warnings = List.copyOf(warnings);
        }

        /** The same regions, chosen another way. */
        public Selection chosenBy(RegionScope.Source source) {
            return new Selection(new RegionScope(scope.regions(), source), warnings);
        }
    }

    /** The home region's partition; an unknown home region is a configuration error. */
    public String partitionOfHome(String homeRegion) {
        return catalog.partitionOf(homeRegion).orElseThrow(() -> new ConfigurationException(
                "the home region '" + homeRegion + "' (from AWS_REGION, AWS_DEFAULT_REGION, the aws.region property or"
                        + " the AWS profile) is not an AWS region known to this auditor"));
    }

    /** Every Bedrock region of a partition known to this auditor, sorted. */
    public Set<String> bedrockRegions(String partition) {
        return catalog.bedrockRegionsIn(partition);
    }

    /** Bedrock regions of the home partition, narrowed to the enabled ones when ListRegions answered. */
    public Selection discovered(String homeRegion, EnabledRegions enabled) {
        String partition = partitionOfHome(homeRegion);
        TreeSet<String> bedrock = catalog.bedrockRegionsIn(partition);
        if (enabled instanceof EnabledRegions.Known known) {
            bedrock.retainAll(known.regions());
            return new Selection(new RegionScope(List.copyOf(bedrock), RegionScope.Source.ENABLED_REGIONS), List.of());
        }
        String reason = ((EnabledRegions.Unavailable) enabled).reason();
        String warning = "account:ListRegions failed (" + reason + "), so every Bedrock region of partition "
                + partition + " is audited; errors from opt-in regions are reported as"
                + " 'region may not be enabled for this account'. Grant account:ListRegions to audit only"
                + " the regions this account has enabled.";
        return new Selection(
                new RegionScope(List.copyOf(bedrock), RegionScope.Source.ALL_BEDROCK_REGIONS), List.of(warning));
    }

    /**
     * The regions a user named, checked against the home partition.
     *
     * @param inputName the flag or variable they came from, named in errors
     */
    public Selection explicit(String homeRegion, List<String> names, String inputName) {
        return explicit(homeRegion, names, inputName, UnaryOperator.identity());
    }

    /**
     * @param typed each name as the user typed it, quoted in errors
     */
    public Selection explicit(String homeRegion, List<String> names, String inputName, UnaryOperator<String> typed) {
        String partition = partitionOfHome(homeRegion);
        Set<String> bedrock = catalog.bedrockRegionsIn(partition);
        TreeSet<String> chosen = new TreeSet<>();
        List<String> warnings = new ArrayList<>();
        for (String name : names) {
            String regionPartition = catalog.partitionOf(name).orElseThrow(() -> new ConfigurationException(
                    inputName + " names '" + typed.apply(name) + "', which is not an AWS region known to this auditor;"
                            + " Bedrock regions of partition " + partition + ": " + String.join(",", bedrock)));
            if (!regionPartition.equals(partition)) {
                throw new ConfigurationException(inputName + " names '" + typed.apply(name) + "' of partition "
                        + regionPartition + ", outside partition " + partition + " of the home region " + homeRegion
                        + "; audit each partition with its own credentials and AWS_REGION");
            }
            if (!bedrock.contains(name)) {
                warnings.add(name + " has no Bedrock endpoint in this auditor's SDK metadata; checking it anyway");
            }
            chosen.add(name);
        }
        return new Selection(new RegionScope(List.copyOf(chosen), RegionScope.Source.EXPLICIT), warnings);
    }

    /** Whether an error from this region may only mean the account has not opted into it. */
    public boolean mayBeDisabled(RegionScope scope, String region) {
        return scope.source() == RegionScope.Source.ALL_BEDROCK_REGIONS && catalog.needsOptIn(region);
    }
}
