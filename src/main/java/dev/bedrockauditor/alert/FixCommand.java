package dev.bedrockauditor.alert;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bedrockauditor.domain.CloudWatchDestination;
import dev.bedrockauditor.domain.LoggingConfiguration;
import dev.bedrockauditor.domain.S3Destination;

/**
 * The AWS CLI command that turns logging fully on in a region. The API replaces the whole configuration,
 * so a region that already logs keeps its destinations in the command.
 */
public final class FixCommand {

    static final String BUCKET_PLACEHOLDER = "YOUR-LOG-BUCKET";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] TYPE_FIELDS = {
        "textDataDeliveryEnabled", "imageDataDeliveryEnabled", "embeddingDataDeliveryEnabled",
        "videoDataDeliveryEnabled", "audioDataDeliveryEnabled"
    };

    private FixCommand() {}

    /** For a region with no destination: S3 with a placeholder bucket the reader replaces. */
    public static String enable(String region) {
        ObjectNode config = JSON.createObjectNode();
        config.putObject("s3Config").put("bucketName", BUCKET_PLACEHOLDER).put("keyPrefix", "bedrock/");
        return command(region, config);
    }

    /** For a region that logs: the same destinations, every data type on. */
    public static String completeDataTypes(String region, LoggingConfiguration current) {
        ObjectNode config = JSON.createObjectNode();
        current.s3().ifPresent(bucket -> s3(config.putObject("s3Config"), bucket));
        current.cloudWatch().ifPresent(group -> cloudWatch(config.putObject("cloudWatchConfig"), group));
        return command(region, config);
    }

    private static String command(String region, ObjectNode config) {
        for (String field : TYPE_FIELDS) {
            config.put(field, true);
        }
        return "aws bedrock put-model-invocation-logging-configuration --region " + region
                + " --logging-config '" + config + "'";
    }

    private static void s3(ObjectNode node, S3Destination bucket) {
        node.put("bucketName", bucket.bucketName());
        if (!bucket.keyPrefix().isEmpty()) {
            node.put("keyPrefix", bucket.keyPrefix());
        }
    }

    private static void cloudWatch(ObjectNode node, CloudWatchDestination group) {
        node.put("logGroupName", group.logGroupName());
        if (!group.roleArn().isEmpty()) {
            node.put("roleArn", group.roleArn());
        }
        group.largeDataBucket().ifPresent(large -> s3(node.putObject("largeDataDeliveryS3Config"), large));
    }
}
