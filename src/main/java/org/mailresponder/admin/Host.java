package org.mailresponder.admin;

/** What the command line needs from the jar it runs in: the service, its logging, and the commands' environment. */
public interface Host {

    /** Runs the service until it is stopped; the exit code. */
    int runService() throws Exception;

    /** Must run before anything logs, and only for the commands that run or feed the service. */
    void configureServiceLogging();

    AdminEnvironment environment();
}
