package org.mailresponder.admin;

import java.util.Set;

import picocli.CommandLine;

/**
 * Builds the jar's command line with the exit-code contract of the admin commands: 0 ok, 2 usage error (picocli's
 * default), 1 failure reported as one line on stderr instead of a stack trace.
 */
public final class AdminCommandLine {

    /** Commands that run the service or feed it; they keep the service's logging. */
    private static final Set<String> SERVICE_COMMANDS = Set.of("run", "deliver");

    private AdminCommandLine() {
    }

    public static CommandLine create(Host host) {
        CommandLine cl = new CommandLine(new ResponderCommand(host));
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            commandLine.getErr().println(commandLine.getCommandName() + ": " + oneLine(ex));
            commandLine.getErr().flush();
            return 1;
        });
        return cl;
    }

    /** What {@code main} runs: admin commands log warnings to stderr only, so their stdout stays clean. */
    public static int execute(Host host, String... args) {
        if (args.length == 0 || "run".equals(args[0])) {
            host.configureServiceLogging();
        }
        if (args.length == 0 || args.length == 1 && "run".equals(args[0])) {
            return runService(host, args.length == 0 ? "mail-responder" : "run");
        }
        if (args.length > 0 && !args[0].startsWith("-") && !SERVICE_COMMANDS.contains(args[0])) {
            CliLogging.warningsToStderr();
        }
        return create(host).execute(args);
    }

    /**
     * The service, started without picocli: building the command line's model of every admin command by reflection
     * took a fifth of a second of each start, for no option. A failure ends as picocli's handler above ends it.
     */
    private static int runService(Host host, String commandName) {
        try {
            return host.runService();
        } catch (Exception ex) {
            System.err.println(commandName + ": " + oneLine(ex));
            System.err.flush();
            return 1;
        }
    }

    static String oneLine(Throwable ex) {
        Throwable t = ex;
        String message = null;
        while (t != null && message == null) {
            message = t.getMessage();
            if (message == null) {
                t = t.getCause();
            }
        }
        String text = message == null ? ex.getClass().getSimpleName() : message;
        return text.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    }
}
