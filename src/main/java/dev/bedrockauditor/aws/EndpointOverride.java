package dev.bedrockauditor.aws;

import java.util.Locale;

/** Whether the SDK will send a service's calls to a configured endpoint instead of AWS's own. */
final class EndpointOverride {

    private EndpointOverride() {}

    /**
     * The SDK's own settings, checked the way it reads them: {@code aws.endpointUrl<Service>} and
     * {@code aws.endpointUrl} system properties, {@code AWS_ENDPOINT_URL_<SERVICE>} and {@code AWS_ENDPOINT_URL}.
     */
    static boolean configuredFor(String service) {
        return set(System.getProperty("aws.endpointUrl" + service))
                || set(System.getProperty("aws.endpointUrl"))
                || set(System.getenv("AWS_ENDPOINT_URL_" + service.toUpperCase(Locale.ROOT)))
                || set(System.getenv("AWS_ENDPOINT_URL"));
    }

    private static boolean set(String value) {
        return value != null && !value.isBlank();
    }
}
