package dev.bedrockauditor.faults;

import dev.bedrockauditor.testing.MotoServer;
import dev.bedrockauditor.testing.OperationRecorder;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * Tags every AWS request of the code under test with the fault-matrix run that makes it, so one WireMock (and the
 * moto_server behind it) serves many runs at once: WireMock injects a cell's fault into that run's requests only,
 * and moto keeps each run's account apart. The tag is bound to the thread that starts a run and inherited by the
 * threads the run creates (the auditor creates its worker and timer threads per run, and the SDK's synchronous
 * clients call on the caller's thread), so every request of the run carries it.
 *
 * <p>The SDK loads this for every client from software/amazon/awssdk/global/handlers/execution.interceptors on
 * the test classpath; on a thread no run is bound to it does nothing.
 */
public final class CellTags implements ExecutionInterceptor {

    /** Names the run a request belongs to. */
    static final String RUN_HEADER = "x-fault-run";
    /** Names the operation as the SDK does ({@code Service:Operation}), which is how WireMock picks out its target. */
    static final String OPERATION_HEADER = "x-fault-operation";

    /** A run's tag and the moto account it audits. */
    record Tag(String run, String accountId) {}

    private static final InheritableThreadLocal<Tag> CURRENT = new InheritableThreadLocal<>();
    private static final Map<String, AtomicInteger> CALLS = new ConcurrentHashMap<>();

    /** Ends a binding. */
    interface Binding extends AutoCloseable {
        @Override
        void close();
    }

    /** Tags what the current thread, and every thread it starts until closed, asks AWS. */
    static Binding bind(Tag tag) {
        CURRENT.set(tag);
        return CURRENT::remove;
    }

    /** How many calls of the operation ({@code Service:Operation}) the run tagged so made. */
    static int calls(String run, String operation) {
        AtomicInteger count = CALLS.get(run + " " + operation);
        return count == null ? 0 : count.get();
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        Tag tag = CURRENT.get();
        if (tag != null && !testClient(attributes)) {
            CALLS.computeIfAbsent(tag.run() + " " + operation(attributes), key -> new AtomicInteger()).incrementAndGet();
        }
    }

    @Override
    public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
        Tag tag = CURRENT.get();
        if (tag == null || testClient(attributes)) {
            return context.httpRequest();
        }
        return context.httpRequest().toBuilder()
                .putHeader(RUN_HEADER, tag.run())
                .putHeader(OPERATION_HEADER, operation(attributes))
                .putHeader(MotoServer.ACCOUNT_HEADER, tag.accountId())
                .build();
    }

    private static boolean testClient(ExecutionAttributes attributes) {
        return Boolean.TRUE.equals(attributes.getAttribute(OperationRecorder.TEST_CLIENT));
    }

    private static String operation(ExecutionAttributes attributes) {
        return attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME) + ":"
                + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    }
}
