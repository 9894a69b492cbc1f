/** What the audit observes and concludes: logging states, findings and the report, free of any SDK type. */
package dev.bedrockauditor.domain;
