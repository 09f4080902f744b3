package org.mailresponder.admin;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.mailresponder.inbound.MaildirWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Postfix {@code pipe}/{@code .forward} delivery: one message from stdin into the maildir. It only queues, never
 * answers, so Postfix may safely retry it. Exit codes are sysexits, as Postfix's pipe(8) reads them: 0 once the
 * message is safely in {@code new/}, whatever its content; 65 (EX_DATAERR, a permanent failure: Postfix returns
 * the mail) when it exceeds {@code responder.inbound.max-bytes}, which the service would refuse unread; 75
 * (EX_TEMPFAIL, Postfix retries later) when it could not be stored (disk full, maildir unwritable, input broken
 * off with an error). In every failure nothing is left in {@code tmp/} or {@code new/}.
 */
@Command(name = "deliver", mixinStandardHelpOptions = true,
        description = "Read one message from stdin and store it atomically in the maildir (tmp/ then new/).")
public class DeliverCommand implements Callable<Integer> {

    static final int EX_DATAERR = 65;
    static final int EX_TEMPFAIL = 75;

    @Option(names = "--maildir", description = "Maildir to deliver into (default: responder.maildir).")
    Path maildir;

    @Override
    public Integer call() {
        ResponderProperties props = ResponderProperties.load(Path.of(""));
        Path target = maildir != null ? maildir : Path.of(props.get("responder.maildir"));
        long maxBytes = Long.parseLong(props.get("responder.inbound.max-bytes").trim());
        try {
            new MaildirWriter(target).deliver(System.in, maxBytes);
            return 0;
        } catch (MaildirWriter.MessageTooLargeException e) {
            System.err.println("mail-responder deliver: 5.3.4 " + e.getMessage());
            return EX_DATAERR;
        } catch (Exception e) {
            System.err.println("mail-responder deliver: cannot store message in " + target + ": " + e.getMessage());
            return EX_TEMPFAIL;
        }
    }
}
