package dev.bedrockauditor.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bedrockauditor.testing.Template;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The dead man's switch counts scheduled runs only. Lambda's metrics carry a Resource dimension per alias or
 * version invoked: the schedule (and a run by hand) invokes the live alias, the change queue the published
 * version, so change runs, which any bucket edit in the account can cause, never keep the alarm quiet.
 */
class MissedRunAlarmTest {

    private static final Template TEMPLATE = Template.load();

    /** The resource with its functions in long form ({"Ref": ...}), as CloudFormation reads them. */
    private static JsonNode resource(String logicalId) {
        JsonNode resource = TEMPLATE.longForm().path("Resources").path(logicalId);
        assertTrue(resource.isObject(), "template.yaml has no resource " + logicalId);
        return resource;
    }

    @Test
    void theAlarmCountsOnlyInvocationsOfTheLiveAlias() {
        JsonNode metrics = resource("AuditorMissedRunsAlarm").path("Properties").path("Metrics");
        List<String> counted = new ArrayList<>();
        for (JsonNode metric : metrics) {
            JsonNode stat = metric.path("MetricStat");
            if (stat.isMissingNode()) {
                continue;
            }
            counted.add(stat.path("Metric").path("MetricName").asText());
            JsonNode dimensions = stat.path("Metric").path("Dimensions");
            assertEquals(2, dimensions.size(), metric.toString());
            assertEquals("FunctionName", dimensions.path(0).path("Name").asText());
            assertEquals("AuditorFunction", dimensions.path(0).path("Value").path("Ref").asText());
            assertEquals("Resource", dimensions.path(1).path("Name").asText());
            assertEquals("${AuditorFunction}:live", dimensions.path(1).path("Value").path("Fn::Sub").asText());
        }
        assertEquals(List.of("Invocations", "Errors"), counted);
        assertEquals("live", resource("AuditorFunction").path("Properties").path("AutoPublishAlias").asText());
    }

    @Test
    void changeRunsInvokeThePublishedVersionNotTheAlias() {
        JsonNode events = resource("AuditorFunction").path("Properties").path("Events");
        List<String> types = new ArrayList<>();
        events.forEach(event -> types.add(event.path("Type").asText()));
        assertEquals(List.of("Schedule"), types, "through the alias: the schedule alone");

        JsonNode mapping = resource("ChangeEventsMapping");
        assertEquals("AWS::Lambda::EventSourceMapping", mapping.path("Type").asText());
        assertEquals("AuditorFunction.Version", mapping.path("Properties").path("FunctionName").path("Ref").asText());
        assertEquals("ChangeQueue", mapping.path("Properties").path("EventSourceArn").path("Fn::GetAtt").path(0)
                .asText());
        assertTrue(mapping.path("Properties").path("ScalingConfig").path("MaximumConcurrency").asInt() >= 2);
    }
}
