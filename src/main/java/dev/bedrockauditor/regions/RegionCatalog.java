package dev.bedrockauditor.regions;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.RegionMetadata;
import software.amazon.awssdk.services.bedrock.BedrockClient;

/**
 * The regions the auditor knows of: each region's partition, and where Bedrock has an endpoint.
 *
 * @param partitionByRegion every known region and the id of its partition ({@code aws}, {@code aws-cn}, ...)
 * @param bedrockRegions the regions where Bedrock has an endpoint
 */
public record RegionCatalog(Map<String, String> partitionByRegion, Set<String> bedrockRegions) {

    /**
     * Regions of the {@code aws} partition that every account has enabled. Regions launched after
     * 20 March 2019 must be opted into; other partitions have no opt-in regions.
     */
    static final Set<String> ENABLED_BY_DEFAULT = Set.of(
            "us-east-1", "us-east-2", "us-west-1", "us-west-2",
            "ca-central-1", "sa-east-1",
            "eu-west-1", "eu-west-2", "eu-west-3", "eu-central-1", "eu-north-1",
            "ap-south-1", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3",
            "ap-southeast-1", "ap-southeast-2");

    private static final Pattern REGION_NAME = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d+");

    public RegionCatalog {
        partitionByRegion = Map.copyOf(partitionByRegion);
        bedrockRegions = Set.copyOf(bedrockRegions);
    }

    /** The catalog from the SDK's bundled endpoint metadata; no network call. */
    public static RegionCatalog fromSdkMetadata() {
        Map<String, String> partitions = new TreeMap<>();
        for (Region region : Region.regions()) {
            RegionMetadata metadata = region.metadata();
            if (metadata != null) {
                partitions.put(region.id(), metadata.partition().id());
            }
        }
        Set<String> bedrock = BedrockClient.serviceMetadata().regions().stream()
                .map(Region::id)
                .filter(partitions::containsKey)
                .collect(Collectors.toSet());
        return new RegionCatalog(partitions, bedrock);
    }

    public Optional<String> partitionOf(String region) {
        return Optional.ofNullable(partitionByRegion.get(region));
    }

    /** Bedrock regions of one partition, sorted. */
    public TreeSet<String> bedrockRegionsIn(String partition) {
        return bedrockRegions.stream()
                .filter(region -> partition.equals(partitionByRegion.get(region)))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** Known regions of one partition, sorted; global endpoints such as {@code aws-global} are not regions. */
    public TreeSet<String> regionsIn(String partition) {
        return partitionByRegion.entrySet().stream()
                .filter(entry -> entry.getValue().equals(partition) && REGION_NAME.matcher(entry.getKey()).matches())
                .map(Map.Entry::getKey)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** Whether an account must opt in before it can use this region. */
    public boolean needsOptIn(String region) {
        return "aws".equals(partitionByRegion.get(region)) && !ENABLED_BY_DEFAULT.contains(region);
    }
}
