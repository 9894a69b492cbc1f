package dev.bedrockauditor.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Records every AWS operation the code under test performs, across all integration tests: the SDK loads
 * it for every client from {@code software/amazon/awssdk/global/handlers/execution.interceptors} on the
 * test classpath. Clients the tests build to seed or read back state carry {@link #TEST_CLIENT} and are
 * left out. {@code TemplatePermissionsCheck} compares the result with the template's IAM policy.
 */
public final class OperationRecorder implements ExecutionInterceptor {

    /** Marks a client the tests themselves use, whose calls are not the product's. */
    public static final ExecutionAttribute<Boolean> TEST_CLIENT = new ExecutionAttribute<>("BedrockAuditorTestClient");

    /** Where the operations go: one file per test JVM, one "Service:Operation" per line. */
    public static final String DIRECTORY_PROPERTY = "auditor.operations.dir";

    private static final Set<String> SEEN = ConcurrentHashMap.newKeySet();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        if (Boolean.TRUE.equals(attributes.getAttribute(TEST_CLIENT))) {
            return;
        }
        String operation = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME) + ":"
                + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        String directory = System.getProperty(DIRECTORY_PROPERTY);
        if (directory == null || !SEEN.add(operation)) {
            return;
        }
        try {
            Path file = Path.of(directory, "operations-" + ProcessHandle.current().pid() + ".txt");
            Files.createDirectories(file.getParent());
            synchronized (OperationRecorder.class) {
                Files.writeString(file, operation + System.lineSeparator(), StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record the AWS operation " + operation, e);
        }
    }
}
