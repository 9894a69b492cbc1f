package dev.bedrockauditor.engine;

import dev.bedrockauditor.regions.EnabledRegions;

/** Tells which regions the account has enabled; never throws, a failure is {@link EnabledRegions.Unavailable}. */
@FunctionalInterface
public interface EnabledRegionsSource {

    EnabledRegions enabledRegions();
}
