package dev.bedrockauditor.alert;

import dev.bedrockauditor.domain.ChangeEvent;
import dev.bedrockauditor.domain.PublicationReport.Fallback;
import dev.bedrockauditor.domain.PublicationReport.Undelivered;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * What publishing knows when the alert goes out, before the findings are imported: where each region's
 * findings are kept, what already cannot be delivered this run, and what made this run happen.
 *
 * @param hubOf the Security Hub region that holds an audited region's findings
 * @param fallbacks hubs known to refuse findings, which go to the home region instead
 * @param undelivered findings that cannot be imported this run (their hub could not be read)
 * @param causes the management calls this run re-audits after; empty for a scheduled or manual run
 */
public record AlertContext(UnaryOperator<String> hubOf, List<Fallback> fallbacks, List<Undelivered> undelivered,
        List<ChangeEvent> causes) {

    public AlertContext {
        Objects.requireNonNull(hubOf, "hubOf");
        fallbacks = List.copyOf(fallbacks);
        undelivered = List.copyOf(undelivered);
        causes = List.copyOf(causes);
    }

    public AlertContext(UnaryOperator<String> hubOf, List<Fallback> fallbacks, List<Undelivered> undelivered) {
        this(hubOf, fallbacks, undelivered, List.of());
    }

    /** Each finding in its own region's hub, nothing refused or lost. */
    public static AlertContext ownHubs() {
        return new AlertContext(region -> region, List.of(), List.of());
    }
}
