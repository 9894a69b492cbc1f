package dev.bedrockauditor.aws;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;

/**
 * Makes a request that the SDK aborted fail as an I/O error, whatever the HTTP client throws.
 *
 * <p>When an attempt outlives its timeout, the SDK aborts it from a timer thread; the URL-connection client
 * then calls {@code HttpURLConnection.disconnect()}, which clears the connection's socket without holding the
 * connection's lock. A request thread still inside {@code getInputStream()} can then fail with a
 * NullPointerException ("this.http is null") instead of a socket error. The SDK turns only I/O errors (and
 * interrupts) of an aborted attempt into an attempt timeout, which it retries; any other exception ends the
 * call at once. Seen under load with hundreds of calls in flight: a region or fact reported as "internal
 * error", with attempts left unused. Here the failure of a request aborted before it ended becomes an
 * IOException, so it is retried and, at worst, reported as the timeout it is.
 */
final class AbortSafeHttpClient implements SdkHttpClient {

    private final SdkHttpClient delegate;

    AbortSafeHttpClient(SdkHttpClient delegate) {
        this.delegate = delegate;
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        return new AbortSafeRequest(delegate.prepareRequest(request));
    }

    @Override
    public String clientName() {
        return delegate.clientName();
    }

    @Override
    public void close() {
        delegate.close();
    }

    private static final class AbortSafeRequest implements ExecutableHttpRequest {

        private final ExecutableHttpRequest request;
        private final AtomicBoolean aborted = new AtomicBoolean();

        AbortSafeRequest(ExecutableHttpRequest request) {
            this.request = request;
        }

        @Override
        public HttpExecuteResponse call() throws IOException {
            try {
                return request.call();
            } catch (RuntimeException e) {
                // Set before the delegate is aborted, so a failure caused by the abort always sees it.
                if (aborted.get()) {
                    throw new IOException("request aborted while in flight (" + e + ")", e);
                }
                throw e;
            }
        }

        @Override
        public void abort() {
            aborted.set(true);
            request.abort();
        }
    }
}
