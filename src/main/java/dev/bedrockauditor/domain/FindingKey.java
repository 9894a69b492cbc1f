package dev.bedrockauditor.domain;

/** What a finding is about: one control in one audited region. */
public record FindingKey(String region, String controlId) {}
