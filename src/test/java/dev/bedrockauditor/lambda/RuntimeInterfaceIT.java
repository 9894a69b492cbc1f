package dev.bedrockauditor.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bedrockauditor.testing.JavaProcess;
import com.amazonaws.services.lambda.runtime.LambdaRuntime;
import com.amazonaws.services.lambda.runtime.api.client.AWSLambda;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bedrockauditor.testing.MotoServer;
import dev.bedrockauditor.testing.Template;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.utilslite.SdkInternalThreadLocal;

/**
 * The closest thing to Lambda without Docker or an account: AWS's Runtime Interface Client, in its own JVM,
 * loads the handler the template names from the packaged jar and runs invocations it fetches from a Runtime
 * API served by the test, with the template's environment and moto_server as AWS.
 *
 * <p>Laid out as Lambda lays out a function: the runtime client and its dependencies on the JVM's class
 * path, the function's jar under {@code lib/} of the task root (the working directory), loaded by the
 * runtime client's own class loader.
 */
@ExtendWith(MotoServer.class)
class RuntimeInterfaceIT {

    private static final Template TEMPLATE = Template.load();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration START = Duration.ofSeconds(60);
    private static final Duration AUDIT = Duration.ofSeconds(120);
    /** Where the runtime client loads its JNI library from, instead of unpacking it to a fixed /tmp file. */
    private static final String NATIVE_CLIENT_PROPERTY =
            "com.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI";

    /** Lambda's /var/task. */
    @TempDir
    Path taskRoot;

    @TempDir
    Path nativeLibrary;

    private AuditedAccount account;
    private RuntimeApiServer runtimeApi;
    private JavaProcess runtime;

    @BeforeEach
    void seed(MotoServer moto) throws IOException {
        // The runtime client's JNI library exists for Linux only, as Lambda itself.
        Assumptions.assumeTrue(System.getProperty("os.name").startsWith("Linux"),
                "AWS's Runtime Interface Client runs on Linux only");
        account = AuditedAccount.seed(moto);
        runtimeApi = new RuntimeApiServer();
        Files.createDirectories(taskRoot.resolve("lib"));
        Files.copy(JavaProcess.JAR, taskRoot.resolve("lib").resolve(JavaProcess.JAR.getFileName()));
    }

    @AfterEach
    void stop() {
        if (runtime != null) {
            runtime.close();
        }
        if (runtimeApi != null) {
            runtimeApi.close();
        }
    }

    /** What Lambda sets for this function: the template's variables, the runtime's own, and moto as AWS. */
    private Map<String, String> environment() {
        Map<String, String> environment = new HashMap<>(TEMPLATE.environment("AuditorFunction",
                Map.of("AuditRegions", AuditedAccount.REGIONS), Map.of("AlertTopic", account.topicArn())));
        JsonNode function = TEMPLATE.resource("AuditorFunction").path("Properties");
        environment.put("AWS_LAMBDA_RUNTIME_API", runtimeApi.address());
        environment.put("AWS_REGION", "us-east-1");
        environment.put("AWS_DEFAULT_REGION", "us-east-1");
        environment.put("AWS_EXECUTION_ENV", "AWS_Lambda_" + function.path("Runtime").asText());
        environment.put("AWS_LAMBDA_FUNCTION_NAME", "bedrock-logging-auditor-auditor");
        environment.put("AWS_LAMBDA_FUNCTION_VERSION", "1");
        environment.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", function.path("MemorySize").asText());
        environment.put("AWS_LAMBDA_LOG_FORMAT", function.path("LoggingConfig").path("LogFormat").asText());
        environment.put("AWS_LAMBDA_LOG_LEVEL", function.path("LoggingConfig").path("ApplicationLogLevel").asText());
        environment.put("LAMBDA_TASK_ROOT", taskRoot.toString());
        environment.put("AWS_ENDPOINT_URL", account.endpoint().toString());
        environment.put("AWS_ACCESS_KEY_ID", "test");
        environment.put("AWS_SECRET_ACCESS_KEY", "test");
        return environment;
    }

    private void startRuntime(Map<String, String> environment) throws IOException {
        String handler = TEMPLATE.resource("AuditorFunction").path("Properties").path("Handler").asText();
        List<String> java = new ArrayList<>();
        // A private copy of the JNI library: by default every run unpacks it to the same /tmp file.
        nativeClient().ifPresent(library -> java.add("-D" + NATIVE_CLIENT_PROPERTY + "=" + library));
        java.addAll(List.of("-cp", runtimeClientClassPath(), AWSLambda.class.getName(), handler));
        runtime = JavaProcess.start(java, environment, taskRoot);
    }

    private Optional<Path> nativeClient() throws IOException {
        String arch = System.getProperty("os.arch").equals("aarch64") ? "aarch_64" : "x86_64";
        try (InputStream library = AWSLambda.class.getResourceAsStream("/jni/libaws-lambda-jni.linux-" + arch + ".so")) {
            if (library == null) {
                return Optional.empty();
            }
            Path file = nativeLibrary.resolve("libaws-lambda-jni.so");
            Files.copy(library, file, StandardCopyOption.REPLACE_EXISTING);
            return Optional.of(file);
        }
    }

