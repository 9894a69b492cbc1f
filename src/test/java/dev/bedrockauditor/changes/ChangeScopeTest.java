package dev.bedrockauditor.changes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bedrockauditor.domain.ChangeEvent;
import dev.bedrockauditor.domain.CloudWatchDestination;
import dev.bedrockauditor.domain.DataType;
import dev.bedrockauditor.domain.LoggingConfiguration;
import dev.bedrockauditor.domain.LoggingState;
import dev.bedrockauditor.domain.S3Destination;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which regions a call concerns, from their configurations. */
class ChangeScopeTest {

    private static final Set<String> AUDITED = Set.of("eu-west-1", "us-east-1", "us-west-2");
    private static final LoggingState EU = new LoggingState.Enabled(new LoggingConfiguration(
            Optional.of(new S3Destination("eu-logs", "")), Optional.empty(), EnumSet.allOf(DataType.class)));
    private static final LoggingState US = new LoggingState.Enabled(new LoggingConfiguration(Optional.empty(),
            Optional.of(new CloudWatchDestination("/bedrock", "arn:aws:iam::123456789012:role/path/Writer",
                    Optional.of(new S3Destination("us-large", "")))), EnumSet.allOf(DataType.class)));
    private static final Map<String, LoggingState> STATES = Map.of("eu-west-1", EU, "us-east-1", US,
            "us-west-2", new LoggingState.Disabled());

    private static ChangeEvent call(String service, String name, String region, String resource) {
        return new ChangeEvent("e-" + name, service, name, region, "2026-11-26T09:00:00Z",
                new ChangeEvent.Actor("arn:aws:iam::123456789012:user/bob", "IAMUser", Optional.empty()), "192.0.2.1",
                "console.amazonaws.com", Optional.ofNullable(resource));
    }

    private static ChangeScope.Decision decide(ChangeEvent... events) {
        return ChangeScope.decide(List.of(events), AUDITED, STATES);
    }

    @Test
    void aCallOnADestinationConcernsItsRegionOnly() {
        assertEquals(List.of("eu-west-1"), decide(call("s3", "PutBucketPolicy", "eu-west-1", "eu-logs")).regions());
        assertEquals(List.of("us-east-1"), decide(call("s3", "DeleteBucket", "us-east-1", "us-large")).regions(),
                "the large-data bucket is a destination too");
        assertEquals(List.of("us-east-1"), decide(call("logs", "DeleteLogGroup", "us-east-1", "/bedrock")).regions());
    }

    @Test
    void anIamCallConcernsEveryRegionWhoseDestinationUsesTheRole() {
        assertEquals(Set.of("eu-west-1", "us-east-1", "us-west-2"),
                ChangeScope.candidates(List.of(call("iam", "DeleteRole", "us-east-1", "Writer")), AUDITED));
        assertEquals(List.of("us-east-1"), decide(call("iam", "DeleteRole", "us-east-1", "Writer")).regions(),
                "a role with a path is named by its last segment");
        ChangeScope.Decision other = decide(call("iam", "DeleteRole", "us-east-1", "Other"));
        assertEquals(List.of(), other.regions());
        assertTrue(other.setAside().get(0).endsWith("no audited region's logging uses role Other"), other.setAside().toString());
    }

    @Test
    void bedrockCallsAlwaysAndKmsCallsWhereLoggingIsOn() {
        assertEquals(List.of("us-west-2"), decide(call("bedrock", "DeleteModelInvocationLoggingConfiguration",
                "us-west-2", null)).regions());
        assertEquals(List.of("eu-west-1"), decide(call("kms", "DisableKey", "eu-west-1", "arn:aws:kms:k")).regions());
        assertEquals(List.of(), decide(call("kms", "DisableKey", "us-west-2", "arn:aws:kms:k")).regions(),
                "logging is off there: no key of a destination");
    }

    @Test
    void callsThatConcernNothingAreSetAsideAndARegionOutsideTheScopeIsNeverAudited() {
        ChangeScope.Decision decision = decide(call("s3", "PutBucketPolicy", "eu-west-1", "website"),
                call("s3", "PutBucketPolicy", "ap-south-1", "eu-logs"), call("s3", "PutBucketPolicy", "eu-west-1", "eu-logs"));

        assertEquals(List.of("eu-west-1"), decision.regions());
        assertEquals(1, decision.events().size());
        assertEquals(List.of("s3:PutBucketPolicy on website (event e-PutBucketPolicy): bucket website is no log"
                        + " destination in eu-west-1 (or logging is off there)",
                "s3:PutBucketPolicy on eu-logs (event e-PutBucketPolicy): ap-south-1 is not a region this deployment"
                        + " audits"), decision.setAside());
    }

    @Test
    void aRegionWhoseConfigurationCouldNotBeReadIsAudited() {
        ChangeScope.Decision decision = ChangeScope.decide(List.of(call("s3", "PutBucketPolicy", "eu-west-1", "x")),
                AUDITED, Map.of("eu-west-1", new LoggingState.Unknown("AccessDenied")));

        assertEquals(List.of("eu-west-1"), decision.regions());
    }
}
