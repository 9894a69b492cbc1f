package dev.bedrockauditor.faults;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.common.Slf4jNotifier;
import com.github.tomakehurst.wiremock.extension.Parameters;
import com.github.tomakehurst.wiremock.extension.ServeEventListener;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import dev.bedrockauditor.testing.AwsOperation;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * WireMock in front of moto_server: every request goes on to moto, except those a cell's fault is injected into,
 * which WireMock answers itself, and account:ListRegions, which moto lacks (WireMock alone answers it: it needs
 * no state). Requests are told apart by the headers {@link CellTags} adds, so many runs share it at once.
 */
final class FaultyAws implements AutoCloseable {

    /** The regions account:ListRegions reports as enabled. */
    static final List<String> ENABLED_REGIONS = List.of("us-east-1", "eu-central-1", "eu-west-1");

    private static final String UNTAGGED = "untagged";

    private final WireMockServer wire;
    private final URI moto;
    private final Duration attemptTimeout;
    private final Map<String, AtomicInteger> served = new ConcurrentHashMap<>();
    private final Map<String, List<StubMapping>> stubs = new ConcurrentHashMap<>();

    FaultyAws(URI moto, Duration attemptTimeout) {
        this.moto = moto;
        this.attemptTimeout = attemptTimeout;
        // Delayed answers hold a thread each; the journal would hold every request of the matrix for nothing.
        this.wire = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1").containerThreads(200)
                .asynchronousResponseEnabled(true).asynchronousResponseThreads(50).disableRequestJournal()
                .notifier(new Slf4jNotifier(false)).extensions(new Counter()));
        wire.start();
        wire.stubFor(any(anyUrl()).atPriority(10).willReturn(aResponse().proxiedFrom(moto.toString())));
        wire.stubFor(post(urlEqualTo("/listRegions")).atPriority(5).willReturn(okJson("{\"Regions\":["
                + String.join(",", ENABLED_REGIONS.stream().map(region -> "{\"RegionName\":\"" + region
                        + "\",\"RegionOptStatus\":\"ENABLED_BY_DEFAULT\"}").toList()) + "]}")));
        // A request of the code under test that no run tagged would escape its cell: answered with an error, counted.
        wire.stubFor(any(anyUrl()).atPriority(2).withHeader(CellTags.RUN_HEADER, absent())
                .withName(UNTAGGED).willReturn(aResponse().withStatus(599)));
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + wire.port());
    }

    /**
     * Makes the operation fail in the tagged run: on every attempt of every call, or, for a passing fault, on the
     * attempts {@link FaultKind#spoiledAttempts()} names (the SDK numbers them in its amz-sdk-request header).
     */
    void inject(String run, AwsOperation operation, FaultKind kind, boolean passing) {
        MappingBuilder request = any(anyUrl()).atPriority(1).withName(run)
                .withHeader(CellTags.RUN_HEADER, equalTo(run))
                .withHeader(CellTags.OPERATION_HEADER, equalTo(operation.id()));
        if (passing && kind == FaultKind.FAILED_FINDINGS) {
            // The auditor's own retry is a new call: only the run's first import is refused.
            request = request.inScenario(run).whenScenarioStateIs(Scenario.STARTED).willSetStateTo("refused once");
        } else if (passing) {
            request = request.withHeader("amz-sdk-request", matching("attempt=[1-" + kind.spoiledAttempts() + "];.*"));
        }
        StubMapping stub = wire.stubFor(request.willReturn(kind.reply(operation, moto, attemptTimeout)));
        stubs.computeIfAbsent(run, key -> new CopyOnWriteArrayList<>()).add(stub);
    }

    /** How many requests of the run WireMock answered with its fault. */
    int faultsServed(String run) {
        AtomicInteger count = served.get(run);
        return count == null ? 0 : count.get();
    }

    /** Requests of the code under test that reached WireMock without a run's tag. */
    int untagged() {
        return faultsServed(UNTAGGED);
    }

    void forget(String run) {
        List<StubMapping> mine = stubs.remove(run);
        if (mine != null) {
            mine.forEach(wire::removeStubMapping);
        }
    }

    @Override
    public void close() {
        wire.stop();
    }

    /** Counts the requests each named stub (a run's fault, or the untagged catch) answered. */
    private final class Counter implements ServeEventListener {
        @Override
        public void afterMatch(ServeEvent event, Parameters parameters) {
            StubMapping stub = event.getStubMapping();
            if (stub != null && stub.getName() != null) {
                served.computeIfAbsent(stub.getName(), name -> new AtomicInteger()).incrementAndGet();
            }
        }

        @Override
        public String getName() {
            return "fault-counter";
        }

        @Override
        public boolean applyGlobally() {
            return true;
        }
    }
}
