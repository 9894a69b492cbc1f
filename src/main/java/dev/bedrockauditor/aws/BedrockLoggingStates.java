package dev.bedrockauditor.aws;

import dev.bedrockauditor.domain.CloudWatchDestination;
import dev.bedrockauditor.domain.DataType;
import dev.bedrockauditor.domain.LoggingConfiguration;
import dev.bedrockauditor.domain.LoggingState;
import dev.bedrockauditor.domain.S3Destination;
import dev.bedrockauditor.engine.LoggingStateSource;
import java.util.EnumSet;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.bedrock.model.CloudWatchConfig;
import software.amazon.awssdk.services.bedrock.model.LoggingConfig;
import software.amazon.awssdk.services.bedrock.model.S3Config;

/** Reads a region's configuration with bedrock:GetModelInvocationLoggingConfiguration. */
public final class BedrockLoggingStates implements LoggingStateSource {

    static final String ACTION = "bedrock:GetModelInvocationLoggingConfiguration";

    private final AwsClients clients;
    private final FailureReasons reasons;

    public BedrockLoggingStates(AwsClients clients, FailureReasons reasons) {
        this.clients = clients;
        this.reasons = reasons;
    }

    @Override
    public LoggingState read(String region) {
        try {
            return toState(clients.bedrock(region).getModelInvocationLoggingConfiguration(b -> {}).loggingConfig());
        } catch (SdkException e) {
            return new LoggingState.Unknown(reasons.describe(e, ACTION));
        }
    }

    /**
     * Maps Bedrock's answer: no destination (null, an empty object, or both destinations absent) is disabled,
     * and a data type the answer leaves out counts as not delivered.
     */
    public static LoggingState toState(LoggingConfig config) {
        if (config == null) {
            return new LoggingState.Disabled();
        }
        Optional<S3Destination> s3 = s3(config.s3Config());
        Optional<CloudWatchDestination> cloudWatch = cloudWatch(config.cloudWatchConfig());
        if (s3.isEmpty() && cloudWatch.isEmpty()) {
            return new LoggingState.Disabled();
        }
        EnumSet<DataType> delivered = EnumSet.noneOf(DataType.class);
        addIfTrue(delivered, DataType.TEXT, config.textDataDeliveryEnabled());
        addIfTrue(delivered, DataType.IMAGE, config.imageDataDeliveryEnabled());
        addIfTrue(delivered, DataType.EMBEDDING, config.embeddingDataDeliveryEnabled());
        addIfTrue(delivered, DataType.VIDEO, config.videoDataDeliveryEnabled());
        addIfTrue(delivered, DataType.AUDIO, config.audioDataDeliveryEnabled());
        return new LoggingState.Enabled(new LoggingConfiguration(s3, cloudWatch, delivered));
    }

    private static Optional<S3Destination> s3(S3Config config) {
        if (config == null || config.bucketName() == null || config.bucketName().isBlank()) {
            return Optional.empty();
        }
        return Optional.of(new S3Destination(config.bucketName(), config.keyPrefix()));
    }

    private static Optional<CloudWatchDestination> cloudWatch(CloudWatchConfig config) {
        if (config == null || config.logGroupName() == null || config.logGroupName().isBlank()) {
            return Optional.empty();
        }
        return Optional.of(new CloudWatchDestination(
                config.logGroupName(), config.roleArn(), s3(config.largeDataDeliveryS3Config())));
    }

    private static void addIfTrue(EnumSet<DataType> types, DataType type, Boolean enabled) {
        if (Boolean.TRUE.equals(enabled)) {
            types.add(type);
        }
    }
}
