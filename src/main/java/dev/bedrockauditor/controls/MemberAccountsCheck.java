package dev.bedrockauditor.controls;

import dev.bedrockauditor.domain.ControlMetadata;
import dev.bedrockauditor.domain.Finding;
import dev.bedrockauditor.domain.HubProblem;
import dev.bedrockauditor.domain.Resource;
import dev.bedrockauditor.domain.Severity;
import dev.bedrockauditor.domain.Status;
import dev.bedrockauditor.domain.UnauditedAccount;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Whether an organization audit reached every account in its scope: PASSED when it did; FAILED naming each
 * account it could not enter and why, since nothing is known about logging there, and each audited account's
 * hub that does not show its findings. Those accounts and the hubs that refuse findings are the finding's
 * resources, so another set of them is a change to alert on even while the finding stays FAILED. Kept in the
 * auditor's own account, because a finding can only be imported by the account it names.
 */
public final class MemberAccountsCheck {

    public static final String ID = "bedrock-invocation-logging-member-accounts";

    private final ControlMetadata control;

    public MemberAccountsCheck() {
        this.control = ControlCatalog.load(ID);
    }

    public ControlMetadata control() {
        return control;
    }

    /**
     * @param region the central account's region that holds the finding
     * @param audited how many accounts were audited
     * @param hubProblems the audited accounts' hubs that refuse or lose their findings: the logging was
     *     audited, but the account's own Security Hub CSPM does not show it everywhere
     */
    public Finding evaluate(String region, int audited, List<UnauditedAccount> unaudited,
            List<HubProblem> hubProblems) {
        if (unaudited.isEmpty() && hubProblems.isEmpty()) {
            return new Finding(control, region, Status.PASSED, Severity.INFORMATIONAL, "Every account in scope was"
                    + " audited (" + audited + (audited == 1 ? " account" : " accounts") + "), and its findings"
                    + " delivered to its own Security Hub CSPM.");
        }
        List<String> parts = new ArrayList<>();
        if (!unaudited.isEmpty()) {
            parts.add(unaudited.size() + " of " + (audited + unaudited.size()) + " accounts in scope could not be"
                    + " audited, so Bedrock invocation logging there is unknown: " + unaudited.stream()
                            .map(account -> account.label() + ": " + account.reason())
                            .collect(Collectors.joining("; ")) + ".");
        }
        if (!hubProblems.isEmpty()) {
            Map<String, List<String>> byAccount = new TreeMap<>();
            hubProblems.forEach(problem -> byAccount.computeIfAbsent(problem.accountLabel(), label -> new ArrayList<>())
                    .add(problem.problem()));
            parts.add(byAccount.size() + " audited account(s) do not get their findings in every region's Security"
                    + " Hub CSPM: " + byAccount.entrySet().stream()
                            .map(entry -> entry.getKey() + ": " + String.join("; ", entry.getValue()))
                            .collect(Collectors.joining("; ")) + ".");
        }
        Map<String, Resource> resources = new LinkedHashMap<>();
        // Only lasting problems are resources, so only they make another set to alert on: findings a hub could not
        // take this run alert by the delivery rule already, and the next run usually delivers them.
        Stream.concat(unaudited.stream().map(account -> Resource.account(account.id(), region)),
                hubProblems.stream().filter(HubProblem::lasting).map(HubProblem::hub))
                .forEach(resource -> resources.putIfAbsent(resource.arn(), resource));
        return new Finding(control, region, Status.FAILED, control.severity(), String.join(" ", parts), List.of(),
                List.copyOf(resources.values()));
    }
}
