package org.mailresponder.admin;

import java.io.PrintWriter;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.Callable;

import org.mailresponder.config.CommaList;
import org.mailresponder.ratelimit.RecipientBounds;
import org.mailresponder.inbound.SenderIdentity;
import org.mailresponder.ratelimit.SenderLimits;
import org.mailresponder.ratelimit.SenderLists;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * What the rate limit would do with a sender or domain, and why. Without an argument, the lists and today's totals.
 * The database holds no addresses, so list entries for addresses can only be shown as hashes.
 */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = {"Show the list state, today's count and the resulting decision for a sender or domain;",
                "without an argument, every list entry (addresses as hashes) and today's totals."})
public class LimitsShowCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "<address|domain>", arity = "0..1",
            description = "A sender address (user@domain) or a domain.")
    String target;

    @Override
    public Integer call() throws Exception {
        try (AdminEnvironment env = AdminEnvironment.of(spec)) {
            SenderLists lists = env.senderLists();
            SenderLimits limits = env.senderLimits();
            PrintWriter out = spec.commandLine().getOut();
            if (target == null) {
                showAll(out, lists, limits);
                return 0;
            }
            SenderKey key;
            try {
                key = SenderKey.parse(target, env.senderIdentity());
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
            out.println(key.describe());
            String domain = key.domain();
            if (key.isAddress()) {
                out.println("  address list: " + state(lists.find(SenderLists.Kind.ADDRESS, key.value())));
            }
            out.println("  domain list:  " + state(lists.find(SenderLists.Kind.DOMAIN, domain)) + " (" + domain + ")");
            out.println("  configured:   " + configured(env, domain));
            out.println("  domain cap:   " + domainCap(lists, limits, env.recipientBounds(), domain));
            List<java.util.Map<String, Object>> hits = lists.hits(key.isAddress() ? key.value() : "-", domain);
            SenderLimits.Decision decision = limits.decide(hits, domain);
            if (key.isAddress()) {
                out.println("  today:        " + LimitsCommand.today(lists, limits, key.value()));
            }
            out.println("  decision:     " + explain(decision, key, lists, limits));
            return 0;
        }
    }

    private static void showAll(PrintWriter out, SenderLists lists, SenderLimits limits) throws Exception {
        List<SenderLists.Entry> entries = lists.entries();
        out.println(entries.isEmpty() ? "no list entries" : entries.size() + " list entr" + (entries.size() == 1 ? "y" : "ies") + ":");
        for (SenderLists.Entry e : entries) {
            String who = e.kind() == SenderLists.Kind.ADDRESS
                    ? "address #" + SenderIdentity.shortHash(e.value()) : "domain  " + e.value();
            out.println("  " + e.action().name().toLowerCase(java.util.Locale.ROOT) + "  " + who
                    + (e.createdAt() == null ? "" : "  since " + e.createdAt()));
        }
        LocalDate day = LocalDate.parse(limits.today());
        SenderLists.DayTotals totals = lists.totalsOn(day, limits.dailyLimit());
        out.println(day + ": " + totals.senders() + " sender(s) counted, " + totals.atLimit()
                + " at the daily limit of " + limits.dailyLimit());
    }

    private static String domainCap(SenderLists lists, SenderLimits limits, RecipientBounds bounds, String domain)
            throws Exception {
        String counted = RecipientBounds.recipientDomain("x@" + domain);
        int cap = bounds.domainCap(counted);
        if (cap <= 0) {
            return "none (" + counted + ")";
        }
        LocalDate day = LocalDate.parse(limits.today());
        return lists.domainMailsOn(counted, day) + " of " + cap + " answer mails to " + counted + " used on " + day
                + (bounds.isShared(counted) ? " (shared provider)" : "");
    }

    private static String state(SenderLists.Action action) {
        return action == null ? "none" : action == SenderLists.Action.ALLOW ? "allowed" : "blocked";
    }

    private static String configured(AdminEnvironment env, String domain) {
        if (CommaList.parse(env.property("responder.rate-limit.blocked-domains")).stream()
                .anyMatch(domain::equalsIgnoreCase)) {
            return "domain is in responder.rate-limit.blocked-domains";
        }
        if (CommaList.parse(env.property("responder.rate-limit.exempt-domains")).stream()
                .anyMatch(domain::equalsIgnoreCase)) {
            return "domain is in responder.rate-limit.exempt-domains";
        }
        return "no exempt/blocked domain setting";
    }

    private static String explain(SenderLimits.Decision decision, SenderKey key, SenderLists lists,
                                  SenderLimits limits) throws Exception {
        switch (decision) {
            case BLOCK:
                return "blocked: never answered";
            case ALLOW:
                return "allowed: answered without counting";
            default:
                if (!key.isAddress()) {
                    return "counted: each sender may get " + limits.dailyLimit() + " answer(s) a day";
                }
                int used = lists.answeredOn(key.value(), LocalDate.parse(limits.today()));
                return used < limits.dailyLimit() ? "counted: the next request would be answered"
                        : "counted: rate-limited until the day is reset";
        }
    }
}
