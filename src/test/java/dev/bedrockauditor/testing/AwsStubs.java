package dev.bedrockauditor.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import java.net.URI;

/** WireMock as an AWS endpoint, for the faults moto cannot produce: one server answering every service. */
public final class AwsStubs {

    private AwsStubs() {}

    /** A started server on a free loopback port that already answers sts:GetCallerIdentity for the account. */
    public static WireMockServer start(String accountId) {
        WireMockServer server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        server.stubFor(post(urlEqualTo("/")).withRequestBody(containing("Action=GetCallerIdentity")).atPriority(5)
                .willReturn(xml(200, "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
                        + "<GetCallerIdentityResult><Arn>arn:aws:iam::" + accountId + ":user/auditor</Arn>"
                        + "<UserId>AIDAEXAMPLE</UserId><Account>" + accountId + "</Account></GetCallerIdentityResult>"
                        + "<ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></GetCallerIdentityResponse>")));
        return server;
    }

    public static URI endpoint(WireMockServer server) {
        return URI.create("http://127.0.0.1:" + server.port());
    }

    /** Matches requests signed for one region and service (the SigV4 credential scope names both). */
    public static MappingBuilder inRegion(MappingBuilder request, String region, String service) {
        return request.withHeader("Authorization", matching(".*/" + region + "/" + service + "/aws4_request.*"));
    }

    public static ResponseDefinitionBuilder xml(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "text/xml").withBody(body);
    }

    /** An error as the REST-JSON services (Bedrock, Account, Security Hub) send it. */
    public static ResponseDefinitionBuilder jsonError(int status, String code, String message) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                .withHeader("x-amzn-ErrorType", code).withBody("{\"message\":\"" + message + "\"}");
    }
}
