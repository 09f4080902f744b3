package org.mailresponder.admin;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;

/** {@code java -jar mail-responder.jar [command]}: without a command, runs the service. */
@Command(name = "mail-responder", mixinStandardHelpOptions = true, version = "mail-responder 1.0",
        description = "Email autoresponder. Without a command it runs the service in the current directory.",
        subcommands = {RunCommand.class, DeliverCommand.class,
                LimitsCommand.class, ConfigCommand.class, PreviewCommand.class, PostfixMapsCommand.class,
                StatsCommand.class, SendCommand.class})
public class ResponderCommand implements Callable<Integer> {

    private final Host host;

    public ResponderCommand(Host host) {
        this.host = host;
    }

    /** The host of the command line {@code spec} belongs to. */
    static Host host(CommandSpec spec) {
        return ((ResponderCommand) spec.root().userObject()).host;
    }

    @Override
    public Integer call() throws Exception {
        return host.runService();
    }
}
