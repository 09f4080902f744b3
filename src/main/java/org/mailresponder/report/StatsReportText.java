package org.mailresponder.report;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.mailresponder.report.SesSendStatistics.Quota;

/** The stats report as plain text (the mail's text part and the {@code stats} command) and as HTML. */
public final class StatsReportText {

    private StatsReportText() {
    }

    public static String subject(DailyStats s) {
        return "mail-responder stats " + s.day() + ": " + s.answered() + " answered, " + s.rejected()
                + " not answered, " + s.rateLimited() + " rate-limited, " + s.failed() + " failed";
    }

    public static String plain(DailyStats s, Optional<Quota> ses) {
        double[] week = s.previousWeekAverage();
        StringBuilder b = new StringBuilder();
        b.append("mail-responder statistics for ").append(s.day()).append(" (all replicas)\n\n");
        b.append(String.format(Locale.ROOT, "%-28s %10s %14s%n", "", "day", "7-day average"));
        row(b, "answered", s.answered(), week[0]);
        row(b, "not answered", s.rejected(), week[1]);
        row(b, "rate-limited requests", s.rateLimited(), week[2]);
        row(b, "failed", s.failed(), week[3]);
        row(b, "total", s.totals().total(), week[4]);
        b.append(String.format(Locale.ROOT, "%-28s %10d%n", "rate-limited senders", s.rateLimitedSenders()));
        b.append(String.format(Locale.ROOT, "%-28s %10d%n", "deferred (retried later)", s.deferred()));
        b.append("\nProcessing time: p50 ").append(ms(s.p50Ms())).append(", p95 ").append(ms(s.p95Ms()))
                .append(", p99 ").append(ms(s.p99Ms())).append('\n');
        b.append("\nAnswers by requested address:\n");
        list(b, s.answersByAddress());
        b.append("\nNot answered, by reason:\n");
        list(b, s.rejectionsByReason());
        b.append("\n").append(forwards(s)).append('\n');
        ses.ifPresent(q -> b.append("\nSES: ").append(sesLine(q)).append('\n'));
        b.append("\nLast 14 days (answered / not answered / rate-limited / failed):\n");
        for (DayTotals t : s.history()) {
            b.append(String.format(Locale.ROOT, "  %s %8d %8d %8d %8d%n", t.day(), t.answered(), t.rejected(),
                    t.rateLimited(), t.failed()));
        }
        return b.toString();
    }

    public static String html(DailyStats s, Optional<Quota> ses, String chartCid) {
        double[] week = s.previousWeekAverage();
        StringBuilder b = new StringBuilder();
        b.append("<!DOCTYPE html><html><body style=\"font-family:sans-serif\">");
        b.append("<h2>mail-responder statistics for ").append(s.day()).append("</h2>");
        if (chartCid != null) {
            b.append("<p><img src=\"cid:").append(chartCid).append("\" alt=\"Requests per day, last 14 days\" ")
                    .append("width=\"720\" height=\"320\"></p>");
        }
        b.append("<table border=\"1\" cellpadding=\"4\" cellspacing=\"0\">")
                .append("<tr><th></th><th>day</th><th>7-day average</th></tr>");
        hrow(b, "answered", s.answered(), week[0]);
        hrow(b, "not answered", s.rejected(), week[1]);
        hrow(b, "rate-limited requests", s.rateLimited(), week[2]);
        hrow(b, "failed", s.failed(), week[3]);
        hrow(b, "total", s.totals().total(), week[4]);
        b.append("<tr><td>rate-limited senders</td><td align=\"right\">").append(s.rateLimitedSenders())
                .append("</td><td></td></tr>");
        b.append("<tr><td>deferred (retried later)</td><td align=\"right\">").append(s.deferred())
                .append("</td><td></td></tr></table>");
        b.append("<p>Processing time: p50 ").append(ms(s.p50Ms())).append(", p95 ").append(ms(s.p95Ms()))
                .append(", p99 ").append(ms(s.p99Ms())).append("</p>");
        b.append("<h3>Answers by requested address</h3>");
        htable(b, s.answersByAddress());
        b.append("<h3>Not answered, by reason</h3>");
        htable(b, s.rejectionsByReason());
        b.append("<p>").append(escape(forwards(s))).append("</p>");
        ses.ifPresent(q -> b.append("<h3>SES</h3><p>").append(escape(sesLine(q))).append("</p>"));
        b.append("</body></html>");
        return b.toString();
    }

    /** Forwards beyond the hourly cap are not sent; this line is where the admins learn how many there were. */
    static String forwards(DailyStats s) {
        return "Forwards to the admins (complaints, bounces): " + s.forwarded() + " sent, " + s.forwardsCapped()
                + " not sent (hourly cap reached)";
    }

    static String sesLine(Quota q) {
        return String.format(Locale.ROOT, "sent %.0f of %.0f in 24 h (max %.0f/s); bounce rate %.2f%%, complaint rate %.3f%%",
                q.sentLast24Hours(), q.max24HourSend(), q.maxSendRate(), q.bounceRate() * 100, q.complaintRate() * 100);
    }

    private static void row(StringBuilder b, String name, long value, double avg) {
        b.append(String.format(Locale.ROOT, "%-28s %10d %14.1f%n", name, value, avg));
    }

    private static void hrow(StringBuilder b, String name, long value, double avg) {
        b.append("<tr><td>").append(name).append("</td><td align=\"right\">").append(value)
                .append("</td><td align=\"right\">").append(String.format(Locale.ROOT, "%.1f", avg)).append("</td></tr>");
    }

    private static void list(StringBuilder b, Map<String, Long> m) {
        if (m.isEmpty()) {
            b.append("  (none)\n");
        }
        m.forEach((k, v) -> b.append(String.format(Locale.ROOT, "  %-40s %8d%n", k, v)));
    }

    private static void htable(StringBuilder b, Map<String, Long> m) {
        if (m.isEmpty()) {
            b.append("<p>(none)</p>");
            return;
        }
        b.append("<table border=\"1\" cellpadding=\"4\" cellspacing=\"0\">");
        m.forEach((k, v) -> b.append("<tr><td>").append(escape(k)).append("</td><td align=\"right\">").append(v)
                .append("</td></tr>"));
        b.append("</table>");
    }

    static String ms(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.1f ms", v);
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
