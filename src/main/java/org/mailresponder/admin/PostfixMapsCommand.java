package org.mailresponder.admin;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import org.mailresponder.config.ResponderConfig;
import org.mailresponder.config.ResponderConfigHolder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Replaces the seed's conf_pull, which rewrote {@code extradomains} in main.cf: the domains and addresses Postfix
 * must accept come from the same config the service answers from.
 */
@Command(name = "postfix-maps", mixinStandardHelpOptions = true,
        description = {"Write the Postfix lookup tables for the config in force: the domains",
                "(virtual_alias_domains) and the served addresses plus the complaints address (virtual_alias_maps),",
                "mapped to the local mailbox whose maildir the responder reads.",
                "Without --out both tables are printed on stdout."})
public class PostfixMapsCommand implements Callable<Integer> {

    static final String DOMAINS_FILE = "responder-domains";
    static final String ADDRESSES_FILE = "responder-addresses";

    @Spec
    CommandSpec spec;

    @Option(names = "--out", paramLabel = "<dir>",
            description = "Write " + DOMAINS_FILE + " and " + ADDRESSES_FILE + " into this folder (atomically).")
    Path out;

    @Option(names = "--target", paramLabel = "<address>",
            description = "Where served addresses are delivered (default: responder.postfix.map-target).")
    String target;

    @Option(names = "--postmap", description = "Run postmap on both files after writing them (needs --out).")
    boolean postmap;

    @Override
    public Integer call() throws Exception {
        if (postmap && out == null) {
            throw new ParameterException(spec.commandLine(), "--postmap needs --out");
        }
        try (AdminEnvironment env = AdminEnvironment.of(spec)) {
            String mapTarget = target != null ? target : env.property("responder.postfix.map-target");
            if (mapTarget.isBlank() || mapTarget.chars().anyMatch(Character::isWhitespace)) {
                throw new ParameterException(spec.commandLine(), "map target \"" + mapTarget
                        + "\" must be one address or local user");
            }
            ResponderConfigHolder holder = env.services().configHolder();
            if (!holder.isLoaded()) {
                throw new IllegalStateException(holder.lastReload().error());
            }
            ResponderConfig config = holder.current();
            PostfixMaps maps = PostfixMaps.of(config.addresses(),
                    env.property("responder.complaints-address"), mapTarget,
                    holder.describeSource() + " version " + config.version());
            PrintWriter w = spec.commandLine().getOut();
            if (out == null) {
                w.println("### " + DOMAINS_FILE);
                w.print(maps.domains());
                w.println("### " + ADDRESSES_FILE);
                w.print(maps.addresses());
                w.flush();
                return 0;
            }
            Files.createDirectories(out);
            List<Path> files = new ArrayList<>();
            files.add(replace(out.resolve(DOMAINS_FILE), maps.domains()));
            files.add(replace(out.resolve(ADDRESSES_FILE), maps.addresses()));
            if (postmap) {
                for (Path f : files) {
                    postmap(f);
                }
            }
            w.println("wrote " + files.get(0) + " and " + files.get(1) + (postmap ? " (and their .db)" : "")
                    + " for " + config.domains().size() + " domain(s); in main.cf:");
            w.println("  virtual_alias_domains = hash:" + files.get(0).toAbsolutePath());
            w.println("  virtual_alias_maps = hash:" + files.get(1).toAbsolutePath());
            w.flush();
            return 0;
        }
    }

    /** Readers (postmap, an operator's diff) never see a half-written table. */
    private static Path replace(Path file, String content) throws IOException {
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        Files.writeString(tmp, content, StandardCharsets.US_ASCII);
        return Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Postfix installs its tools in /usr/sbin, which is not on every user's PATH. */
    static String postmapExecutable() {
        Path sbin = Path.of("/usr/sbin/postmap");
        return Files.isExecutable(sbin) ? sbin.toString() : "postmap";
    }

    private static void postmap(Path file) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(postmapExecutable(), "hash:" + file.toAbsolutePath()).redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            throw new IOException("cannot run postmap (is Postfix installed?): " + e.getMessage(), e);
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("postmap " + file + " failed: " + output);
        }
    }
}
