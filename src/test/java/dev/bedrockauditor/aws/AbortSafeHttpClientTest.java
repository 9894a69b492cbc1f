package dev.bedrockauditor.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * An attempt aborted by its timeout is retried and reported as a timeout, even when the HTTP client fails the
 * way HttpURLConnection does when disconnect() races the request thread: with a NullPointerException ("this.http
 * is null"), wrapped in a RuntimeException when getInputStream() is asked again. The SDK's attempt-timeout stage
 * then clears the thread's interrupt and passes the exception on unchanged, so without the guard the call ends
 * on the first attempt with that RuntimeException. The race needs hundreds of calls in flight on a loaded
 * machine to show, so the transport here fails that way on every aborted attempt.
 */
class AbortSafeHttpClientTest {

    private static final Duration ATTEMPT_TIMEOUT = Duration.ofMillis(300);

    @Test
    void anAttemptThatFailsOddlyOnceAbortedIsRetriedAndReportedAsItsTimeout() {
        RacingTransport transport = new RacingTransport();
        try (AwsClients shared = new AwsClients(ATTEMPT_TIMEOUT, Duration.ofSeconds(20), List.of(), transport);
                AwsClients clients = shared.forAccount(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create("AKIDEXAMPLE", "secret")))) {
            ApiCallAttemptTimeoutException failure = assertThrows(ApiCallAttemptTimeoutException.class,
                    () -> clients.bedrock("us-east-1").getModelInvocationLoggingConfiguration(request -> { }));

            assertEquals(3, transport.attempts.get(), "every standard attempt is made");
            assertEquals(3, transport.aborted.get());
            assertTrue(new FailureReasons(ATTEMPT_TIMEOUT, Duration.ofSeconds(20))
                    .describe(failure, "bedrock:GetModelInvocationLoggingConfiguration")
                    .startsWith("Timeout: every attempt took longer than the attempt timeout of 300ms"));
        }
    }

    @Test
    void theFailureOfAnAbortedRequestBecomesAnIoErrorThatKeepsIt() throws Exception {
        RacingTransport transport = new RacingTransport();
        ExecutableHttpRequest request = new AbortSafeHttpClient(transport).prepareRequest(anyRequest());
        Thread timer = new Thread(() -> {
            try {
                transport.started.await();
                request.abort();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        timer.start();

        IOException failure = assertThrows(IOException.class, request::call);
        timer.join();

        assertTrue(failure.getMessage().startsWith("request aborted while in flight"), failure.getMessage());
        assertTrue(failure.getCause().getCause() instanceof NullPointerException);
    }

    @Test
    void aRequestNotAbortedFailsAsItsClientSays() {
        IllegalStateException own = new IllegalStateException("a bug of the HTTP client's own");
        SdkHttpClient failing = new SdkHttpClient() {
            @Override
            public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
                return new ExecutableHttpRequest() {
                    @Override
                    public HttpExecuteResponse call() {
                        throw own;
                    }

                    @Override
                    public void abort() {
                    }
                };
            }

            @Override
            public void close() {
            }
        };

        assertSame(own, assertThrows(IllegalStateException.class,
                () -> new AbortSafeHttpClient(failing).prepareRequest(anyRequest()).call()));
    }

    private static HttpExecuteRequest anyRequest() {
        return HttpExecuteRequest.builder().request(SdkHttpRequest.builder().method(SdkHttpMethod.GET)
                .protocol("https").host("bedrock.us-east-1.amazonaws.com").encodedPath("/logging/modelinvocations")
                .build()).build();
    }

    /** Never answers; once aborted, fails as HttpURLConnection does when disconnect() wins the race. */
    private static final class RacingTransport implements SdkHttpClient {

        final AtomicInteger attempts = new AtomicInteger();
        final AtomicInteger aborted = new AtomicInteger();
        final CountDownLatch started = new CountDownLatch(1);

        @Override
        public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
            CountDownLatch abort = new CountDownLatch(1);
            return new ExecutableHttpRequest() {
                @Override
                public HttpExecuteResponse call() throws IOException {
                    attempts.incrementAndGet();
                    started.countDown();
                    // Like a blocked socket read, the SDK's interrupt does not wake it: only the abort does.
                    boolean interrupted = false;
                    try {
                        while (true) {
                            try {
                                if (!abort.await(10, TimeUnit.SECONDS)) {
                                    throw new IOException("the test's transport was never aborted");
                                }
                                break;
                            } catch (InterruptedException e) {
                                interrupted = true;
                            }
                        }
                    } finally {
                        if (interrupted) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    throw new RuntimeException(new NullPointerException(
                            "Cannot invoke \"sun.net.www.http.HttpClient.getInputStream()\" because \"this.http\" is null"));
                }

                @Override
                public void abort() {
                    aborted.incrementAndGet();
                    abort.countDown();
                }
            };
        }

        @Override
        public void close() {
        }
    }
}
