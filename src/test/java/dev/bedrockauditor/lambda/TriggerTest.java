package dev.bedrockauditor.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

class TriggerTest {

    private static ScheduledEvent event(String source, String detailType) {
        return new ScheduledEvent().withSource(source).withDetailType(detailType);
    }

    @Test
    void theScheduleRunsAndNamesItsRule() {
        Trigger trigger = Trigger.of(event("aws.events", "Scheduled Event")
                .withResources(List.of("arn:aws:events:us-east-1:111122223333:rule/audit")));

        assertTrue(trigger.runs());
        assertEquals("SCHEDULED", trigger.kind());
        assertEquals("scheduled by arn:aws:events:us-east-1:111122223333:rule/audit", trigger.description());
    }

    @Test
    void aManualInvocationRunsWithOrWithoutItsSource() {
        assertEquals("MANUAL", Trigger.of(event("bedrock-logging-auditor.manual", "Manual audit")).kind());
        assertEquals("MANUAL", Trigger.of(new ScheduledEvent()).kind());
        assertEquals("MANUAL", Trigger.of(null).kind());
        assertTrue(Trigger.of(null).runs());
    }

    @Test
    void anyOtherEventIsIgnoredWithAReason() {
        Trigger s3 = Trigger.of(event("aws.s3", "Object Created"));
        Trigger otherRule = Trigger.of(event("aws.events", "Something Else"));
        Trigger noSource = Trigger.of(event(null, "Scheduled Event"));

        assertFalse(s3.runs());
        assertEquals("IGNORED", s3.kind());
        assertTrue(s3.description().startsWith("not a scheduled or manual invocation (source 'aws.s3', detail-type"
                + " 'Object Created')"), s3.description());
        assertFalse(otherRule.runs());
        assertFalse(noSource.runs());
        assertTrue(noSource.description().contains("source absent"), noSource.description());
    }
}
