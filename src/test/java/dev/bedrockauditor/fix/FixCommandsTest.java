package dev.bedrockauditor.fix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bedrockauditor.domain.CloudWatchDestination;
import dev.bedrockauditor.domain.DataType;
import dev.bedrockauditor.domain.Fix;
import dev.bedrockauditor.domain.LoggingConfiguration;
import dev.bedrockauditor.domain.S3Destination;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The pure parts of the fix commands: shell words, retention values, merged policies, role names. */
class FixCommandsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ACCOUNT = "111122223333";
    private static final String REGION = "eu-central-1";

    /** PutRetentionPolicy's retentionInDays: "Possible values are: 1, 3, 5, ... and 3653" (API reference). */
    private static final List<Integer> CLOUDWATCH_RETENTION_DAYS = List.of(1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180,
            365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653);

    @Test
    void aPrefixWithAQuoteAndSpacesStaysOneBashWordInTheConfigurationCommand() {
        S3Destination bucket = new S3Destination("audit-logs", "it's our logs/");
        Fix fix = FixCommands.configure("us-east-1", new LoggingConfiguration(Optional.of(bucket), Optional.empty(),
                EnumSet.of(DataType.TEXT)), "Save");

        assertEquals(List.of("aws bedrock put-model-invocation-logging-configuration --region us-east-1 --logging-config"
                + " '{\"s3Config\":{\"bucketName\":\"audit-logs\",\"keyPrefix\":\"it'\"'\"'s our logs/\"},"
                + "\"textDataDeliveryEnabled\":true,\"imageDataDeliveryEnabled\":false,\"embeddingDataDeliveryEnabled\""
                + ":false,\"videoDataDeliveryEnabled\":false,\"audioDataDeliveryEnabled\":false}'"), fix.commands());
    }

    @Test
    void quotingLeavesPlainWordsAloneAndSingleQuotesEverythingBashWouldInterpret() {
        assertEquals("audit-logs", FixCommands.quote("audit-logs"));
        assertEquals("/aws/bedrock/invocations", FixCommands.quote("/aws/bedrock/invocations"));
        assertEquals("'it'\"'\"'s our logs/'", FixCommands.quote("it's our logs/"));
        for (String word : List.of("it's our logs/", "$HOME", "a b", "*", "~", "{a,b}", "x;y", "`id`", "\"", "", "'",
                "!event", "a\\b", "#group")) {
            String quoted = FixCommands.quote(word);
            assertTrue(quoted.startsWith("'") && quoted.endsWith("'"), quoted);
            assertEquals(word, bashWord(quoted), quoted);
        }
    }

    @Test
    void everyMinimumRetentionGetsTheShortestValueCloudWatchLogsAccepts() {
        for (int min = 1; min <= 3653; min++) {
            int days = FixCommands.retentionDays(min);
            int expected = min;
            int shortest = CLOUDWATCH_RETENTION_DAYS.stream().filter(value -> value >= expected).findFirst().orElseThrow();
            assertEquals(shortest, days, "for at least " + min + " days");
        }
        assertEquals(90, FixCommands.retentionDays(90));
        assertEquals(120, FixCommands.retentionDays(100));
        assertEquals(List.of("aws logs put-retention-policy --region " + REGION + " --log-group-name /aws/bedrock/x"
                + " --retention-in-days 120"), FixCommands.keepEvents(REGION, "/aws/bedrock/x", 100).commands());
        assertThrows(IllegalArgumentException.class, () -> FixCommands.retentionDays(3654));
    }

    @Test
    void theMergedBucketPolicyKeepsOtherStatementsAndReplacesOursInsteadOfAddingASecond() throws Exception {
        S3Destination bucket = new S3Destination("audit-logs", "new/");
        JsonNode other = JSON.readTree("{\"Sid\":\"AuditorsRead\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":"
                + "\"arn:aws:iam::" + ACCOUNT + ":root\"},\"Action\":\"s3:GetObject\",\"Resource\":"
                + "\"arn:aws:s3:::audit-logs/*\"}");
        JsonNode oldOurs = JSON.readTree("{\"Sid\":\"" + FixCommands.BUCKET_STATEMENT_ID + "\",\"Effect\":\"Allow\","
                + "\"Principal\":{\"Service\":\"bedrock.amazonaws.com\"},\"Action\":\"s3:PutObject\",\"Resource\":"
                + "\"arn:aws:s3:::audit-logs/old/AWSLogs/" + ACCOUNT + "/BedrockModelInvocationLogs/*\"}");
        String current = "{\"Version\":\"2012-10-17\",\"Id\":\"kept\",\"Statement\":[" + oldOurs + "," + other + "]}";

        Fix fix = FixCommands.allowBedrockToWrite(REGION, bucket, Optional.of(current), ACCOUNT, "aws");

        JsonNode policy = JSON.readTree(lastWord(fix.commands(), "aws s3api put-bucket-policy --region " + REGION
                + " --bucket audit-logs --policy "));
        assertEquals("kept", policy.get("Id").asText());
        JsonNode statements = policy.get("Statement");
        assertEquals(2, statements.size(), statements.toString());
        assertEquals(other, statements.get(0));
        assertEquals(FixCommands.BUCKET_STATEMENT_ID, statements.get(1).get("Sid").asText());
        assertEquals("arn:aws:s3:::audit-logs/new/AWSLogs/" + ACCOUNT + "/BedrockModelInvocationLogs/*",
                statements.get(1).get("Resource").asText());
    }

    @Test
    void theMergedTrustPolicyKeepsASingleStatementObjectAndReplacesOurs() throws Exception {
        JsonNode ec2 = JSON.readTree("{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"ec2.amazonaws.com\"},"
                + "\"Action\":\"sts:AssumeRole\"}");
        String roleArn = "arn:aws:iam::" + ACCOUNT + ":role/service/x/Logging";

        Fix once = FixCommands.trustBedrock(REGION, roleArn, Optional.of("{\"Version\":\"2012-10-17\",\"Statement\":"
                + ec2 + "}"), ACCOUNT, "aws");
        String prefix = "aws iam update-assume-role-policy --region " + REGION + " --role-name Logging --policy-document ";
        String merged = lastWord(once.commands(), prefix);
        JsonNode statements = JSON.readTree(merged).get("Statement");
        assertEquals(2, statements.size(), statements.toString());
        assertEquals(ec2, statements.get(0));
        assertEquals(FixCommands.TRUST_STATEMENT_ID, statements.get(1).get("Sid").asText());

        // A trust policy that already has our statement, e.g. from an earlier run with a narrower condition.
        Fix twice = FixCommands.trustBedrock(REGION, roleArn, Optional.of(merged.replace(ACCOUNT + "\"", "999\"")),
                ACCOUNT, "aws");
        assertEquals(merged, lastWord(twice.commands(), prefix));
    }

    /**
     * Each policy a fix merges into (bucket, trust, key) gives advice, not a command, where the merged policy would
     * still refuse (a Deny written on purpose), and where the current policy is not JSON to merge into.
     */
    @Test
    void aDenyOrAnUnreadablePolicyGivesAdviceForEveryPolicyAFixMergesInto() {
        String roleArn = "arn:aws:iam::" + ACCOUNT + ":role/bedrock-logs";
        String keyArn = "arn:aws:kms:" + REGION + ":" + ACCOUNT + ":key/k-1";
        S3Destination bucket = new S3Destination("audit-logs", "");
        String denyAll = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Principal\":\"*\","
                + "\"Action\":\"*\",\"Resource\":\"*\"}]}";
        Map<String, Fix> denied = Map.of(
                "bucket", FixCommands.allowBedrockToWrite(REGION, bucket, Optional.of(denyAll), ACCOUNT, "aws"),
                "trust", FixCommands.trustBedrock(REGION, roleArn, Optional.of(denyAll), ACCOUNT, "aws"),
                "key", FixCommands.allowBedrockToUseKey(REGION, keyArn, Optional.of(denyAll), ACCOUNT, "aws"));
        Map<String, Fix> unreadable = Map.of(
                "bucket", FixCommands.allowBedrockToWrite(REGION, bucket, Optional.of("not json"), ACCOUNT, "aws"),
                "trust", FixCommands.trustBedrock(REGION, roleArn, Optional.of("not json"), ACCOUNT, "aws"),
                "key", FixCommands.allowBedrockToUseKey(REGION, keyArn, Optional.of("not json"), ACCOUNT, "aws"));

        for (String policy : List.of("bucket", "trust", "key")) {
            Fix deny = denied.get(policy);
            assertEquals(List.of(), deny.commands(), policy + ": " + deny);
            assertTrue(deny.summary().startsWith("Remove or narrow the statement of ")
                    && deny.summary().contains("statement 1 denies"), policy + ": " + deny.summary());
            Fix rewrite = unreadable.get(policy);
            assertEquals(List.of(), rewrite.commands(), policy + ": " + rewrite);
            assertTrue(rewrite.summary().startsWith("Rewrite the ") && rewrite.summary().contains("as valid JSON"),
                    policy + ": " + rewrite.summary());
        }
        assertTrue(denied.get("bucket").summary().contains("bucket audit-logs's policy"), denied.get("bucket").summary());
        assertTrue(denied.get("trust").summary().contains("role " + roleArn + "'s trust policy"),
                denied.get("trust").summary());
        assertTrue(denied.get("key").summary().contains("KMS key " + keyArn + "'s policy"), denied.get("key").summary());
    }

    @Test
    void aRoleArnWithAPathIsCreatedUnderThatPathWithItsName() {
        Fix fix = FixCommands.createRole(REGION, "arn:aws:iam::" + ACCOUNT + ":role/service/x/Name", "/aws/bedrock/x",
                ACCOUNT, "aws");

        assertTrue(fix.commands().get(0).startsWith("aws iam create-role --region " + REGION
                + " --role-name Name --path /service/x/ --assume-role-policy-document '"), fix.commands().get(0));
        assertTrue(fix.commands().get(1).startsWith("aws iam put-role-policy --region " + REGION
                + " --role-name Name --policy-name BedrockInvocationLogsTo-" + REGION + " "), fix.commands().get(1));
        assertEquals(new FixCommands.RoleName("/", "Name"), FixCommands.RoleName.of("arn:aws:iam::" + ACCOUNT
                + ":role/Name"));
        assertEquals(new FixCommands.RoleName("/service/x/", "Name"), FixCommands.RoleName.of("arn:aws-cn:iam::"
                + ACCOUNT + ":role/service/x/Name"));
    }

    /**
     * Every command names its region: IAM's too, since without --region the CLI signs for the aws partition's
     * global endpoint whatever partition the credentials belong to, and fails where an endpoint is configured.
     */
    @Test
    void everyCommandNamesTheRegion() {
        S3Destination bucket = new S3Destination("audit-logs", "");
        String roleArn = "arn:aws:iam::" + ACCOUNT + ":role/Logging";
        List<Fix> fixes = new ArrayList<>(FixCommands.turnOnLogging(REGION, ACCOUNT, "aws", EnumSet.allOf(DataType.class)));
        fixes.add(FixCommands.configure(REGION, new LoggingConfiguration(Optional.empty(), Optional.of(
                new CloudWatchDestination("/aws/bedrock/x", roleArn, Optional.empty())), EnumSet.of(DataType.TEXT)), "s"));
        fixes.add(FixCommands.allowBedrockToWrite(REGION, bucket, Optional.empty(), ACCOUNT, "aws"));
        fixes.add(FixCommands.createLogGroup(REGION, "/aws/bedrock/x", 90, ACCOUNT, "aws"));
        fixes.add(FixCommands.createRole(REGION, roleArn, "/aws/bedrock/x", ACCOUNT, "aws"));
        fixes.add(FixCommands.trustBedrock(REGION, roleArn, Optional.empty(), ACCOUNT, "aws"));
        fixes.add(FixCommands.encryptBucket(REGION, "audit-logs", ACCOUNT, "aws"));
        fixes.add(FixCommands.encryptLogGroup(REGION, "/aws/bedrock/x", ACCOUNT, "aws"));
        fixes.add(FixCommands.blockPublicAccess(REGION, "audit-logs"));
        fixes.add(FixCommands.keepVersions(REGION, "audit-logs"));
        fixes.add(FixCommands.keepEvents(REGION, "/aws/bedrock/x", 90));
        List<String> commands = fixes.stream().flatMap(fix -> fix.commands().stream()).toList();
        assertEquals(22, commands.size(), String.join("\n", commands));
        for (String command : commands) {
            assertTrue(command.replaceFirst("^KEY_ARN=\\$\\(", "").matches("aws [a-z0-9]+ [a-z-]+ --region " + REGION
                    + " .*"), command);
        }
    }

    /** The value of the command's last word, which follows {@code prefix}. */
    private static String lastWord(List<String> commands, String prefix) {
        assertEquals(1, commands.size(), commands.toString());
        assertTrue(commands.get(0).startsWith(prefix), commands.get(0));
        return bashWord(commands.get(0).substring(prefix.length()));
    }

    /** What bash makes of one word built of single-quoted parts and {@code "'"}: nothing else is expected. */
    private static String bashWord(String word) {
        StringBuilder value = new StringBuilder();
        int i = 0;
        while (i < word.length()) {
            if (word.startsWith("\"'\"", i)) {
                value.append('\'');
                i += 3;
            } else if (word.charAt(i) == '\'') {
                int end = word.indexOf('\'', i + 1);
                assertTrue(end > i, "unterminated quote in " + word);
                value.append(word, i + 1, end);
                i = end + 1;
            } else {
                throw new AssertionError("not a single-quoted word at " + i + ": " + word);
            }
        }
        return value.toString();
    }
}
