package org.mailresponder.admin;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.mailresponder.config.ResponderConfig;
import org.mailresponder.config.ResponderConfigHolder;
import org.mailresponder.config.ResponderConfigParser;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Checks a config with the service's own parser before it is put in place, so a typo is caught at the operator's
 * desk rather than by the reload, which would keep the old config and log an error.
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Validate a responder config with the service's parser: exit 0 and a summary when valid,",
                "exit 1 and the bad entry and field when not.",
                "Without an argument, validates the config the service reads (responder.config)."})
public class ConfigValidateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "<file|s3://bucket/key>", arity = "0..1",
            description = "A local file, or an S3 object when this build reads the config from S3.")
    String location;

    @Override
    public Integer call() throws Exception {
        try (AdminEnvironment env = AdminEnvironment.load()) {
            PrintWriter out = spec.commandLine().getOut();
            if (location != null && !location.startsWith("s3://")) {
                Path file = Path.of(location);
                byte[] bytes;
                try {
                    bytes = Files.readAllBytes(file);
                } catch (NoSuchFileException e) {
                    throw new IllegalStateException("no such file: " + file);
                }
                ResponderConfigParser parser = new ResponderConfigParser(
                        env.property("responder.config.legacy-attachment-key", "Psiphon3.exe"),
                        env.property("responder.config.legacy-attachment-filename", "Psiphon3.ex_"));
                ResponderConfig config = parser.parse(bytes, null);
                summarize(out, file.toString(), config, legacy(bytes));
                return 0;
            }
            // The configured location, or an s3:// one, goes through the service's own config source.
            if (location != null) {
                env.with("responder.config", location);
            }
            ResponderConfigHolder holder = env.services().configHolder();
            if (location != null && !holder.describeSource().startsWith("s3://")) {
                throw new IllegalStateException("this build reads the responder config from files only; "
                        + "cannot validate " + location + " (download it and validate the file)");
            }
            ResponderConfigHolder.ReloadStatus status = holder.lastReload();
            if (status == null || !status.ok() || !holder.isLoaded()) {
                throw new IllegalStateException(status == null ? "config was not loaded" : status.error());
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
