package dev.bedrockauditor.testing;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Assumptions;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3control.S3ControlClient;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A real {@code moto_server} (the AWS API emulator) for integration tests: started once per test JVM on a
 * free loopback port, polled until it answers, reset before every test, stopped when the run ends.
 *
 * <p>Without {@code moto_server} on the PATH the tests are skipped with a loud message, so a machine with
 * only a JDK and Maven (e.g. {@code sam build}) still builds. In CI its absence fails the run instead: when
 * {@code REQUIRE_MOTO=true}, or when {@code CI} is set and {@code REQUIRE_MOTO} is not {@code false}.
 */
public final class MotoServer implements BeforeAllCallback, BeforeEachCallback, ParameterResolver {

    /** moto serves the account this header names, so one server holds many accounts, each apart. */
    public static final String ACCOUNT_HEADER = "x-moto-account-id";

    private static final String STORE_KEY = "moto-server";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final URI endpoint;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** JUnit's constructor for {@code @ExtendWith(MotoServer.class)}; the real server lives in the root store. */
    public MotoServer() {
        this.process = null;
        this.endpoint = null;
    }

    private MotoServer(Process process, URI endpoint) {
        this.process = process;
        this.endpoint = endpoint;
    }

    /** The base URL, e.g. {@code http://127.0.0.1:40123}. */
    public URI endpoint() {
        return endpoint;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        server(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        server(context).reset();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == MotoServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return server(context);
    }

    /** An SDK client for seeding and reading back state in moto, outside the code under test. */
    public <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C client(B builder, String region) {
        return client(builder, region, endpoint, config -> { });
    }

    /** Such a client for one of moto's accounts, which moto takes from the {@value #ACCOUNT_HEADER} header. */
    public <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C client(B builder, String region,
            String accountId) {
        return client(builder, region, endpoint, config -> config.putHeader(ACCOUNT_HEADER, accountId));
    }

    /** An S3 Control client: its calls go to ACCOUNT.s3-control.moto.test (see {@link CommandRun#s3ControlEndpoint}). */
    public S3ControlClient s3Control(String region) {
        return client(S3ControlClient.builder(), region, URI.create(CommandRun.s3ControlEndpoint(endpoint)),
                config -> { });
    }

    private <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C client(B builder, String region,
            URI endpoint, Consumer<ClientOverrideConfiguration.Builder> more) {
        return builder.endpointOverride(endpoint)
                .region(Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(config -> more.accept(
                        config.putExecutionAttribute(OperationRecorder.TEST_CLIENT, true)))
                .build();
    }

    /** Forgets every resource in every region. */
    public void reset() throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(endpoint.resolve("/moto-api/reset"))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("moto reset answered " + response.statusCode() + ": " + response.body());
        }
    }

    private static MotoServer server(ExtensionContext context) {
        ExtensionContext.Store store = context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL);
        return store.getOrComputeIfAbsent(STORE_KEY, key -> start(), Running.class).server();
    }

    /** Closed by JUnit when the whole run ends. */
    private record Running(MotoServer server) implements AutoCloseable {
        @Override
        public void close() {
            server.stop();
        }
    }

    private static Running start() {
        Optional<Path> executable = findOnPath("moto_server");
        if (executable.isEmpty()) {
            String message = "moto_server is not on the PATH: the integration tests against the AWS emulator"
                    + " cannot run (install it with: pip install 'moto[server]==5.2.1')";
            if (motoRequired()) {
                throw new IllegalStateException(message + "; this run requires them (CI or REQUIRE_MOTO is set)");
            }
            System.err.println();
            System.err.println("!!!!!!!! SKIPPED: " + message + " !!!!!!!!");
            System.err.println();
            Assumptions.abort(message);
        }
        try {
            int port = freePort();
            Path log = Files.createTempFile("moto-server-", ".log");
            Process process = new ProcessBuilder(executable.get().toString(), "-H", "127.0.0.1", "-p",
                    Integer.toString(port))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            MotoServer server = new MotoServer(process, URI.create("http://127.0.0.1:" + port));
            server.awaitReady(log);
            return new Running(server);
        } catch (IOException e) {
            throw new IllegalStateException("could not start moto_server: " + e.getMessage(), e);
        }
    }

    private void awaitReady(Path log) throws IOException {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("moto_server exited with " + process.exitValue() + ": "
                        + Files.readString(log));
            }
            try {
                HttpResponse<Void> response = http.send(
                        HttpRequest.newBuilder(endpoint.resolve("/moto-api/")).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for moto_server", e);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for moto_server", e);
            }
        }
        stop();
        throw new IllegalStateException("moto_server did not answer within " + START_TIMEOUT + ": "
                + Files.readString(log));
    }

    private void stop() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    static boolean motoRequired() {
        String required = System.getenv("REQUIRE_MOTO");
        if (required != null && !required.isBlank()) {
            return !required.trim().equalsIgnoreCase("false");
        }
        String ci = System.getenv("CI");
        return ci != null && !ci.isBlank() && !ci.trim().equalsIgnoreCase("false");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static Optional<Path> findOnPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
