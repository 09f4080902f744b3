package org.mailresponder.inbound;

import java.util.List;

import org.mailresponder.config.ConfigEntry;

/** The config entries a request is answered with, and the config version they come from. */
public record AnswerPlan(String configVersion, List<ConfigEntry> entries) {
}
