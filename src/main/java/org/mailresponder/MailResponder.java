package org.mailresponder;

import org.mailresponder.admin.ResponderCommand;
import picocli.CommandLine;

/** Entry point of the jar: the service by default, or one of the admin commands. */
public final class MailResponder {

    private MailResponder() {
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new ResponderCommand()).execute(args));
    }
}
