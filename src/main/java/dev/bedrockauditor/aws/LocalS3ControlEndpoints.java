package dev.bedrockauditor.aws;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import software.amazon.awssdk.endpoints.Endpoint;
import software.amazon.awssdk.services.s3control.endpoints.S3ControlEndpointParams;
import software.amazon.awssdk.services.s3control.endpoints.S3ControlEndpointProvider;

/**
 * S3 Control's endpoints, as the SDK resolves them, except on a local endpoint. S3 Control's endpoint rules put the
 * account id in front of the host, also of an endpoint set with AWS_ENDPOINT_URL. An emulator's endpoint given by
 * IP address or as localhost cannot take that prefix: {@code 123456789012.127.0.0.1} is no host at all (the SDK
 * fails with a NullPointerException) and {@code 123456789012.localhost} resolves on few machines. There the prefix
 * is dropped; the account id also travels in the {@code x-amz-account-id} header, which is what emulators read.
 * Every other endpoint, AWS's own above all, is left exactly as resolved.
 */
final class LocalS3ControlEndpoints implements S3ControlEndpointProvider {

    /** An IPv4 address or localhost, optionally with a port (an IPv6 address with a prefix is no URI at all). */
    private static final Pattern LOCAL_AUTHORITY = Pattern.compile("(?i)(\\d{1,3}(\\.\\d{1,3}){3}|localhost)(:\\d+)?");

    private final S3ControlEndpointProvider resolved;

    LocalS3ControlEndpoints(S3ControlEndpointProvider resolved) {
        this.resolved = resolved;
    }

    @Override
    public CompletableFuture<Endpoint> resolveEndpoint(S3ControlEndpointParams params) {
        return resolved.resolveEndpoint(params).thenApply(endpoint -> {
            URI withoutAccount = withoutAccountPrefix(endpoint.url(), params.accountId());
            return withoutAccount == endpoint.url() ? endpoint : endpoint.toBuilder().url(withoutAccount).build();
        });
    }

    /** The URL without its leading "ACCOUNT." when the rest is a local address; else the same URL. */
    static URI withoutAccountPrefix(URI url, String accountId) {
        String authority = url.getRawAuthority();
        if (accountId == null || authority == null || !authority.startsWith(accountId + ".")) {
            return url;
        }
        String local = authority.substring(accountId.length() + 1);
        if (!LOCAL_AUTHORITY.matcher(local).matches()) {
            return url;
        }
        try {
            return new URI(url.getScheme() + "://" + local + (url.getRawPath() == null ? "" : url.getRawPath())
                    + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery()));
        } catch (URISyntaxException e) {
            return url;
        }
    }
}
