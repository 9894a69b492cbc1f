package dev.bedrockauditor.aws;

import dev.bedrockauditor.engine.EnabledRegionsSource;
import dev.bedrockauditor.regions.EnabledRegions;
import java.util.HashSet;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.account.model.ListRegionsRequest;
import software.amazon.awssdk.services.account.model.Region;
import software.amazon.awssdk.services.account.model.RegionOptStatus;

/** The regions the account has enabled, from account:ListRegions (all pages). */
public final class AccountEnabledRegions implements EnabledRegionsSource {

    private static final Set<RegionOptStatus> ENABLED = Set.of(RegionOptStatus.ENABLED, RegionOptStatus.ENABLED_BY_DEFAULT);

    private final AwsClients clients;
    private final String homeRegion;
    private final FailureReasons reasons;

    public AccountEnabledRegions(AwsClients clients, String homeRegion, FailureReasons reasons) {
        this.clients = clients;
        this.homeRegion = homeRegion;
        this.reasons = reasons;
    }

    @Override
    public EnabledRegions enabledRegions() {
        ListRegionsRequest request = ListRegionsRequest.builder().regionOptStatusContains(ENABLED).build();
        try {
            Set<String> enabled = new HashSet<>();
            for (Region region : clients.account(homeRegion).listRegionsPaginator(request).regions()) {
                // The filter is asked of the service and applied again here, in case it is ignored.
                if (ENABLED.contains(region.regionOptStatus())) {
                    enabled.add(region.regionName());
                }
            }
            return new EnabledRegions.Known(enabled);
        } catch (SdkException e) {
            return new EnabledRegions.Unavailable(reasons.describe(e, "account:ListRegions"));
        }
    }
}
