package dev.bedrockauditor.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** How close to its time limit an organization run still starts an account. */
class OrganizationTimeReserveTest {

    @Test
    void anAccountNeedsNineCallTimeoutsToFinish() {
        assertEquals(Duration.ofSeconds(180), OrganizationAuditor.reserve(Duration.ofSeconds(20), Duration.ofSeconds(900)),
                "the default 20 s call timeout in Lambda's 900 s");
        assertEquals(Duration.ofMillis(4500), OrganizationAuditor.reserve(Duration.ofMillis(500), Duration.ofSeconds(900)));
    }

    @Test
    void butNeverMoreThanHalfTheTimeTheRunHas() {
        assertEquals(Duration.ofSeconds(450), OrganizationAuditor.reserve(Duration.ofSeconds(120), Duration.ofSeconds(900)),
                "nine 120 s call timeouts would leave no time to audit at all");
        assertEquals(Duration.ofSeconds(30), OrganizationAuditor.reserve(Duration.ofSeconds(20), Duration.ofSeconds(60)),
                "a function with a short timeout still audits in its first half");
    }
}
