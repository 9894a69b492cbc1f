package dev.bedrockauditor.engine;

/** Tells which AWS account the credentials belong to. */
@FunctionalInterface
public interface AccountIdentitySource {

    /**
     * @throws dev.bedrockauditor.config.ConfigurationException when no account can be identified, e.g. no
     *     credentials: nothing else can be checked then
     */
    String accountId();
}
