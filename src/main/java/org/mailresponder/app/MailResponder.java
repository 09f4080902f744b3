package org.mailresponder.app;

import java.nio.file.Path;

import org.mailresponder.admin.AdminCommandLine;

/** Entry point of the jar: the service by default, or one of the admin commands. */
public final class MailResponder {

    private MailResponder() {
    }

    public static void main(String[] args) {
        System.exit(AdminCommandLine.execute(new ResponderHost(Path.of("")), args));
    }
}
