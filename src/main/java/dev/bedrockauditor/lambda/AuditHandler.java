package dev.bedrockauditor.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaRuntime;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.bedrockauditor.app.Auditor;
import dev.bedrockauditor.app.OrganizationAuditor;
import dev.bedrockauditor.aws.HomeRegion;
import dev.bedrockauditor.changes.ChangeScope;
import dev.bedrockauditor.config.AuditSettings;
import dev.bedrockauditor.config.ConfigurationException;
import dev.bedrockauditor.domain.AuditReport;
import dev.bedrockauditor.domain.ChangeEvent;
import dev.bedrockauditor.domain.OrganizationReport;
import dev.bedrockauditor.domain.PublicationReport;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * The scheduled audit: the same engine and publishing as {@code --publish} on the command line.
 * Settings come from environment variables only and are checked when the execution environment starts
 * (a bad value fails the init phase with a message naming the variable); clients are built once and
 * reused by every invocation, and captured by SnapStart.
 *
 * <p>A stream handler: the payload is read as raw bytes and classified by {@link TriggerClassifier}, so
 * any payload (an array, {@code null}, a string, not JSON at all) gets an answer instead of failing in
 * the runtime's deserialiser, and only the documented shapes run an audit. The summary is written as JSON.
 */
public final class AuditHandler implements RequestStreamHandler {

    /** The caller owns the output stream: Jackson must not close it. */
    private static final ObjectWriter JSON =
            new ObjectMapper().writer().without(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

    private final Auditor auditor;
    /** Present when AUDIT_ORGANIZATION or AUDIT_ACCOUNTS asks for the organization's accounts. */
    private final Optional<OrganizationAuditor> organization;
    private final LambdaAuditLog log;

    /** For Lambda: everything from the environment. */
    public AuditHandler() {
        this(System.getenv(), List.of());
    }

    /**
     * @param environment the variables the function is configured with (AWS_REGION among them)
     * @param interceptors SDK interceptors for every client (tests record the operations called)
     */
    public AuditHandler(Map<String, String> environment, List<ExecutionInterceptor> interceptors) {
        this.log = new LambdaAuditLog(LambdaRuntime.getLogger());
        AuditSettings settings = AuditSettings.resolve(Map.of(), environment);
        // Lambda sets both; run elsewhere (LocalInvoke), either will do, AWS_REGION first as for the command line.
        String homeRegion = HomeRegion.fromVariables(environment).orElseThrow(() -> new ConfigurationException(
                "AWS_REGION is not set; Lambda sets it, so set it (or AWS_DEFAULT_REGION) when running elsewhere"));
        boolean organizationMode = settings.accounts().organizationMode();
        // Audits on change concern the function's own account, whose rule sees them, in either mode.
        this.auditor = new Auditor(settings, homeRegion, log, interceptors,
                organizationMode ? Auditor.Role.ORGANIZATION_HOME : Auditor.Role.SINGLE_ACCOUNT);
        this.organization = organizationMode
                ? Optional.of(new OrganizationAuditor(settings, homeRegion, log, interceptors))
                : Optional.empty();
        if (settings.alertTopic().isEmpty()) {
            log.warn("ALERT_TOPIC_ARN is not set: findings go to Security Hub CSPM but no alert will be sent");
        }
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        Map<String, Object> summary = run(TriggerClassifier.classify(input.readAllBytes()), context);
        JSON.writeValue(output, summary);
    }

    /** What change events concern, before the audit. A burst may hold hundreds of calls: the first few are named. */
    private void logDecision(ChangeScope.Decision decision) {
        decision.setAside().forEach(reason -> log.info("Nothing to audit for " + reason));
        List<ChangeEvent> events = decision.events();
        events.stream().limit(Trigger.NAMED).forEach(event -> log.info("Re-auditing after " + event.describe()));
        if (events.size() > Trigger.NAMED) {
            log.info("... and " + (events.size() - Trigger.NAMED) + " more call(s) concerning "
                    + String.join(", ", decision.regions()));
        }
    }

    /**
     * Every account of the organization in scope, with one alert; a delivery failure fails the invocation. Accounts
     * whose turn comes too close to the function's timeout are not started, so what was audited is published.
     */
    private Map<String, Object> organizationRun(Trigger trigger, OrganizationAuditor auditor, Context context) {
        Optional<Supplier<Duration>> timeLeft = Optional.ofNullable(context)
                .map(invocation -> () -> Duration.ofMillis(invocation.getRemainingTimeInMillis()));
        OrganizationReport report = auditor.run(true, timeLeft).report();
        Map<String, Object> summary = RunSummary.ofOrganization(trigger, report);
        List<String> failed = report.publications().stream().filter(PublicationReport::failed)
                .map(PublicationReport::whatFailed).distinct().toList();
        if (!failed.isEmpty()) {
            String message = "The organization audit ran, but " + String.join("; ", failed) + ".";
            log.error(message);
            throw new AuditRunFailedException(message);
        }
        log.info("Organization audit finished: " + report.audited().size() + " account(s) audited, "
                + report.unaudited().size() + " not audited.");
        return summary;
    }

    private Map<String, Object> run(Trigger trigger, Context context) {
        if (!trigger.runs()) {
            if (trigger instanceof Trigger.NoChange) {
                // Failed and unwatched calls are expected: the rule cannot filter out all of them.
                log.info("Nothing to audit: " + trigger.description());
            } else {
                log.warn("Ignored this invocation: " + trigger.description());
            }
            return RunSummary.ignored(trigger);
        }
        log.info("Audit started, " + trigger.description() + ".");
        Auditor.Run run;
        if (trigger instanceof Trigger.Change change) {
            change.batch().setAside().forEach(reason -> log.info("Set aside: " + reason));
            Auditor.ChangeRun changed = auditor.auditChanges(change.batch().events(), this::logDecision);
            if (changed.run().isEmpty()) {
                log.info("No audited region is concerned by these calls: no audit, no alert.");
                return RunSummary.nothingConcerned(trigger, change.batch(), changed.decision());
            }
            run = changed.run().get();
        } else if (organization.isPresent()) {
            return organizationRun(trigger, organization.get(), context);
        } else {
            run = auditor.auditAndPublish(false);
        }
        AuditReport report = run.report();
        PublicationReport publication = run.published().orElseThrow().report();
        Map<String, Object> summary = RunSummary.of(trigger, report, publication);
        if (publication.failed()) {
            String message = "The audit ran, but " + publication.whatFailed() + ". " + publication.summaryLine();
            log.error(message);
            throw new AuditRunFailedException(message);
        }
        log.info("Audit finished: " + report.summary().regions() + " region(s), "
                + report.summary().regionsWithFailures().size() + " with failed controls, "
                + report.summary().regionsNotChecked().size() + " not checked.");
        return summary;
    }
}
