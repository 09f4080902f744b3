package org.mailresponder.admin;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.Callable;

import ch.qos.logback.classic.Level;
import org.mailresponder.inbound.InboundRequest;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The seed's {@code mail_direct}: send an address's answers to a person, as if they had written to it. */
@Command(name = "send", mixinStandardHelpOptions = true,
        description = {"Send the answers of a served address directly to a person through the configured transport,",
                "as if in answer to a request from them (signed, claimed once in answer_log, recorded in table",
                "operator_send and on the log with the recipient's hash only). Not counted against the daily",
                "limit; refused for blocked recipients. Run again the same day with the same arguments, it sends",
                "only what did not go out before; --again sends everything anew. Exit 0 when every answer has",
                "gone out, 1 otherwise."})
public class SendCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--address", required = true, paramLabel = "<served address>",
            description = "Whose answers to send, e.g. get@example.org.")
    String address;

    @Option(names = "--to", required = true, paramLabel = "<address>", description = "The person to send them to.")
    String to;

    @Option(names = "--subject", paramLabel = "<text>", defaultValue = "",
            description = "The subject of the request being answered; the answers say \"Re: <text>\".")
    String subject;

    @Option(names = "--again", description = "Send every answer again, even if this command sent it before today.")
    boolean again;

    @Override
    public Integer call() throws Exception {
        String served = address.strip().toLowerCase(java.util.Locale.ROOT);
        String recipient = to.strip();
        if (!recipient.matches("[^@\\s<>,;]+@[^@\\s<>,;]+\\.[^@\\s<>,;]+")) {
            throw new ParameterException(spec.commandLine(), "--to must be one address (user@domain)");
        }
        // mail_direct's rule: the answer adds the "Re:"
        String requestSubject = subject.strip().replaceFirst("(?i)^(re:\\s*)+", "");
        // the JSON line goes to stderr with the command's other messages
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("mail-responder.requests")).setLevel(Level.INFO);
        try (AdminEnvironment env = AdminEnvironment.of(spec)) {
            AdminEnvironment.Services s = env.services();
            if (!s.configHolder().isLoaded()) {
                throw new IllegalStateException(s.configHolder().lastReload().error());
            }
            OperatorSend send = new OperatorSend(s.intake(), s.composer(), s.deliveryMethods(), s.senderLimits(),
                    env.senderLists(), env.database(), Clock.systemUTC());
            InboundRequest request;
            try {
                request = send.request(served, recipient, requestSubject, again);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
            OperatorSend.Result r = send.send(request, env.deliveryRoutes());
            PrintWriter out = spec.commandLine().getOut();
            String who = "to sender #" + request.shortSenderHash() + " (request " + request.requestId().substring(0, 16) + ")";
            out.println(switch (r.outcome()) {
                case "sent" -> "sent " + r.sentNow() + " of " + r.total() + " mail(s) for " + served + " " + who
                        + " via " + r.method()
                        + (r.sentBefore() > 0 ? "; " + r.sentBefore() + " had gone out before" : "");
                case "already-sent" -> "all " + r.total() + " mail(s) for " + served + " had already gone out " + who
                        + " today; nothing sent (--again sends them anew)";
                default -> r.outcome() + ": " + r.sentNow() + " of " + r.total() + " mail(s) for " + served + " sent "
                        + who + "; " + String.join("; ", r.failures());
            });
            out.flush();
            return r.failures().isEmpty() ? 0 : 1;
        }
    }
}
