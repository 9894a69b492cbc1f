package dev.bedrockauditor.policies;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bedrockauditor.testing.Reports;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrustPolicyEvaluatorTest {

    private static final String ACCOUNT = "111122223333";

    private static PolicyVerdict evaluate(String policy) {
        return TrustPolicyEvaluator.evaluate(policy, ACCOUNT, "us-east-1", "aws");
    }

    private static String trust(String principal, String action, String condition) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":" + principal
                + ",\"Action\":" + action + (condition.isEmpty() ? "" : ",\"Condition\":" + condition) + "}]}";
    }

    @Test
    void theSetupGuidesTrustPolicyLetsBedrockAssumeTheRole() {
        assertEquals(new PolicyVerdict.Allowed("statement 1 lets bedrock.amazonaws.com assume the role", List.of()),
                evaluate(Reports.setupGuideTrustPolicy(ACCOUNT)));
    }

    @Test
    void wildcardActionsAndSourceArnConditionsAreUnderstood() {
        assertInstanceOf(PolicyVerdict.Allowed.class, evaluate(trust("{\"Service\":\"bedrock.amazonaws.com\"}",
                "\"sts:*\"", "{\"ArnEquals\":{\"aws:SourceArn\":\"arn:aws:bedrock:us-east-1:111122223333:*\"}}")));
        assertInstanceOf(PolicyVerdict.Allowed.class, evaluate(trust("{\"Service\":[\"bedrock.amazonaws.com\"]}",
                "[\"sts:AssumeRole\",\"sts:TagSession\"]", "")));
    }

    @Test
    void aRoleForAnotherServiceIsRefused() {
        PolicyVerdict verdict = evaluate(trust("{\"Service\":\"ec2.amazonaws.com\"}", "\"sts:AssumeRole\"", ""));

        assertEquals("no statement allows bedrock.amazonaws.com sts:AssumeRole", ((PolicyVerdict.Refused) verdict).why());
    }

    @Test
    void aConditionForAnotherAccountIsRefusedNamingIt() {
        PolicyVerdict verdict = evaluate(Reports.setupGuideTrustPolicy("999999999999"));

        assertEquals("statement 1 allows bedrock.amazonaws.com only for aws:SourceAccount 999999999999, not 111122223333",
                ((PolicyVerdict.Refused) verdict).why());
    }

    @Test
    void onlyOtherStsActionsAreRefused() {
        PolicyVerdict verdict = evaluate(trust("{\"Service\":\"bedrock.amazonaws.com\"}",
                "\"sts:AssumeRoleWithWebIdentity\"", ""));

        assertTrue(((PolicyVerdict.Refused) verdict).why().contains("names bedrock.amazonaws.com but not sts:AssumeRole"));
    }

    @Test
    void theGovCloudPartitionIsUsedForSourceArns() {
        String policy = trust("{\"Service\":\"bedrock.amazonaws.com\"}", "\"sts:AssumeRole\"",
                "{\"ArnLike\":{\"aws:SourceArn\":\"arn:aws-us-gov:bedrock:*:111122223333:*\"}}");

        assertInstanceOf(PolicyVerdict.Allowed.class, TrustPolicyEvaluator.evaluate(policy, ACCOUNT, "us-gov-west-1",
                "aws-us-gov"));
        assertInstanceOf(PolicyVerdict.Refused.class, evaluate(policy));
    }
}
