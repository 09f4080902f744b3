package org.mailresponder.admin;

import java.io.PrintWriter;
import java.time.LocalDate;
import java.util.concurrent.Callable;

import org.mailresponder.inbound.SenderIdentity;
import org.mailresponder.ratelimit.SenderLimits;
import org.mailresponder.ratelimit.SenderLists;
import org.mailresponder.ratelimit.SenderLists.Action;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The operator's allow and block lists and the daily counts, in the database every replica reads. A change takes
 * effect on the next request, without a restart.
 */
@Command(name = "limits", mixinStandardHelpOptions = true,
        description = {"Show and change the rate-limit lists and counts in the database.",
                "Addresses are stored only as the keyed hash of their canonical form (lower-case, +tag removed, "
                        + "Gmail dots removed), so a.b+x@gmail.com and ab@googlemail.com are one sender."},
        subcommands = LimitsShowCommand.class)
public class LimitsCommand implements Callable<Integer> {

    private static final String TARGET_HELP = "A sender address (user@domain) or a whole domain (example.org).";

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "limits needs a command: show, allow, block, unallow, "
                + "unblock or clear-day");
    }

    @Command(name = "allow", mixinStandardHelpOptions = true,
            description = "Never rate-limit this sender or domain (and answer it even if its domain is blocked).")
    int allow(@Parameters(paramLabel = "<address|domain>", description = TARGET_HELP) String target)
            throws Exception {
        return put("allow", target, Action.ALLOW);
    }

    @Command(name = "block", mixinStandardHelpOptions = true,
            description = "Never answer this sender or domain.")
    int block(@Parameters(paramLabel = "<address|domain>", description = TARGET_HELP) String target)
            throws Exception {
        return put("block", target, Action.BLOCK);
    }

    @Command(name = "unallow", mixinStandardHelpOptions = true,
            description = "Take a sender or domain off the allow list; exits 1 if it was not on it.")
    int unallow(@Parameters(paramLabel = "<address|domain>", description = TARGET_HELP) String target)
            throws Exception {
        return remove("unallow", target, Action.ALLOW);
    }

    @Command(name = "unblock", mixinStandardHelpOptions = true,
            description = "Take a sender or domain off the block list; exits 1 if it was not on it.")
    int unblock(@Parameters(paramLabel = "<address|domain>", description = TARGET_HELP) String target)
            throws Exception {
        return remove("unblock", target, Action.BLOCK);
    }

    @Command(name = "clear-day", mixinStandardHelpOptions = true,
            description = {"Reset today's answer counts, for everyone or for one sender, as the daily reset does.",
                    "Lists are not touched."})
    int clearDay(@Parameters(paramLabel = "<address>", arity = "0..1",
            description = "Only this sender's count.") String address) throws Exception {
        try (AdminEnvironment env = AdminEnvironment.of(spec)) {
            SenderLists lists = env.senderLists();
            PrintWriter out = spec.commandLine().getOut();
            if (address == null) {
                int cleared = lists.clearDay();
                out.println("cleared the day's counts of " + cleared + " sender(s)");
                return 0;
            }
            SenderKey key = key("clear-day", address, env.senderIdentity());
            if (!key.isAddress()) {
                throw usage("clear-day", "clear-day takes an address, not a domain (counts are per sender)");
            }
            out.println(lists.clearSender(key.value()) ? "cleared the count of " + key.describe()
                    : key.describe() + " had no count");
            return 0;
        }
    }

    private int put(String command, String target, Action action) throws Exception {
        try (AdminEnvironment env = AdminEnvironment.of(spec)) {
            SenderKey key = key(command, target, env.senderIdentity());
            SenderLists lists = env.senderLists();
            Action before = lists.find(key.kind(), key.value());
            lists.put(key.kind(), key.value(), action);
            String verb = action == Action.ALLOW ? "allowed" : "blocked";
            spec.commandLine().getOut().println(verb + " " + key.describe()
                    + (before == null || before == action ? "" : " (was " + before.name().toLowerCase(java.util.Locale.ROOT) + "ed)"));
            return 0;
        }
    }

    private int remove(String command, String target, Action action) throws Exception {
        try (AdminEnvironment env = AdminEnvironment.of(spec)) {
            SenderKey key = key(command, target, env.senderIdentity());
            String list = action.name().toLowerCase(java.util.Locale.ROOT) + " list";
            if (!env.senderLists().remove(key.kind(), key.value(), action)) {
                throw new IllegalStateException(key.describe() + " is not on the " + list);
            }
            spec.commandLine().getOut().println("removed " + key.describe() + " from the " + list);
            return 0;
        }
    }

    private SenderKey key(String command, String target, SenderIdentity identity) {
        try {
            return SenderKey.parse(target, identity);
        } catch (IllegalArgumentException e) {
            throw usage(command, e.getMessage());
        }
    }

    private ParameterException usage(String command, String message) {
        return new ParameterException(spec.subcommands().get(command), message);
    }

    /** Today's count line shared with {@code show}. */
    static String today(SenderLists lists, SenderLimits limits, String hash) throws Exception {
        LocalDate day = LocalDate.parse(limits.today());
        int answered = lists.answeredOn(hash, day);
        return answered + " of " + limits.dailyLimit() + " answers used on " + day;
    }
}
