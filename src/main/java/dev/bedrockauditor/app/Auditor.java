package dev.bedrockauditor.app;

import dev.bedrockauditor.aws.AccountEnabledRegions;
import dev.bedrockauditor.aws.AwsClients;
import dev.bedrockauditor.aws.BedrockLoggingStates;
import dev.bedrockauditor.aws.FailureReasons;
import dev.bedrockauditor.aws.HomeRegion;
import dev.bedrockauditor.aws.StsAccountIdentity;
import dev.bedrockauditor.config.AuditSettings;
import dev.bedrockauditor.controls.ControlSuite;
import dev.bedrockauditor.domain.AuditReport;
import dev.bedrockauditor.engine.AuditEngine;
import dev.bedrockauditor.engine.AuditLog;
import dev.bedrockauditor.regions.RegionCatalog;
import dev.bedrockauditor.regions.RegionSelector;
import java.time.Clock;
import java.util.List;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/** The engine with its real collaborators, built once; {@link #audit()} may run many times (a warm Lambda). */
public final class Auditor implements AutoCloseable {

    private final AuditSettings settings;
    private final String homeRegion;
    private final AwsClients clients;
    private final AuditEngine engine;

    /**
     * @param interceptors SDK interceptors added to every client (tests record the operations called)
     */
    public Auditor(AuditSettings settings, String homeRegion, AuditLog log, List<ExecutionInterceptor> interceptors) {
        this.settings = settings;
        this.homeRegion = homeRegion;
        this.clients = new AwsClients(settings.attemptTimeout(), settings.callTimeout(), interceptors);
        FailureReasons reasons = new FailureReasons(settings.attemptTimeout(), settings.callTimeout());
        this.engine = new AuditEngine(
                new StsAccountIdentity(clients, homeRegion, reasons),
                new AccountEnabledRegions(clients, homeRegion, reasons),
                new BedrockLoggingStates(clients, reasons),
                new RegionSelector(RegionCatalog.fromSdkMetadata()),
                ControlSuite.standard(settings.requiredDataTypes()),
                settings.maxConcurrency(),
                log,
                Clock.systemUTC());
    }

    /** With the home region from the SDK's region chain. */
    public static Auditor create(AuditSettings settings, AuditLog log) {
        return new Auditor(settings, HomeRegion.resolve(), log, List.of());
    }

    public AuditReport audit() {
        return engine.run(homeRegion, settings.regions());
    }

    @Override
    public void close() {
        clients.close();
    }
}
