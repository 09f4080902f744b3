package org.mailresponder.report;

/** One thing a replica needs in order to answer requests, checked for readiness. */
@FunctionalInterface
public interface ReadinessProbe {

    /** @return null when it is fine, else what is wrong (one line, no address) */
    String problem() throws Exception;
}
