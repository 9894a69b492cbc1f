package dev.bedrockauditor.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bedrockauditor.testing.Template;
import dev.bedrockauditor.testing.TemplateConditions;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * template.yaml's conditions, evaluated as CloudFormation would where a user deploys it: SnapStart only where
 * Lambda offers it (elsewhere the deployment would fail), and an email subscription only for an address given.
 */
class DeploymentConditionsTest {

    private static final Template TEMPLATE = Template.load();

    @Test
    void snapStartIsAskedForOnlyWhereLambdaOffersIt() {
        for (String region : new String[] {"us-east-1", "eu-central-1", "ap-northeast-2", "sa-east-1"}) {
            assertTrue(conditions(Map.of(), "aws", region).condition("SnapStartOffered"), region);
        }
        assertFalse(conditions(Map.of(), "aws", "ap-east-2").condition("SnapStartOffered"), "Asia Pacific (Taipei)");
        assertFalse(conditions(Map.of(), "aws", "ap-southeast-6").condition("SnapStartOffered"), "Asia Pacific (New Zealand)");
        assertFalse(conditions(Map.of(), "aws-cn", "cn-north-1").condition("SnapStartOffered"), "China");
        assertFalse(conditions(Map.of(), "aws-us-gov", "us-gov-west-1").condition("SnapStartOffered"), "GovCloud");

        JsonNode snapStart = TEMPLATE.longForm().path("Resources").path("AuditorFunction").path("Properties")
                .path("SnapStart").path("Fn::If");
        assertEquals("SnapStartOffered", snapStart.path(0).asText(), "the function's SnapStart follows the condition");
        assertEquals("PublishedVersions", snapStart.path(1).path("ApplyOn").asText());
        assertEquals("AWS::NoValue", snapStart.path(2).path("Ref").asText(), "and is left out elsewhere");
    }

    @Test
    void theEmailSubscriptionExistsOnlyForAnAddressGiven() {
        assertFalse(conditions(Map.of(), "aws", "us-east-1").condition("HasAlertEmail"), "no address by default");
        assertTrue(conditions(Map.of("AlertEmail", "secops@example.com"), "aws", "us-east-1").condition("HasAlertEmail"));
        assertEquals("HasAlertEmail", TEMPLATE.resource("AlertEmailSubscription").path("Condition").asText());
    }

    @Test
    void aConditionOrParameterTheTemplateLacksIsAnErrorNotFalse() {
        assertThrows(AssertionError.class, () -> conditions(Map.of(), "aws", "us-east-1").condition("NoSuchCondition"));
        assertThrows(AssertionError.class, () -> conditions(Map.of("NoSuchParameter", "x"), "aws", "us-east-1"));
    }

    private static TemplateConditions conditions(Map<String, String> parameters, String partition, String region) {
        return new TemplateConditions(TEMPLATE, parameters, partition, region);
    }
}
