package dev.bedrockauditor.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The test matcher against the EventBridge user guide's examples of each matcher. */
class EventPatternMatcherTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EVENT = "{\"source\":\"aws.s3\",\"detail-type\":\"AWS API Call via CloudTrail\","
            + "\"resources\":[\"arn:aws:s3:::a\",\"arn:aws:s3:::b\"],\"detail\":{\"eventName\":\"PutBucketPolicy\","
            + "\"count\":5,\"readOnly\":false,\"requestParameters\":{\"bucketName\":\"logs-prod\"}}}";

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "{\"source\":[\"aws.s3\"]}|true",
        "{\"source\":[\"aws.kms\",\"aws.s3\"]}|true",
        "{\"source\":[\"aws.kms\"]}|false",
        "{\"resources\":[\"arn:aws:s3:::b\"]}|true",
        "{\"detail\":{\"eventName\":[\"PutBucketPolicy\"],\"readOnly\":[false]}}|true",
        "{\"detail\":{\"readOnly\":[true]}}|false",
        "{\"detail\":{\"count\":[5.0]}}|true",
        "{\"detail\":{\"errorCode\":[{\"exists\":false}]}}|true",
        "{\"detail\":{\"errorCode\":[{\"exists\":true}]}}|false",
        "{\"detail\":{\"requestParameters\":[{\"exists\":true}]}}|false",
        "{\"detail\":{\"missing\":[\"x\"]}}|false",
        "{\"detail\":{\"requestParameters\":{\"bucketName\":[{\"prefix\":\"logs-\"}]}}}|true",
        "{\"detail\":{\"requestParameters\":{\"bucketName\":[{\"suffix\":\"-dev\"}]}}}|false",
        "{\"detail\":{\"eventName\":[{\"anything-but\":[\"GetBucketPolicy\",\"ListBuckets\"]}]}}|true",
        "{\"detail\":{\"eventName\":[{\"anything-but\":{\"prefix\":\"Put\"}}]}}|false",
        "{\"detail\":{\"eventName\":[{\"equals-ignore-case\":\"putbucketpolicy\"}]}}|true",
        "{\"detail\":{\"eventName\":[{\"wildcard\":\"Put*Policy\"}]}}|true",
        "{\"$or\":[{\"source\":[\"aws.kms\"]},{\"detail\":{\"eventName\":[\"PutBucketPolicy\"]}}]}|true",
        "{\"$or\":[{\"source\":[\"aws.kms\"]},{\"detail\":{\"eventName\":[\"DeleteBucket\"]}}]}|false",
    })
    void matchesAsEventBridgeDocumentsIt(String pattern, boolean expected) throws Exception {
        assertEquals(expected, EventPatternMatcher.matches(JSON.readTree(pattern), JSON.readTree(EVENT)));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"{\"detail\":{\"count\":[{\"numeric\":[\">\",1]}]}}", "{\"source\":\"aws.s3\"}"})
    void aMatcherItCannotJudgeThrows(String pattern) throws Exception {
        JsonNode event = JSON.readTree(EVENT);
        assertThrows(IllegalArgumentException.class, () -> EventPatternMatcher.matches(JSON.readTree(pattern), event));
    }
}
