package org.mailresponder.admin;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.mailresponder.ResponderMain;
import picocli.CommandLine.Command;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the service (the default when no command is given).")
public class RunCommand implements Callable<Integer> {

    @Override
    public Integer call() throws Exception {
        return ResponderMain.run(Path.of(""));
    }
}
