/** Checks of template.yaml against what the code really does. */
package dev.bedrockauditor.template;
