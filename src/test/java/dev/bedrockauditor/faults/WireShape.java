package dev.bedrockauditor.faults;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;

/**
 * How a service puts its errors and replies on the wire, and the codes its own API model and documentation give
 * for throttling and for a refused permission, so each fault reaches the SDK as that service would send it.
 */
enum WireShape {

    /** REST with JSON bodies, the error code in the x-amzn-ErrorType header (Bedrock, Account, Security Hub). */
    REST_JSON("application/json"),
    /** JSON 1.1 RPC, the error code in the body's __type (KMS, CloudWatch Logs). */
    AWS_JSON("application/x-amz-json-1.1"),
    /** The query protocol, errors in an ErrorResponse document (STS, IAM, SNS). */
    QUERY("text/xml"),
    /** S3's REST-XML, errors in a bare Error document. */
    S3_XML("application/xml"),
    /** S3 Control's REST-XML, errors wrapped in an ErrorResponse document. */
    S3_CONTROL_XML("application/xml");

    private final String contentType;

    WireShape(String contentType) {
        this.contentType = contentType;
    }

    /** A service's shape, the XML namespace of its query replies, and its throttling and refusal as it sends them. */
    record Service(WireShape shape, String namespace, int throttledStatus, String throttledCode, int deniedStatus,
            String deniedCode) {}

    /** @param service the SDK's service name, as {@code AwsOperation} carries it */
    static Service of(String service) {
        return switch (service) {
            case "Bedrock" -> new Service(REST_JSON, "", 429, "ThrottlingException", 403, "AccessDeniedException");
            case "Account" -> new Service(REST_JSON, "", 429, "TooManyRequestsException", 403, "AccessDeniedException");
            case "SecurityHub" -> new Service(REST_JSON, "", 429, "ThrottlingException", 403, "AccessDeniedException");
            case "Kms" -> new Service(AWS_JSON, "", 400, "ThrottlingException", 400, "AccessDeniedException");
            case "CloudWatchLogs" -> new Service(AWS_JSON, "", 400, "ThrottlingException", 400, "AccessDeniedException");
            case "CloudTrail" -> new Service(AWS_JSON, "", 400, "ThrottlingException", 400, "AccessDeniedException");
            case "EventBridge" -> new Service(AWS_JSON, "", 400, "ThrottlingException", 400, "AccessDeniedException");
            // Organizations' model names TooManyRequestsException for a caller that asks too often.
            case "Organizations" -> new Service(AWS_JSON, "", 400, "TooManyRequestsException", 400,
                    "AccessDeniedException");
            case "Sts" -> new Service(QUERY, "https://sts.amazonaws.com/doc/2011-06-15/", 400, "Throttling", 403,
                    "AccessDenied");
            case "Iam" -> new Service(QUERY, "https://iam.amazonaws.com/doc/2010-05-08/", 400, "Throttling", 403,
                    "AccessDenied");
            case "Sns" -> new Service(QUERY, "http://sns.amazonaws.com/doc/2010-03-31/", 429, "Throttled", 403,
                    "AuthorizationError");
            case "S3" -> new Service(S3_XML, "", 503, "SlowDown", 403, "AccessDenied");
            // S3 Control's own model names TooManyRequestsException for a caller that asks too often.
            case "S3Control" -> new Service(S3_CONTROL_XML, "", 400, "TooManyRequestsException", 403, "AccessDenied");
            default -> throw new AssertionError("no wire shape for " + service + ": add it to WireShape.of");
        };
    }

    /** An error reply with this shape's body, e.g. a 503 ServiceUnavailable. */
    ResponseDefinitionBuilder error(Service service, int status, String code, String message) {
        ResponseDefinitionBuilder reply = aResponse().withStatus(status).withHeader("Content-Type", contentType);
        String type = status >= 500 ? "Receiver" : "Sender";
        return switch (this) {
            case REST_JSON -> reply.withHeader("x-amzn-ErrorType", code)
                    .withBody("{\"message\":\"" + message + "\"}");
            case AWS_JSON -> reply.withBody("{\"__type\":\"" + code + "\",\"message\":\"" + message + "\"}");
            case QUERY -> reply.withBody("<ErrorResponse xmlns=\"" + service.namespace() + "\"><Error><Type>" + type
                    + "</Type><Code>" + code + "</Code><Message>" + message + "</Message></Error>"
                    + "<RequestId>fault-matrix</RequestId></ErrorResponse>");
            case S3_XML -> reply.withBody("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code
                    + "</Code><Message>" + message + "</Message><RequestId>fault-matrix</RequestId>"
                    + "<HostId>fault-matrix</HostId></Error>");
            case S3_CONTROL_XML -> reply.withBody("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ErrorResponse><Error>"
                    + "<Code>" + code + "</Code><Message>" + message + "</Message></Error>"
                    + "<RequestId>fault-matrix</RequestId><HostId>fault-matrix</HostId></ErrorResponse>");
        };
    }

    /** The code this shape's services send for an internal failure (HTTP 500). */
    String internalErrorCode() {
        return switch (this) {
            case REST_JSON -> "InternalServerException";
            case AWS_JSON, QUERY -> "InternalFailure";
            case S3_XML, S3_CONTROL_XML -> "InternalError";
        };
    }

    /** The code this shape's services send when they cannot serve for now (HTTP 503). */
    String unavailableCode() {
        return this == REST_JSON ? "ServiceUnavailableException" : "ServiceUnavailable";
    }

    /** A 200 reply cut in the middle, as a dropped connection or a meddling proxy leaves it: it cannot be parsed. */
    ResponseDefinitionBuilder cutReply(String operation) {
        ResponseDefinitionBuilder reply = aResponse().withStatus(200).withHeader("Content-Type", contentType);
        return switch (this) {
            case REST_JSON, AWS_JSON -> reply.withBody("{\"" + operation + "\":{\"Arn\":\"arn:aws:");
            case QUERY, S3_XML, S3_CONTROL_XML -> reply.withBody("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<"
                    + operation + "Response><" + operation + "Result><Arn>arn:aws:");
        };
    }
}
