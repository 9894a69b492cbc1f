package dev.bedrockauditor.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.common.Slf4jNotifier;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import software.amazon.awssdk.services.bedrock.model.LoggingConfig;
import software.amazon.awssdk.services.bedrock.model.S3Config;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * An organization in moto_server, reached through WireMock: the management account (the auditor's own, which
 * logs nowhere), a healthy member ("payments"), a member without the member role ("sandbox"), a member whose
 * Security Hub CSPM is off in us-west-2 ("research") and a suspended member ("retired"); every member logs in
 * us-east-1 and us-west-2 to healthy buckets. moto lets any role be assumed, so the missing role and the hub that
 * is off are faults WireMock adds in front of it: STS refuses the sandbox role as AWS does (AccessDenied), and
 * Security Hub answers InvalidAccessException to the research account's calls in us-west-2 (WireMock hands out,
 * for its role, credentials moto issued for that account, and recognises them in the SigV4 credential scope).
 */
public final class MotoOrganization implements AutoCloseable {

    public static final String CENTRAL = MotoAccount.ACCOUNT;
    public static final String ROLE = "bedrock-logging-auditor-member";
    public static final List<String> REGIONS = List.of("us-east-1", "us-west-2");

    private final MotoServer moto;
    private final WireMockServer aws;
    public final String healthy;
    public final String noRole;
    public final String noHub;
    public final String suspended;
    public final MotoAccount.Topic topic;
    private final StubMapping researchHubOff;

    public MotoOrganization(MotoServer moto) {
        this.moto = moto;
        try (OrganizationsClient organizations = moto.client(OrganizationsClient.builder(), "us-east-1")) {
            organizations.createOrganization(request -> request.featureSet("ALL"));
            healthy = member(organizations, "payments");
            noRole = member(organizations, "sandbox");
            noHub = member(organizations, "research");
            suspended = member(organizations, "retired");
            organizations.closeAccount(request -> request.accountId(suspended));
        }
        for (String account : List.of(healthy, noRole, noHub)) {
            MotoAccount member = new MotoAccount(moto, account);
            for (String region : REGIONS) {
                String bucket = "logs-" + account + "-" + region;
                member.healthyBucket(region, bucket, "");
                member.logging(region, LoggingConfig.builder().s3Config(S3Config.builder().bucketName(bucket).build())
                        .textDataDeliveryEnabled(true).imageDataDeliveryEnabled(true).embeddingDataDeliveryEnabled(true)
                        .videoDataDeliveryEnabled(true).audioDataDeliveryEnabled(true).build());
            }
        }
        topic = new MotoAccount(moto).topicWithQueue("us-east-1", "org-alerts");

        aws = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1").notifier(new Slf4jNotifier(false)));
        aws.start();
        aws.stubFor(any(anyUrl()).atPriority(10).willReturn(aResponse().proxiedFrom(moto.endpoint().toString())));
        aws.stubFor(assumeRoleOf(noRole).atPriority(1)
                .willReturn(AwsStubs.xml(403, "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
                        + "<Error><Type>Sender</Type><Code>AccessDenied</Code><Message>User: arn:aws:sts::" + CENTRAL
                        + ":assumed-role/auditor/run is not authorized to perform: sts:AssumeRole on resource: "
                        + roleArn(noRole) + "</Message></Error><RequestId>org-it</RequestId></ErrorResponse>")));
        Credentials research = assumeInMoto(noHub);
        aws.stubFor(assumeRoleOf(noHub).atPriority(1)
                .willReturn(AwsStubs.xml(200, "<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
                        + "<AssumeRoleResult><Credentials><AccessKeyId>" + research.accessKeyId() + "</AccessKeyId>"
                        + "<SecretAccessKey>" + research.secretAccessKey() + "</SecretAccessKey><SessionToken>"
                        + research.sessionToken() + "</SessionToken><Expiration>" + research.expiration()
                        + "</Expiration></Credentials><AssumedRoleUser><AssumedRoleId>AROAORGIT:run</AssumedRoleId>"
                        + "<Arn>arn:aws:sts::" + noHub + ":assumed-role/" + ROLE + "/run</Arn></AssumedRoleUser>"
                        + "</AssumeRoleResult><ResponseMetadata><RequestId>org-it</RequestId></ResponseMetadata>"
                        + "</AssumeRoleResponse>")));
        // Only the research account's calls: its access key opens the SigV4 credential scope.
        researchHubOff = aws.stubFor(any(anyUrl()).atPriority(1).withHeader("Authorization", matching(".*Credential="
                        + research.accessKeyId() + "/[0-9]+/us-west-2/securityhub/aws4_request.*"))
                .willReturn(AwsStubs.jsonError(401, "InvalidAccessException", "Account " + noHub
                        + " is not subscribed to AWS Security Hub")));
    }

    /** Where the code under test sends its calls: WireMock, in front of moto. */
    public URI endpoint() {
        return AwsStubs.endpoint(aws);
    }

    /** Turns the research account's Security Hub CSPM in us-west-2 on (it takes findings) or off, as it starts. */
    public void researchHubInUsWest2(boolean on) {
        if (on) {
            aws.removeStub(researchHubOff);
        } else {
            aws.addStubMapping(researchHubOff);
        }
    }

    /** The WireMock in front of moto, for a test's own faults (at a priority above 10, moto's proxy). */
    public WireMockServer wire() {
        return aws;
    }

    public static String roleArn(String account) {
        return "arn:aws:iam::" + account + ":role/" + ROLE;
    }

    private static String member(OrganizationsClient organizations, String name) {
        return organizations.createAccount(request -> request.accountName(name).email(name + "@example.com"))
                .createAccountStatus().accountId();
    }

    private static String encodedRoleArn(String account) {
        return "RoleArn=" + URLEncoder.encode(roleArn(account), StandardCharsets.UTF_8);
    }

    /** The auditor's sts:AssumeRole of the member role in this account, as it reaches WireMock. */
    public static MappingBuilder assumeRoleOf(String account) {
        return post("/").withRequestBody(containing("Action=AssumeRole"))
                .withRequestBody(containing(encodedRoleArn(account)));
    }

    /** Credentials moto issues for the member's role: moto takes them as that account's. */
    private Credentials assumeInMoto(String account) {
        try (StsClient sts = moto.client(StsClient.builder(), "us-east-1")) {
            return sts.assumeRole(request -> request.roleArn(roleArn(account)).roleSessionName("org-it")
                    .durationSeconds(3600)).credentials();
        }
    }

    @Override
    public void close() {
        aws.stop();
    }
}
