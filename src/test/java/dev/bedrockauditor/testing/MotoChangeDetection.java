package dev.bedrockauditor.testing;

import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;

/**
 * Seeds moto with what change detection reads, as an account sets it up: a CloudTrail trail and the EventBridge
 * rule that the stack (home region) or the change forwarder (other regions) creates.
 */
public final class MotoChangeDetection {

    /** The rule's name in the stack and the forwarder, and the stack's CHANGE_DETECTION_RULE. */
    public static final String RULE = "bedrock-logging-auditor-changes";
    /** What the stack and the forwarder match: CloudTrail's record of an API call. */
    private static final String PATTERN = "{\"detail-type\":[\"AWS API Call via CloudTrail\"]}";

    private final MotoServer moto;
    private final MotoAccount account;

    public MotoChangeDetection(MotoServer moto) {
        this.moto = moto;
        this.account = new MotoAccount(moto);
    }

    /** A multi-Region trail homed in {@code home}, with CloudTrail's default selectors, into a new bucket. */
    public void multiRegionTrail(String home, String name, boolean logging) {
        String bucket = name + "-cloudtrail-logs";
        account.bucket(home, bucket);
        try (CloudTrailClient cloudTrail = moto.client(CloudTrailClient.builder(), home)) {
            cloudTrail.createTrail(request -> request.name(name).s3BucketName(bucket).isMultiRegionTrail(true));
            if (logging) {
                cloudTrail.startLogging(request -> request.name(name));
            }
        }
    }

    /** The rule on the region's default bus, enabled or disabled. */
    public void rule(String region, boolean enabled) {
        try (EventBridgeClient events = moto.client(EventBridgeClient.builder(), region)) {
            events.putRule(request -> request.name(RULE).eventPattern(PATTERN));
            if (!enabled) {
                events.disableRule(request -> request.name(RULE));
            }
        }
    }

    /** Everything in place for the regions: one logging multi-Region trail, and the rule enabled in each. */
    public void inPlace(String home, String... regions) {
        multiRegionTrail(home, "organization-audit", true);
        for (String region : regions) {
            rule(region, true);
        }
    }
}
