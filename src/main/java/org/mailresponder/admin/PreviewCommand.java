package org.mailresponder.admin;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.mailresponder.compose.DeliveryMethods;
import org.mailresponder.compose.OutgoingMail;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Shows an operator exactly what a request would get, before any real user does. */
@Command(name = "preview", mixinStandardHelpOptions = true,
        description = {"Print the exact answer mail(s) a request would get (headers, bodies, attachments,",
                "DKIM signature when a key is configured), or why it would not be answered.",
                "Nothing is sent and nothing is counted. Exit 0 in both cases."})
public class PreviewCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--to", paramLabel = "<address>", description = "The requested address, e.g. get@example.org.")
    String to;

    @Option(names = "--from", paramLabel = "<address>", description = "The sender of the request.")
    String from;

    @Option(names = "--subject", description = "Subject of the request (default: none).")
    String subject;

    @Option(names = "--header", paramLabel = "'Name: value'",
            description = "An extra request header, e.g. 'Auto-Submitted: auto-replied' (repeatable).")
    List<String> headers = new ArrayList<>();

    @Option(names = "--eml", paramLabel = "<file>",
            description = "Preview the answer to this request message instead of composing one.")
    Path eml;

    @Option(names = "--out", paramLabel = "<dir>",
            description = "Also write each mail as preview-N.eml into this folder.")
    Path out;

    @Option(names = "--headers-only", description = "Print only the header block of each mail.")
    boolean headersOnly;

    @Override
    public Integer call() throws Exception {
        byte[] raw;
        if (eml != null) {
            if (to != null || from != null || subject != null || !headers.isEmpty()) {
                throw new ParameterException(spec.commandLine(), "--eml cannot be combined with --to, --from, "
                        + "--subject or --header");
            }
            raw = Files.readAllBytes(eml);
        } else {
            if (to == null || from == null) {
                throw new ParameterException(spec.commandLine(), "preview needs --to and --from (or --eml)");
            }
            for (String h : headers) {
                if (!h.matches("[!-9;-~]+:.*")) {
                    throw new ParameterException(spec.commandLine(), "--header \"" + h + "\" is not 'Name: value'");
                }
            }
            raw = AnswerPreview.requestMail(to, from, subject, headers);
        }
        try (AdminEnvironment env = AdminEnvironment.of(spec)) {
            AdminEnvironment.Services s = env.services();
            if (!s.configHolder().isLoaded()) {
                throw new IllegalStateException(s.configHolder().lastReload().error());
            }
            AnswerPreview.Result result = new AnswerPreview(s.intake(), s.composer(), s.signer(), s.requestLedger())
                    .preview(raw);
            print(result, s.deliveryMethods());
            return 0;
        }
    }

    private void print(AnswerPreview.Result r, DeliveryMethods methods) throws Exception {
        PrintWriter w = spec.commandLine().getOut();
        String requested = r.request() == null ? "" : " to " + r.request().requestedAddress() + " from sender #"
                + r.request().shortSenderHash();
        if (r.answered()) {
            w.println("=== request" + requested + " would be answered with " + r.mails().size() + " mail(s), config "
                    + r.configVersion() + "; " + r.detail());
        } else {
            w.println("=== request" + requested + " would NOT be answered: " + r.outcome().code() + " (" + r.detail()
                    + ")");
        }
        if (out != null && !r.mails().isEmpty()) {
            Files.createDirectories(out);
        }
        int n = 0;
        for (OutgoingMail mail : r.mails()) {
            n++;
            byte[] bytes = mail.toBytes();
            w.println("=== mail " + n + " of " + r.mails().size() + ": "
                    + (mail.kind() == OutgoingMail.Kind.ANSWER ? "entry " + mail.entryIndex() : "admin forward")
                    + ", via " + methods.resolve(mail).routeName() + ", envelope from <" + mail.envelopeFrom() + ">, "
                    + bytes.length + " bytes");
            // ISO-8859-1 maps every byte to one char, so what is printed is byte for byte what would be sent.
            String text = new String(headersOnly ? mail.headers().getBytes(StandardCharsets.US_ASCII) : bytes,
                    StandardCharsets.ISO_8859_1);
            w.print(text);
            if (!text.endsWith("\n")) {
                w.println();
            }
            if (out != null) {
                Files.write(out.resolve("preview-" + n + ".eml"), bytes);
            }
        }
        if (out != null && n > 0) {
            w.println("=== wrote " + n + " file(s) to " + out);
        }
        w.flush();
    }
}