    /** The runtime client's jar and its runtime dependencies, as the test's own class path holds them. */
    private static String runtimeClientClassPath() {
        return Stream.of(AWSLambda.class, LambdaRuntime.class, PojoSerializer.class, SdkInternalThreadLocal.class)
                .map(RuntimeInterfaceIT::jarOf)
                .distinct()
                .collect(Collectors.joining(File.pathSeparator));
    }

    private static String jarOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonNode response(RuntimeApiServer.Posted posted) throws IOException {
        assertEquals("response", posted.kind(), () -> new String(posted.body(), StandardCharsets.UTF_8)
                + "; the runtime's stdout: " + runtime.stdout() + "; its stderr: " + runtime.stderr());
        return JSON.readTree(posted.body());
    }

    @Test
    void theRuntimeIgnoresAStrayEventThenRunsTheSchedule() throws IOException {
        startRuntime(environment());

        String stray = runtimeApi.invoke("{\"Records\":[{\"EventSource\":\"aws:sns\",\"Sns\":{\"Message\":\"x\"}}]}"
                .getBytes(StandardCharsets.UTF_8));
        JsonNode ignored = response(runtimeApi.awaitResult(stray, START, runtime));

        assertEquals("IGNORED", ignored.get("outcome").asText(), ignored.toString());
        assertTrue(ignored.get("reason").asText().startsWith("not a scheduled or manual invocation (a Records event"
                + " with 1 record(s) from 'aws:sns')"), ignored.toString());
        account.assertNothingPublished();

        String scheduled = runtimeApi.invoke(Files.readAllBytes(Path.of("events/scheduled-event.json")));
        JsonNode completed = response(runtimeApi.awaitResult(scheduled, AUDIT, runtime));

        assertEquals("COMPLETED", completed.get("outcome").asText(), completed.toString());
        assertEquals("SCHEDULED", completed.get("trigger").asText());
        assertEquals(8, completed.get("findingsImported").asInt(),
                "six in eu-west-1; where logging is off, the enabled control's and change detection's");
        account.assertAuditPublished();
        assertEquals(1, account.alerts().size(), "the alert was sent");
        assertEquals(List.of(), runtimeApi.unexpectedRequests());
        // The function's JSON log format: one record per message, with its level and request id.
        JsonNode warning = logRecords().stream()
                .filter(record -> record.path("message").asText().startsWith("Ignored this invocation"))
                .findFirst().orElseThrow(() -> new AssertionError("no log record of the ignored event: "
                        + runtime.stdout()));
        assertEquals("WARN", warning.get("level").asText());
        assertEquals(stray, warning.get("AWSRequestId").asText());
    }

    @Test
    void aFailedRunIsReportedAsAnInvocationErrorSoLambdaRetriesIt() throws IOException {
        Map<String, String> environment = environment();
        environment.put("ALERT_TOPIC_ARN", AuditedAccount.MISSING_TOPIC_ARN);
        startRuntime(environment);

        RuntimeApiServer.Posted posted = runtimeApi.awaitResult(
                runtimeApi.invoke(Files.readAllBytes(Path.of("events/manual-invocation.json"))), AUDIT, runtime);

        assertEquals("error", posted.kind());
        JsonNode error = JSON.readTree(posted.body());
        assertEquals(AuditRunFailedException.class.getName(), error.get("errorType").asText());
        assertTrue(error.get("errorMessage").asText().contains("Alert: FAILED"), error.toString());
        assertEquals(2, account.findings("us-west-2").size(), "findings were delivered before the run failed");
    }

    @Test
    void aBadVariableFailsTheInitNamingIt() throws IOException {
        Map<String, String> environment = environment();
        environment.put("ALERT_ON", "SOMETIMES");
        startRuntime(environment);

        RuntimeApiServer.Posted posted = runtimeApi.awaitInitError(START, runtime);

        JsonNode error = JSON.readTree(posted.body());
        assertEquals("ALERT_ON is 'SOMETIMES'; accepted: CHANGES, FAILURES, ALWAYS, NEVER",
                error.get("errorMessage").asText(), error.toString());
        assertEquals("dev.bedrockauditor.config.ConfigurationException", error.get("errorType").asText());
        assertEquals("Runtime.BadFunctionCode", posted.errorType());
        JavaProcess.Exit exit = runtime.awaitExit(START);
        assertTrue(exit.code() != 0, "the runtime exits after an init error: " + exit);
        assertEquals(0, runtimeApi.nextCalls(), "no invocation was fetched");
    }

    private List<JsonNode> logRecords() {
        List<JsonNode> records = new ArrayList<>();
        for (String line : runtime.stdout().split("\n")) {
            if (line.startsWith("{")) {
                try {
                    records.add(JSON.readTree(line));
                } catch (IOException notJson) {
                    // a line some library printed; only the runtime's records count
                }
            }
        }
        return records;
    }
}
