package dev.bedrockauditor.aws;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.account.AccountClient;
import software.amazon.awssdk.services.bedrock.BedrockClient;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3control.S3ControlClient;
import software.amazon.awssdk.services.s3control.endpoints.S3ControlEndpointProvider;
import software.amazon.awssdk.services.securityhub.SecurityHubClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.utils.IoUtils;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * Builds the SDK clients once and shares what can be shared: one HTTP client, one credentials provider
 * (so credentials are resolved once, not per region), and one override configuration with explicit
 * timeouts and the SDK's standard retry strategy, which also retries a reply that cannot be read (see
 * {@link UnreadableReplies}) and a request its attempt timeout aborted, however the HTTP client fails then (see
 * {@link AbortSafeHttpClient}). Clients are cached per service and region, so a warm Lambda reuses them. In
 * organization mode each member account gets its own set ({@link #forAccount}) over the same HTTP client,
 * timers and configuration, with the member role's credentials.
 */
public final class AwsClients implements AutoCloseable {

    /** Connecting should be quick; a slow connect is a network problem, not a slow service. */
    private static final Duration MAX_CONNECT_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration SOCKET_TIMEOUT_MARGIN = Duration.ofSeconds(1);

    /** The standard retry mode's attempts (AWS SDKs and Tools reference guide), which the README documents. */
    private static final int STANDARD_ATTEMPTS = 3;

    /** Timeout timers only fire and cancel: two threads serve every client. */
    private static final int TIMER_THREADS = 2;

    private final SdkHttpClient http;
    private final AwsCredentialsProvider credentials;
    private final ScheduledExecutorService timers;
    private final ClientOverrideConfiguration overrides;
    private final Map<String, SdkAutoCloseable> clients = new ConcurrentHashMap<>();
    /** Security Hub CSPM's clients, by the name {@link #closeAllBut} knows them. */
    public static final String SECURITY_HUB = "securityhub";

    /** Whether closing this set closes the HTTP client, timers and credentials (false for a member account's). */
    private final boolean ownsShared;

    private AwsClients(AwsClients shared, AwsCredentialsProvider credentials) {
        this.http = shared.http;
        this.timers = shared.timers;
        this.overrides = shared.overrides;
        this.credentials = credentials;
        this.ownsShared = false;
    }

    public AwsClients(Duration attemptTimeout, Duration callTimeout, List<ExecutionInterceptor> interceptors) {
        this(attemptTimeout, callTimeout, interceptors, urlConnection(attemptTimeout));
    }

    /** Over another HTTP client (tests give one that shows how the URL-connection client fails when aborted). */
    AwsClients(Duration attemptTimeout, Duration callTimeout, List<ExecutionInterceptor> interceptors,
            SdkHttpClient transport) {
        // Before any client reads XML: the SDK asks for its StAX factory once per thread (see the class).
        PerParseXmlInputFactory.install();
        this.http = new AbortSafeHttpClient(transport);
        this.credentials = DefaultCredentialsProvider.builder().build();
        // Each client would otherwise start a pool of five threads of its own for its timeouts: with a client per
        // service and region, hundreds of threads that hold memory and do nothing.
        AtomicInteger timer = new AtomicInteger();
        this.timers = Executors.newScheduledThreadPool(TIMER_THREADS, runnable -> {
            Thread thread = new Thread(runnable, "aws-timeouts-" + timer.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        List<ExecutionInterceptor> all = new ArrayList<>();
        all.add(new UnreadableReplies());
        all.addAll(interceptors);
        this.overrides = ClientOverrideConfiguration.builder()
                .scheduledExecutorService(timers)
                // The standard attempts and backoff; an unreadable reply is one more reason to try again. Given as
                // a mode and a configurator, so every client builds a strategy of its own: one instance shared by
                // hundreds of clients would share one retry token bucket, and a burst of failures in one service or
                // region would leave the others unretried.
                .retryStrategy(RetryMode.STANDARD)
                .retryStrategy(strategy -> strategy.maxAttempts(STANDARD_ATTEMPTS)
                        .retryOnException(UnreadableReplies::isUnreadable))
                .apiCallAttemptTimeout(attemptTimeout)
                .apiCallTimeout(callTimeout)
                .executionInterceptors(all)
                .build();
        this.ownsShared = true;
    }

    private static SdkHttpClient urlConnection(Duration attemptTimeout) {
        Duration connect = attemptTimeout.compareTo(MAX_CONNECT_TIMEOUT) < 0 ? attemptTimeout : MAX_CONNECT_TIMEOUT;
        return UrlConnectionHttpClient.builder()
                .connectionTimeout(connect)
                // A backstop only: the SDK's attempt timeout fires first and reports itself clearly.
                .socketTimeout(attemptTimeout.plus(SOCKET_TIMEOUT_MARGIN))
                .build();
    }

    /** Another set of clients with these credentials, closed on its own without closing what it shares. */
    public AwsClients sameAccount() {
        return new AwsClients(this, credentials);
    }

    /**
     * Clients that act as another account, through credentials for it (the member role's); closing them closes
     * their clients only, and never the credentials, which belong to the caller.
     */
    public AwsClients forAccount(AwsCredentialsProvider memberCredentials) {
        return new AwsClients(this, memberCredentials);
    }

    public BedrockClient bedrock(String region) {
        return client("bedrock", region, r -> configure(BedrockClient.builder(), r));
    }

    public StsClient sts(String region) {
        return client("sts", region, r -> configure(StsClient.builder(), r));
    }

    public AccountClient account(String region) {
        return client("account", region, r -> configure(AccountClient.builder(), r));
    }

    public SecurityHubClient securityHub(String region) {
        return client(SECURITY_HUB, region, r -> configure(SecurityHubClient.builder(), r));
    }

    public SnsClient sns(String region) {
        return client("sns", region, r -> configure(SnsClient.builder(), r));
    }

    /**
     * An S3 client that follows a bucket to its own region (to tell where it is), and addresses buckets by
     * path when an endpoint is configured, since emulators (moto, LocalStack, MinIO) serve no bucket hostnames.
     */
    public S3Client s3(String region) {
        return client("s3", region, r -> configure(S3Client.builder()
                .crossRegionAccessEnabled(true)
                .forcePathStyle(EndpointOverride.configuredFor("S3")), r));
    }

    public CloudWatchLogsClient logs(String region) {
        return client("logs", region, r -> configure(CloudWatchLogsClient.builder(), r));
    }

    public KmsClient kms(String region) {
        return client("kms", region, r -> configure(KmsClient.builder(), r));
    }

    /**
     * S3 Control, for account-level S3 settings; its endpoint names the account (ACCOUNT.s3-control...), except
     * on a local emulator's address, which cannot take the prefix (see {@link LocalS3ControlEndpoints}).
     */
    public S3ControlClient s3Control(String region) {
        return client("s3control", region, r -> configure(S3ControlClient.builder()
                .endpointProvider(new LocalS3ControlEndpoints(S3ControlEndpointProvider.defaultProvider())), r));
    }

    public CloudTrailClient cloudTrail(String region) {
        return client("cloudtrail", region, r -> configure(CloudTrailClient.builder(), r));
    }

    public EventBridgeClient events(String region) {
        return client("events", region, r -> configure(EventBridgeClient.builder(), r));
    }

    /** Organizations has one endpoint per partition, which the SDK picks from any region of it. */
    public OrganizationsClient organizations(String region) {
        return client("organizations", region, r -> configure(OrganizationsClient.builder(), r));
    }

    /** IAM is global: any region of the partition reaches its one endpoint. */
    public IamClient iam(String region) {
        return client("iam", region, r -> configure(IamClient.builder(), r));
    }

    @SuppressWarnings("unchecked")
    private <C extends SdkAutoCloseable> C client(String service, String region, Function<String, C> build) {
        return (C) clients.computeIfAbsent(service + " " + region, key -> build.apply(region));
    }

    private <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C configure(B builder, String region) {
        return builder.region(Region.of(region))
                .httpClient(http)
                .credentialsProvider(credentials)
                .overrideConfiguration(overrides)
                .build();
    }

    /**
     * Closes every client but those of the services named, which later calls still need (an organization run
     * keeps each account's Security Hub CSPM clients until its findings are delivered, and frees the rest as soon
     * as its audit is done); a client closed here is built again if asked for.
     */
    public void closeAllBut(Set<String> services) {
        clients.entrySet().removeIf(entry -> {
            if (services.contains(entry.getKey().substring(0, entry.getKey().indexOf(' ')))) {
                return false;
            }
            IoUtils.closeQuietly(entry.getValue(), null);
            return true;
        });
    }

    /** Closes every client, then what they share (HTTP client, timers, credentials), which clients never close. */
    @Override
    public void close() {
        clients.values().forEach(client -> IoUtils.closeQuietly(client, null));
        clients.clear();
        if (!ownsShared) {
            return;
        }
        http.close();
        timers.shutdownNow();
        if (credentials instanceof AutoCloseable closeable) {
            IoUtils.closeQuietly(closeable, null);
        }
    }
}
