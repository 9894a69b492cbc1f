package dev.bedrockauditor.lambda;

import dev.bedrockauditor.testing.JavaProcess;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Lambda Runtime API as a runtime sees it, on a loopback port: {@code next} hands out the events queued
 * with {@link #invoke} (and blocks while there are none, as Lambda does between invocations), and what the
 * runtime posts back (a response, an invocation error, an init error) is kept for the test to await.
 */
final class RuntimeApiServer implements AutoCloseable {

    private static final String PREFIX = "/2018-06-01/runtime/";
    private static final Pattern INVOCATION_RESULT = Pattern.compile(PREFIX + "invocation/([^/]+)/(response|error)");
    static final String FUNCTION_ARN = "arn:aws:lambda:us-east-1:123456789012:function:bedrock-logging-auditor-auditor:live";

    /** What the runtime posted: {@code kind} is response, error or init-error; {@code errorType} its header. */
    record Posted(String kind, String errorType, byte[] body) {}

    private record Event(String requestId, byte[] payload) {}

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "runtime-api");
        thread.setDaemon(true);
        return thread;
    });
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final Map<String, CompletableFuture<Posted>> results = new ConcurrentHashMap<>();
    private final CompletableFuture<Posted> initError = new CompletableFuture<>();
    private final AtomicInteger nextCalls = new AtomicInteger();
    private final List<String> unexpected = new CopyOnWriteArrayList<>();

    RuntimeApiServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    /** For AWS_LAMBDA_RUNTIME_API: host and port. */
    String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** Queues an invocation; returns its request id. */
    String invoke(byte[] payload) {
        String requestId = UUID.randomUUID().toString();
        results.put(requestId, new CompletableFuture<>());
        events.add(new Event(requestId, payload));
        return requestId;
    }

    Posted awaitResult(String requestId, Duration timeout, JavaProcess runtime) {
        return await(results.get(requestId), timeout, "the result of invocation " + requestId, runtime);
    }

    Posted awaitInitError(Duration timeout, JavaProcess runtime) {
        return await(initError, timeout, "an init error", runtime);
    }

    /** How often the runtime asked for the next invocation. */
    int nextCalls() {
        return nextCalls.get();
    }

    /** Requests outside the Runtime API this server implements. */
    List<String> unexpectedRequests() {
        return List.copyOf(unexpected);
    }

    private static Posted await(CompletableFuture<Posted> posted, Duration timeout, String what, JavaProcess runtime) {
        try {
            return posted.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("the runtime posted no " + what + " within " + timeout + "; its stdout: "
                    + runtime.stdout() + "; its stderr: " + runtime.stderr());
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for " + what, e);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            if (method.equals("GET") && path.equals(PREFIX + "invocation/next")) {
                next(exchange);
                return;
            }
            byte[] body = exchange.getRequestBody().readAllBytes();
            String errorType = exchange.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type");
            Matcher result = INVOCATION_RESULT.matcher(path);
            if (method.equals("POST") && result.matches() && results.containsKey(result.group(1))) {
                results.get(result.group(1)).complete(new Posted(result.group(2), errorType, body));
                reply(exchange, 202, "{\"status\":\"OK\"}");
            } else if (method.equals("POST") && path.equals(PREFIX + "init/error")) {
                initError.complete(new Posted("init-error", errorType, body));
                reply(exchange, 202, "{\"status\":\"OK\"}");
            } else {
                unexpected.add(method + " " + path);
                reply(exchange, 404, "{\"errorMessage\":\"not part of this test's Runtime API\"}");
            }
        }
    }

    /** Blocks until an event is queued, as Lambda's next does; close() interrupts it. */
    private void next(HttpExchange exchange) throws IOException {
        nextCalls.incrementAndGet();
        Event event;
        try {
            event = events.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        var headers = exchange.getResponseHeaders();
        headers.set("Content-Type", "application/json");
        headers.set("Lambda-Runtime-Aws-Request-Id", event.requestId());
        headers.set("Lambda-Runtime-Deadline-Ms",
                Long.toString(System.currentTimeMillis() + Duration.ofSeconds(900).toMillis()));
        headers.set("Lambda-Runtime-Invoked-Function-Arn", FUNCTION_ARN);
        headers.set("Lambda-Runtime-Trace-Id",
                "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=0");
        exchange.sendResponseHeaders(200, event.payload().length == 0 ? -1 : event.payload().length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(event.payload());
        }
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        threads.shutdownNow();
        server.stop(0);
    }
}
