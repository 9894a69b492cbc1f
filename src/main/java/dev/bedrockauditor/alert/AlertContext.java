package dev.bedrockauditor.alert;

import dev.bedrockauditor.domain.PublicationReport.Fallback;
import dev.bedrockauditor.domain.PublicationReport.Undelivered;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * What publishing knows when the alert goes out, before the findings are imported: where each region's
 * findings are kept, and what already cannot be delivered this run.
 *
 * @param hubOf the Security Hub region that holds an audited region's findings
 * @param fallbacks hubs known to refuse findings, which go to the home region instead
 * @param undelivered findings that cannot be imported this run (their hub could not be read)
 */
public record AlertContext(UnaryOperator<String> hubOf, List<Fallback> fallbacks, List<Undelivered> undelivered) {

    public AlertContext {
        Objects.requireNonNull(hubOf, "hubOf");
        fallbacks = List.copyOf(fallbacks);
        undelivered = List.copyOf(undelivered);
    }

    /** Each finding in its own region's hub, nothing refused or lost. */
    public static AlertContext ownHubs() {
        return new AlertContext(region -> region, List.of(), List.of());
    }
}
