package dev.bedrockauditor.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bedrockauditor.domain.DataType;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AuditSettingsTest {

    @Test
    void defaultsDiscoverRegionsAndRequireEveryDataType() {
        AuditSettings settings = AuditSettings.resolve(Map.of(), Map.of());

        assertEquals(Optional.empty(), settings.regions());
        assertEquals(EnumSet.allOf(DataType.class), settings.requiredDataTypes());
        assertEquals(64, settings.maxConcurrency());
        assertEquals(Duration.ofSeconds(5), settings.attemptTimeout());
        assertEquals(Duration.ofSeconds(20), settings.callTimeout());
        assertEquals(90, settings.minLogRetentionDays());
    }

    @Test
    void environmentVariablesAreRead() {
        AuditSettings settings = AuditSettings.resolve(Map.of(), Map.of(
                "AUDIT_REGIONS", " us-east-1, EU-WEST-1 ",
                "REQUIRED_DATA_TYPES", "text,Image",
                "AUDIT_MAX_CONCURRENCY", "3",
                "AUDIT_ATTEMPT_TIMEOUT_SECONDS", "2.5",
                "AUDIT_CALL_TIMEOUT_SECONDS", "10"));

        assertEquals(List.of("us-east-1", "eu-west-1"), settings.regions().orElseThrow().names());
        assertEquals("AUDIT_REGIONS", settings.regions().orElseThrow().inputName());
        assertEquals(Set.of(DataType.TEXT, DataType.IMAGE), settings.requiredDataTypes());
        assertEquals(3, settings.maxConcurrency());
        assertEquals(Duration.ofMillis(2500), settings.attemptTimeout());
        assertEquals(Duration.ofSeconds(10), settings.callTimeout());
    }

    @Test
    void aFlagWinsOverItsVariable() {
        AuditSettings settings = AuditSettings.resolve(
                Map.of(Setting.REGIONS, "us-west-2"), Map.of("AUDIT_REGIONS", "us-east-1"));

        assertEquals(List.of("us-west-2"), settings.regions().orElseThrow().names());
        assertEquals("--regions", settings.regions().orElseThrow().inputName());
    }

    @Test
    void anEmptyVariableCountsAsUnsetAsSamPassesEmptyParameters() {
        AuditSettings settings = AuditSettings.resolve(Map.of(), Map.of("AUDIT_REGIONS", "", "REQUIRED_DATA_TYPES", " "));

        assertEquals(Optional.empty(), settings.regions());
        assertEquals(EnumSet.allOf(DataType.class), settings.requiredDataTypes());
    }

    @Test
    void duplicateRegionsAreListedOnce() {
        AuditSettings settings = AuditSettings.resolve(Map.of(Setting.REGIONS, "us-east-1,us-east-1"), Map.of());

        assertEquals(List.of("us-east-1"), settings.regions().orElseThrow().names());
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "AUDIT_REGIONS|us-east-1,,eu-west-1|AUDIT_REGIONS has an empty region",
        "AUDIT_REGIONS|us_east_1|AUDIT_REGIONS has 'us_east_1', which is not a region name",
        "AUDIT_REGIONS|eu-west-1;us-east-1|AUDIT_REGIONS has 'eu-west-1;us-east-1'",
        "REQUIRED_DATA_TYPES|TEXT,PDF|REQUIRED_DATA_TYPES has 'PDF', which is not a data type; accepted: TEXT, IMAGE, EMBEDDING, VIDEO, AUDIO",
        "AUDIT_MAX_CONCURRENCY|0|AUDIT_MAX_CONCURRENCY is '0'; expected a whole number from 1 to 64",
        "AUDIT_MAX_CONCURRENCY|65|AUDIT_MAX_CONCURRENCY is '65'; expected a whole number from 1 to 64",
        "AUDIT_MAX_CONCURRENCY|eight|AUDIT_MAX_CONCURRENCY is 'eight'; expected a whole number from 1 to 64",
        "AUDIT_ATTEMPT_TIMEOUT_SECONDS|0|AUDIT_ATTEMPT_TIMEOUT_SECONDS is '0'; expected seconds from 0.1 to 120",
        "AUDIT_ATTEMPT_TIMEOUT_SECONDS|5s|AUDIT_ATTEMPT_TIMEOUT_SECONDS is '5s'; expected seconds from 0.1 to 120",
        "AUDIT_CALL_TIMEOUT_SECONDS|601|AUDIT_CALL_TIMEOUT_SECONDS is '601'; expected seconds from 0.1 to 600",
        "AUDIT_CALL_TIMEOUT_SECONDS|2|AUDIT_CALL_TIMEOUT_SECONDS (2s) must be at least --attempt-timeout (default) (5s)",
        "MIN_LOG_RETENTION_DAYS|0|MIN_LOG_RETENTION_DAYS is '0'; expected a whole number from 1 to 3653",
        "MIN_LOG_RETENTION_DAYS|ninety|MIN_LOG_RETENTION_DAYS is 'ninety'; expected a whole number from 1 to 3653",
        "FINDINGS_REGION|eu west 1|FINDINGS_REGION has 'eu west 1', which is not a region name",
        "FINDINGS_REGION|EU-WEST-1x|FINDINGS_REGION has 'EU-WEST-1x', which is not a region name",
        "AUDIT_REGIONS|us-east-1, EU_WEST-1|AUDIT_REGIONS has 'EU_WEST-1', which is not a region name",
        "ALERT_ON|SOMETIMES|ALERT_ON is 'SOMETIMES'; accepted: CHANGES, FAILURES, ALWAYS, NEVER",
        "ALERT_ON|Weekly|ALERT_ON is 'Weekly'; accepted",
        "REQUIRED_DATA_TYPES|text,Pdf|REQUIRED_DATA_TYPES has 'Pdf', which is not a data type",
        "ALERT_TOPIC_ARN|arn:aws:sqs:us-east-1:111122223333:q|ALERT_TOPIC_ARN is 'arn:aws:sqs:us-east-1:111122223333:q', which is not an SNS topic ARN",
        "ALERT_TOPIC_ARN|alerts|ALERT_TOPIC_ARN is 'alerts', which is not an SNS topic ARN; expected arn:aws:sns:REGION:ACCOUNT_ID:TOPIC_NAME",
        "ALERT_TOPIC_ARN|arn:aws:sns:us-east-1:111122223333:alerts.fifo|ALERT_TOPIC_ARN names the FIFO topic 'alerts.fifo'",
        "CHANGE_DETECTION_RULE|bedrock logging changes|CHANGE_DETECTION_RULE is 'bedrock logging changes', which is not an EventBridge rule name; expected 1 to 64 letters, digits, '.', '-' or '_'",
        "CHANGE_DETECTION_RULE|default/bedrock-changes|CHANGE_DETECTION_RULE is 'default/bedrock-changes', which is not an EventBridge rule name",
        "CHANGE_DETECTION_RULE|arn:aws:events:us-east-1:111122223333:rule/changes|CHANGE_DETECTION_RULE is 'arn:aws:events:us-east-1:111122223333:rule/changes', which is not an EventBridge rule name",
        "CHANGE_DETECTION_RULE|r0123456789012345678901234567890123456789012345678901234567890123|CHANGE_DETECTION_RULE is 'r0123456789012345678901234567890123456789012345678901234567890123', which is not an EventBridge rule name",
        "AUDIT_ORGANIZATION|yes|AUDIT_ORGANIZATION is 'yes'; accepted: true or false",
        "AUDIT_ORGANIZATION|1|AUDIT_ORGANIZATION is '1'; accepted: true or false",
        "AUDIT_ORGANIZATION|on|AUDIT_ORGANIZATION is 'on'; accepted: true or false",
        "AUDIT_ORGANIZATION|truee|AUDIT_ORGANIZATION is 'truee'; accepted: true or false",
        "AUDIT_ACCOUNTS|123|AUDIT_ACCOUNTS names '123', which is not an AWS account id; expected exactly 12 digits",
        "AUDIT_EXCLUDE_ACCOUNTS|4444-5555-6666|AUDIT_EXCLUDE_ACCOUNTS names '4444-5555-6666', which is not an AWS account id",
    })
    void aBadVariableIsAnErrorNamingItAndWhatItAccepts(String variable, String value, String message) {
        ConfigurationException error = assertThrows(ConfigurationException.class,
                () -> AuditSettings.resolve(Map.of(), Map.of(variable, value)));

        assertTrue(error.getMessage().startsWith(message), error.getMessage());
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
        "REGIONS|''|--regions is empty; give at least one region",
        "REQUIRED_DATA_TYPES|,|--required-data-types has an empty data type",
        "MAX_CONCURRENCY|-1|--max-concurrency is '-1'",
        "ATTEMPT_TIMEOUT|abc|--attempt-timeout is 'abc'; expected seconds from 0.1 to 120",
        "CHANGE_DETECTION_RULE|changes*|--change-detection-rule is 'changes*', which is not an EventBridge rule name",
        "ACCOUNTS|1111|--accounts names '1111', which is not an AWS account id; expected exactly 12 digits",
        "ACCOUNTS|111122223333,4444|--accounts names '4444', which is not an AWS account id",
        "ACCOUNTS|1111222233334|--accounts names '1111222233334', which is not an AWS account id",
        "ACCOUNTS|1111-2222-3333|--accounts names '1111-2222-3333', which is not an AWS account id",
        "ACCOUNTS|11112222333a|--accounts names '11112222333a', which is not an AWS account id",
        "ACCOUNTS|111122223333 444455556666|--accounts names '111122223333 444455556666', which is not an AWS account id",
        "ACCOUNTS|111122223333,,444455556666|--accounts is '111122223333,,444455556666': entry 2 is empty",
        "ACCOUNTS|111122223333,|--accounts is '111122223333,': entry 2 is empty",
        "ACCOUNTS|,111122223333|--accounts is ',111122223333': entry 1 is empty",
        "ACCOUNTS|111122223333, ,444455556666|--accounts is '111122223333, ,444455556666': entry 2 is empty",
        "ACCOUNTS|111122223333,444455556666,111122223333|--accounts names account 111122223333 twice",
        "ACCOUNTS|111122223333, 111122223333 |--accounts names account 111122223333 twice",
    })
    void aBadFlagIsAnErrorNamingIt(Setting setting, String value, String message) {
        ConfigurationException error = assertThrows(ConfigurationException.class,
                () -> AuditSettings.resolve(Map.of(setting, value), Map.of()));

        assertTrue(error.getMessage().startsWith(message), error.getMessage());
    }

    @Test
    void changeDetectionIsOffUnlessARuleIsNamedAndTakesEveryNameEventBridgeAccepts() {
        assertEquals(Optional.empty(), AuditSettings.resolve(Map.of(), Map.of()).changeDetectionRule());
        assertEquals(Optional.empty(), AuditSettings.resolve(Map.of(), Map.of("CHANGE_DETECTION_RULE", " "))
                .changeDetectionRule(), "an empty variable, as SAM passes an empty parameter, leaves it off");

        assertEquals(Optional.of("bedrock-logging-auditor-changes"), AuditSettings.resolve(Map.of(),
                Map.of("CHANGE_DETECTION_RULE", "bedrock-logging-auditor-changes")).changeDetectionRule());
        String longest = "A.b-c_9" + "x".repeat(57);
        assertEquals(64, longest.length());
        assertEquals(Optional.of(longest), AuditSettings.resolve(Map.of(Setting.CHANGE_DETECTION_RULE, longest),
                Map.of("CHANGE_DETECTION_RULE", "other")).changeDetectionRule(), "the flag wins");
    }

    @Test
    void publishingSettingsAreReadAndDefaultToEachRegionNoTopicAndChanges() {
        AuditSettings defaults = AuditSettings.resolve(Map.of(), Map.of());
        assertEquals(Optional.empty(), defaults.findingsRegion());
        assertEquals(Optional.empty(), defaults.alertTopic());
        assertEquals(AlertOn.CHANGES, defaults.alertOn());

        AuditSettings settings = AuditSettings.resolve(Map.of(Setting.ALERT_ON, "failures"), Map.of(
                "FINDINGS_REGION", "EU-CENTRAL-1",
                "ALERT_TOPIC_ARN", "arn:aws-us-gov:sns:us-gov-west-1:111122223333:bedrock-alerts",
                "ALERT_ON", "NEVER"));
        assertEquals(new AuditSettings.NamedRegion("eu-central-1", "FINDINGS_REGION", "EU-CENTRAL-1"),
                settings.findingsRegion().orElseThrow());
        TopicArn topic = settings.alertTopic().orElseThrow();
        assertEquals("aws-us-gov", topic.partition());
        assertEquals("us-gov-west-1", topic.region());
        assertEquals("111122223333", topic.accountId());
        assertEquals("bedrock-alerts", topic.name());
        assertEquals(AlertOn.FAILURES, settings.alertOn(), "the flag wins");
    }

    @Test
    void callTimeoutBelowAttemptTimeoutNamesBothInputs() {
        ConfigurationException error = assertThrows(ConfigurationException.class, () -> AuditSettings.resolve(
                Map.of(Setting.CALL_TIMEOUT, "3"), Map.of("AUDIT_ATTEMPT_TIMEOUT_SECONDS", "4")));

        assertEquals("--call-timeout (3s) must be at least AUDIT_ATTEMPT_TIMEOUT_SECONDS (4s): one call includes"
                + " at least one attempt", error.getMessage());
    }
}
