package org.mailresponder.admin;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.mailresponder.config.ResponderConfig;
import org.mailresponder.config.ResponderConfigHolder;
import org.mailresponder.s3.S3Location;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Checks a config with the service's own parser and attachment check before it is put in place, so a typo or a
 * missing installer is caught at the operator's desk rather than by the reload, which would keep the old config and
 * log an error. Needs no database, so it works beside a running service and on any machine with the settings.
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Validate a responder config with the service's parser: exit 0 and a summary when valid,",
                "exit 1 and the bad entry and field when not. Every attachment must exist and be readable",
                "(<responder.buckets-dir>/<bucket>/<key>, or an S3 HEAD with responder.attachments.source=s3).",
                "Without an argument, validates the config the service reads (responder.config)."})
public class ConfigValidateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "<file|s3://bucket/key>", arity = "0..1",
            description = "A local file, or an S3 object.")
    String location;

    @Override
    public Integer call() throws Exception {
        try (AdminEnvironment env = AdminEnvironment.of(spec)) {
            PrintWriter out = spec.commandLine().getOut();
            if (location != null && !S3Location.isS3(location)) {
                Path file = Path.of(location);
                byte[] bytes;
                try {
                    bytes = Files.readAllBytes(file);
                } catch (NoSuchFileException e) {
                    throw new IllegalStateException("no such file: " + file);
                }
                ResponderConfig config = env.parser().parse(bytes, null);
                ResponderConfigHolder.checkAttachments(config, env.attachmentCheck());
                summarize(out, file.toString(), config, legacy(bytes));
                return 0;
            }
            // The configured location, or an s3:// one, is loaded exactly as the service loads it.
            ResponderConfigHolder holder = env.configHolder(location != null ? location
                    : env.property("responder.config"));
            ResponderConfigHolder.ReloadStatus status = holder.refresh();
            if (!status.ok() || !holder.isLoaded()) {
                throw new IllegalStateException(status.error());
            }
            summarize(out, holder.describeSource(), holder.current(), false);
            return 0;
        }
    }

    private static boolean legacy(byte[] json) {
        for (byte b : json) {
            if (!Character.isWhitespace(b)) {
                return b == '{';
            }
        }
        return false;
    }

    private static void summarize(PrintWriter out, String where, ResponderConfig config, boolean legacy) {
        out.println("valid: " + where + " (version " + config.version() + "): " + config.addresses().size()
                + " address(es), " + config.entryCount() + " entr" + (config.entryCount() == 1 ? "y" : "ies")
                + ", domains " + String.join(" ", config.domains()));
        for (String address : config.addresses()) {
            var entries = config.entriesFor(address);
            long attachments = entries.stream().mapToLong(e -> e.attachments().size()).sum();
            out.println("  " + address + ": " + entries.size() + " mail(s), " + attachments + " attachment(s)");
        }
        if (legacy) {
            out.println("warning: legacy object format; convert it to the list format, which allows several "
                    + "entries per address");
        }
    }
}
