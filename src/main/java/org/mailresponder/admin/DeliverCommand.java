package org.mailresponder.admin;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.mailresponder.inbound.MaildirWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Postfix {@code pipe}/{@code .forward} delivery: one message from stdin into the maildir. It only queues, never
 * answers, so Postfix may safely retry it; it exits 75 (EX_TEMPFAIL, "try again later") only when nothing could be
 * stored, and 0 whenever the message is safely in {@code new/}, whatever its content.
 */
@Command(name = "deliver", mixinStandardHelpOptions = true,
        description = "Read one message from stdin and store it atomically in the maildir (tmp/ then new/).")
public class DeliverCommand implements Callable<Integer> {

    static final int EX_TEMPFAIL = 75;

    @Option(names = "--maildir", description = "Maildir to deliver into (default: responder.maildir).")
    Path maildir;

    @Override
    public Integer call() {
        Path target = maildir != null ? maildir
                : Path.of(ResponderProperties.load(Path.of("")).get("responder.maildir", "data/maildir"));
        try {
            new MaildirWriter(target).deliver(System.in);
            return 0;
        } catch (Exception e) {
            System.err.println("mail-responder deliver: cannot store message in " + target + ": " + e.getMessage());
            return EX_TEMPFAIL;
        }
    }
}
