package org.mailresponder.admin;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.mailresponder.ResponderMain;
import picocli.CommandLine.Command;

/** {@code java -jar mail-responder.jar [command]}: without a command, runs the service. */
@Command(name = "mail-responder", mixinStandardHelpOptions = true, version = "mail-responder 1.0",
        description = "Email autoresponder. Without a command it runs the service in the current directory.",
        subcommands = {RunCommand.class, DeliverCommand.class,
                LimitsCommand.class, ConfigCommand.class, PreviewCommand.class, PostfixMapsCommand.class,
                StatsCommand.class, SendCommand.class})
public class ResponderCommand implements Callable<Integer> {

    @Override
    public Integer call() throws Exception {
        return ResponderMain.run(Path.of(""));
    }
}
