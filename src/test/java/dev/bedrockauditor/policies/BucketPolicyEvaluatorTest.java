package dev.bedrockauditor.policies;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bedrockauditor.testing.Reports;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Bucket policies as people write them, for a bucket "logs" with prefix "prod/", account 111122223333, us-east-1. */
class BucketPolicyEvaluatorTest {

    private static final String ACCOUNT = "111122223333";

    private static PolicyVerdict evaluate(String policy) {
        return BucketPolicyEvaluator.evaluate(policy, "logs", "prod/", ACCOUNT, "us-east-1", "aws");
    }

    private static String statement(String effect, String principal, String action, String resource, String condition) {
        return "{\"Effect\":\"" + effect + "\",\"Principal\":" + principal + ",\"Action\":" + action + ",\"Resource\":"
                + resource + (condition.isEmpty() ? "" : ",\"Condition\":" + condition) + "}";
    }

    private static String policy(String... statements) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[" + String.join(",", statements) + "]}";
    }

    private static final String BEDROCK = "{\"Service\":\"bedrock.amazonaws.com\"}";
    private static final String PUT = "\"s3:PutObject\"";
    private static final String ALL_OBJECTS = "\"arn:aws:s3:::logs/*\"";

    static Stream<Arguments> allowed() {
        return Stream.of(
                Arguments.of("AWS's setup guide", Reports.setupGuideBucketPolicy("logs", "prod/", ACCOUNT, "us-east-1")),
                Arguments.of("every object", policy(statement("Allow", BEDROCK, PUT, ALL_OBJECTS, ""))),
                Arguments.of("s3:*", policy(statement("Allow", BEDROCK, "\"s3:*\"", ALL_OBJECTS, ""))),
                Arguments.of("s3:Put*", policy(statement("Allow", BEDROCK, "[\"s3:GetObject\",\"s3:Put*\"]", ALL_OBJECTS, ""))),
                Arguments.of("any action", policy(statement("Allow", BEDROCK, "\"*\"", "\"*\"", ""))),
                Arguments.of("case-insensitive action", policy(statement("Allow", BEDROCK, "\"S3:putobject\"", ALL_OBJECTS, ""))),
                Arguments.of("principal *", policy(statement("Allow", "\"*\"", PUT, ALL_OBJECTS, ""))),
                Arguments.of("services list", policy(statement("Allow",
                        "{\"Service\":[\"logging.s3.amazonaws.com\",\"bedrock.amazonaws.com\"]}", PUT, ALL_OBJECTS, ""))),
                Arguments.of("statement as one object", "{\"Version\":\"2012-10-17\",\"Statement\":"
                        + statement("Allow", BEDROCK, PUT, ALL_OBJECTS, "") + "}"),
                Arguments.of("StringLike on the account", policy(statement("Allow", BEDROCK, PUT, ALL_OBJECTS,
                        "{\"StringLike\":{\"aws:SourceAccount\":\"1111*\"}}"))),
                Arguments.of("ArnLike on a list of regions", policy(statement("Allow", BEDROCK, PUT, ALL_OBJECTS,
                        "{\"ArnLike\":{\"aws:SourceArn\":[\"arn:aws:bedrock:eu-west-1:111122223333:*\","
                                + "\"arn:aws:bedrock:us-east-1:111122223333:*\"]}}"))),
                Arguments.of("the common TLS-only Deny", policy(statement("Allow", BEDROCK, PUT, ALL_OBJECTS, ""),
                        statement("Deny", "\"*\"", "\"s3:*\"", "[\"arn:aws:s3:::logs\",\"arn:aws:s3:::logs/*\"]",
                                "{\"Bool\":{\"aws:SecureTransport\":\"false\"}}"))),
                Arguments.of("a Deny for another prefix", policy(statement("Allow", BEDROCK, PUT, ALL_OBJECTS, ""),
                        statement("Deny", "\"*\"", PUT, "\"arn:aws:s3:::logs/other/*\"", ""))),
                Arguments.of("a Deny for everyone but Bedrock", policy(statement("Allow", BEDROCK, PUT, ALL_OBJECTS, ""),
                        "{\"Effect\":\"Deny\",\"NotPrincipal\":" + BEDROCK + ",\"Action\":" + PUT + ",\"Resource\":"
                                + ALL_OBJECTS + "}")),
                Arguments.of("NotResource elsewhere", "{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":" + BEDROCK
                        + ",\"Action\":" + PUT + ",\"NotResource\":\"arn:aws:s3:::logs/secret/*\"}]}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allowed")
    void allows(String name, String policy) {
        PolicyVerdict verdict = evaluate(policy);

        assertInstanceOf(PolicyVerdict.Allowed.class, verdict, verdict.toString());
        assertTrue(((PolicyVerdict.Allowed) verdict).how().contains("allows bedrock.amazonaws.com s3:PutObject"));
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of("a different prefix", Reports.setupGuideBucketPolicy("logs", "staging/", ACCOUNT, "us-east-1"),
                        "allows s3:PutObject only on arn:aws:s3:::logs/staging/AWSLogs/111122223333/BedrockModelInvocationLogs/*"),
                Arguments.of("another bucket", Reports.setupGuideBucketPolicy("other", "prod/", ACCOUNT, "us-east-1"),
                        "only on arn:aws:s3:::other/"),
                Arguments.of("another account", Reports.setupGuideBucketPolicy("logs", "prod/", "999999999999", "us-east-1"),
                        "statement AmazonBedrockLogsWrite"),
                Arguments.of("another region", Reports.setupGuideBucketPolicy("logs", "prod/", ACCOUNT, "eu-west-1"),
                        "only for aws:SourceArn arn:aws:bedrock:eu-west-1:111122223333:*, not"
                                + " arn:aws:bedrock:us-east-1:111122223333:"),
                Arguments.of("another service only", policy(statement("Allow",
                        "{\"Service\":\"logging.s3.amazonaws.com\"}", PUT, ALL_OBJECTS, "")),
                        "no statement allows bedrock.amazonaws.com s3:PutObject on arn:aws:s3:::logs/prod/AWSLogs/"),
                Arguments.of("another account's principal", policy(statement("Allow",
                        "{\"AWS\":\"arn:aws:iam::999999999999:root\"}", PUT, ALL_OBJECTS, "")), "no statement allows"),
                Arguments.of("reads only", policy(statement("Allow", BEDROCK, "\"s3:GetObject\"", ALL_OBJECTS, "")),
                        "names bedrock.amazonaws.com but not s3:PutObject"),
                Arguments.of("the bucket, not its objects", policy(statement("Allow", BEDROCK, PUT,
                        "\"arn:aws:s3:::logs\"", "")), "only on arn:aws:s3:::logs"),
                Arguments.of("an explicit Deny", policy(statement("Allow", BEDROCK, PUT, ALL_OBJECTS, ""),
                        "{\"Sid\":\"NoWrites\",\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"s3:PutObject\","
                                + "\"Resource\":\"arn:aws:s3:::logs/*\"}"), "statement NoWrites denies"),
                Arguments.of("a Deny for another account's requests", policy(statement("Allow", BEDROCK, PUT, ALL_OBJECTS, ""),
                        statement("Deny", BEDROCK, PUT, ALL_OBJECTS,
                                "{\"StringNotEquals\":{\"aws:SourceAccount\":\"999999999999\"}}")), "denies"),
                Arguments.of("an Allow with NotPrincipal", "{\"Statement\":[{\"Effect\":\"Allow\",\"NotPrincipal\":"
                        + "{\"AWS\":\"arn:aws:iam::111122223333:root\"},\"Action\":" + PUT + ",\"Resource\":" + ALL_OBJECTS
                        + "}]}", "no statement allows"),
                Arguments.of("an empty statement list", "{\"Version\":\"2012-10-17\",\"Statement\":[]}",
                        "no statement allows"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void refuses(String name, String policy, String reason) {
        PolicyVerdict verdict = evaluate(policy);

        assertInstanceOf(PolicyVerdict.Refused.class, verdict, verdict.toString());
        assertTrue(((PolicyVerdict.Refused) verdict).why().contains(reason), ((PolicyVerdict.Refused) verdict).why());
    }

    @Test
    void aConditionForAnotherAccountNamesBothAccounts() {
        PolicyVerdict verdict = evaluate(policy("{\"Sid\":\"AmazonBedrockLogsWrite\",\"Effect\":\"Allow\",\"Principal\":"
                + BEDROCK + ",\"Action\":" + PUT + ",\"Resource\":" + ALL_OBJECTS
                + ",\"Condition\":{\"StringEquals\":{\"aws:SourceAccount\":\"999999999999\"}}}"));

        assertEquals(new PolicyVerdict.Refused("statement AmazonBedrockLogsWrite allows bedrock.amazonaws.com only for"
                + " aws:SourceAccount 999999999999, not 111122223333", java.util.List.of()), verdict);
    }

    @Test
    void unknownConditionsAreNotedNotGuessed() {
        PolicyVerdict allowed = evaluate(policy(statement("Allow", BEDROCK, PUT, ALL_OBJECTS,
                "{\"StringEquals\":{\"s3:x-amz-acl\":\"bucket-owner-full-control\"}}")));
        assertInstanceOf(PolicyVerdict.Allowed.class, allowed);
        assertEquals("statement 1 has conditions not evaluated (StringEquals on s3:x-amz-acl)", allowed.notes().get(0));

        PolicyVerdict denyUnknown = evaluate(policy(statement("Allow", BEDROCK, PUT, ALL_OBJECTS, ""),
                statement("Deny", "\"*\"", PUT, ALL_OBJECTS, "{\"IpAddress\":{\"aws:SourceIp\":\"10.0.0.0/8\"}}")));
        assertInstanceOf(PolicyVerdict.Allowed.class, denyUnknown);
        assertTrue(denyUnknown.notes().get(0).startsWith("Deny statement 2 has conditions not evaluated"),
                denyUnknown.notes().toString());
    }

    @Test
    void thePrefixIsNormalised() {
        String forPrefix = Reports.setupGuideBucketPolicy("logs", "prod", ACCOUNT, "us-east-1");
        assertInstanceOf(PolicyVerdict.Allowed.class,
                BucketPolicyEvaluator.evaluate(forPrefix, "logs", "prod", ACCOUNT, "us-east-1", "aws"));
        String atTheTop = Reports.setupGuideBucketPolicy("logs", "", ACCOUNT, "us-east-1");
        assertInstanceOf(PolicyVerdict.Allowed.class,
                BucketPolicyEvaluator.evaluate(atTheTop, "logs", "", ACCOUNT, "us-east-1", "aws"));
        assertInstanceOf(PolicyVerdict.Refused.class,
                BucketPolicyEvaluator.evaluate(atTheTop, "logs", "prod/", ACCOUNT, "us-east-1", "aws"));
    }

    @Test
    void anotherPartitionNeedsItsOwnArns() {
        String govPolicy = policy(statement("Allow", BEDROCK, PUT, "\"arn:aws-us-gov:s3:::logs/*\"",
                "{\"ArnLike\":{\"aws:SourceArn\":\"arn:aws-us-gov:bedrock:us-gov-west-1:111122223333:*\"}}"));

        assertInstanceOf(PolicyVerdict.Allowed.class,
                BucketPolicyEvaluator.evaluate(govPolicy, "logs", "", ACCOUNT, "us-gov-west-1", "aws-us-gov"));
        assertInstanceOf(PolicyVerdict.Refused.class,
                BucketPolicyEvaluator.evaluate(govPolicy, "logs", "", ACCOUNT, "us-east-1", "aws"));
    }

    @Test
    void somethingThatIsNotAPolicyIsUnreadable() {
        assertTrue(((PolicyVerdict.Unreadable) evaluate("{\"Statement\": [")).why().startsWith("the policy is not valid"
                + " JSON"));
        assertEquals(new PolicyVerdict.Unreadable("the document has no Statement, so it is not a policy"),
                evaluate("{\"Version\":\"2012-10-17\"}"));
        assertInstanceOf(PolicyVerdict.Unreadable.class, evaluate("[]"));
    }
}
