package dev.bedrockauditor.aws;

import dev.bedrockauditor.config.ConfigurationException;
import dev.bedrockauditor.domain.MemberAccount;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.organizations.model.Account;
import software.amazon.awssdk.services.organizations.model.ListAccountsResponse;

/**
 * The organization's accounts from organizations:ListAccounts, which only the management account and a delegated
 * administrator may call. Without the list nothing can be scoped, so a failure is a configuration error.
 */
public final class OrganizationAccounts {

    private final AwsClients clients;
    private final String homeRegion;
    private final FailureReasons reasons;

    public OrganizationAccounts(AwsClients clients, String homeRegion, FailureReasons reasons) {
        this.clients = clients;
        this.homeRegion = homeRegion;
        this.reasons = reasons;
    }

    /** @param inputName the setting that asked for organization mode, named in errors */
    public List<MemberAccount> list(String inputName) {
        List<MemberAccount> accounts = new ArrayList<>();
        try {
            for (ListAccountsResponse page : clients.organizations(homeRegion).listAccountsPaginator(r -> { })) {
                for (Account account : page.accounts()) {
                    accounts.add(new MemberAccount(account.id(), account.name() == null ? "" : account.name(),
                            state(account)));
                }
            }
        } catch (AwsServiceException e) {
            String code = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
            if ("AWSOrganizationsNotInUseException".equals(code)) {
                throw new ConfigurationException(inputName + " asks for an organization audit, but the account these"
                        + " credentials belong to is not a member of an organization (AWSOrganizationsNotInUseException"
                        + " from organizations:ListAccounts); audit it alone without " + inputName, e);
            }
            throw listFailed(inputName, e);
        } catch (SdkException e) {
            throw listFailed(inputName, e);
        }
        return List.copyOf(accounts);
    }

    private ConfigurationException listFailed(String inputName, SdkException e) {
        return new ConfigurationException(inputName + " needs the organization's accounts, and"
                + " organizations:ListAccounts failed: " + reasons.describe(e, "organizations:ListAccounts")
                + "; run from the management account or a delegated administrator account", e);
    }

    /** State (ACTIVE, SUSPENDED, PENDING_CLOSURE, ...) where Organizations reports it, else the older Status. */
    private static String state(Account account) {
        if (account.stateAsString() != null) {
            return account.stateAsString();
        }
        return account.statusAsString() == null ? "UNKNOWN" : account.statusAsString();
    }
}
