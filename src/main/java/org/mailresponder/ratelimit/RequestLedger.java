package org.mailresponder.ratelimit;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransactionRollbackException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import javax.sql.DataSource;

import org.mailresponder.compose.OutgoingMail;
import org.mailresponder.config.ConfigEntry;
import org.mailresponder.config.SendMethod;
import org.mailresponder.database.DatabaseSetup;
import org.mailresponder.database.SqlFile;
import org.mailresponder.inbound.AnswerPlan;
import org.mailresponder.inbound.InboundRequest;
import org.mailresponder.inbound.Outcome;
import org.mailresponder.inbound.Verdict;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides what a request gets, records the decision and claims the mails it allows, all in one database transaction
 * (one commit per request): claim the request, or read the decision recorded for it; look up the sender's and its
 * domain's list entries; count the sender's day; count the mails against the recipient domain's daily cap and the
 * cluster's hourly cap; record a refusal; claim the answer mails. A replayed request gets its recorded decision and is
 * neither counted nor answered again; a retry of an answered request (after an outage or a crash) claims only the
 * mails that were never handed off, one insert each, so each goes out at most once even when replays race.
 *
 * <p>Atomic under concurrency on MySQL/MariaDB and H2: every counter is changed by a conditional {@code UPDATE} on a
 * row the transaction has locked by an upsert, and rows are always locked in one order (request, sender, recipient
 * domain, global, claims), so concurrent requests take turns instead of deadlocking. A bound that refuses a request
 * gives back what the earlier ones counted, so a refused request uses up nothing.
 */
public class RequestLedger {

    private static final Logger LOG = LoggerFactory.getLogger(RequestLedger.class);

    /** Deadlocks cannot happen by the lock order above; a victim of anything else is retried a few times. */
    private static final int ATTEMPTS = 3;
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH");

    private static final String REQUEST_CLAIM = SqlFile.read("request-claim");
    private static final String REQUEST_CLAIM_FIRST = SqlFile.read("request-claim-first");
    private static final String REQUEST_DECISION = SqlFile.read("request-decision");
    private static final String REQUEST_REFUSED = SqlFile.read("request-refused");
    private static final String SENDER_LISTS = SqlFile.read("sender-lists");
    private static final String SENDER_DAY_ANSWERED = SqlFile.read("sender-day-answered");
    private static final String SENDER_DAY_NOTIFY = SqlFile.read("sender-day-notify");
    private static final String SENDER_DAY_UPSERT = SqlFile.read("sender-day-upsert");
    private static final String SENDER_DAY_INCREMENT = SqlFile.read("sender-day-increment");
    private static final String SENDER_DAY_DECREMENT = SqlFile.read("sender-day-decrement");
    private static final String SENDER_DAY_COUNT = SqlFile.read("sender-day-count");
    private static final String COUNTER_UPSERT = SqlFile.read("counter-upsert");
    private static final String COUNTER_ADD = SqlFile.read("counter-add");
    private static final String COUNTER_ADD_CURRENT = SqlFile.read("counter-add-current");
    private static final String COUNTER_SUBTRACT = SqlFile.read("counter-subtract");
    private static final String ANSWER_CLAIMS = SqlFile.read("answer-claims");
    private static final String ANSWER_CLAIM = SqlFile.read("answer-claim");
    /** {@link #ANSWER_CLAIM} up to its VALUES row, and that row, which {@link #claimRows} repeats. */
    private static final int CLAIM_VALUES = ANSWER_CLAIM.toUpperCase(Locale.ROOT).lastIndexOf("VALUES");
    private static final String CLAIM_HEAD = ANSWER_CLAIM.substring(0, CLAIM_VALUES) + "VALUES ";
    private static final String CLAIM_ROW = ANSWER_CLAIM.substring(CLAIM_VALUES + "VALUES".length()).strip();
    /** The bound of each {@link PeriodMemory}. */
    private static final int REMEMBERED = 10_000;

    private final DataSource dataSource;
    private final SenderLimits limits;
    private final RecipientBounds bounds;
    private final SendMethod defaultMethod;
    private final String node;
    private final Clock clock;
    /** {@code responder.over-limit-notice.enabled}: the first refusal of a sender-day by its limit sends a notice. */
    private final boolean overLimitNotice;
    /** Update counts tell changed rows ({@link DatabaseSetup#reportsChangedRows}): a day counts in one statement. */
    private final boolean countsChangedRows;
    /** The usual request's statements go as one text ({@link UsualDecision}; MySQL/MariaDB), unless its answers
     * could not be read. */
    private volatile boolean usualText;
    /**
     * What sent a request the long way, so that its likes go there at once: under a flood of one sender's requests or
     * of requests to a full counter, each then costs the round trips it did before the usual statements went as one
     * text, not those and a wasted text as well. Senders at their daily limit or on a list, to the day.
     */
    private final PeriodMemory sendersTheLongWay = new PeriodMemory(REMEMBERED);
    /** Counters found without room, to their period. */
    private final PeriodMemory fullCounters = new PeriodMemory(REMEMBERED);
    /** Counter rows known to be of a period, so most requests count with one statement. */
    private final PeriodMemory knownCounters = new PeriodMemory(REMEMBERED);
    /**
     * Requests this ledger has decided, to the day. One seen again (a replay) sends its claim alone, which a replay
     * answers for less than the usual text it would stop at its head (the text built and Connector/J's exception for
     * nothing). Replays of requests decided elsewhere or forgotten take the text, and are told just as well.
     */
    private final PeriodMemory requestsDecided = new PeriodMemory(REMEMBERED);

    /**
     * @param defaultMethod {@code responder.delivery.method}, recorded with each claim (the start-up check looks for
     *                      crash-cut outbox answers)
     * @param node            this replica's name in the claims it makes
     * @param overLimitNotice whether a sender's first request over its daily limit gets the over-limit notice
     */
    public RequestLedger(DataSource dataSource, SenderLimits limits, RecipientBounds bounds, SendMethod defaultMethod,
                         String node, Clock clock, boolean overLimitNotice) {
        this.dataSource = dataSource;
        this.limits = limits;
        this.bounds = bounds;
        this.defaultMethod = defaultMethod;
        this.node = node;
        this.clock = clock;
        this.overLimitNotice = overLimitNotice;
        this.countsChangedRows = DatabaseSetup.reportsChangedRows(dataSource);
        this.usualText = countsChangedRows && DatabaseSetup.runsStatementsTogether(dataSource);
    }

    /** The pool the ledger's transactions run on (CommitsPerRequestTest reads its connections' counters). */
    DataSource pool() {
        return dataSource;
    }

    /** What an answerable request gets; ANSWERED comes with its mails claimed. */
    public LimitDecision decide(InboundRequest request, AnswerPlan plan) throws SQLException {
        return inTransaction(c -> decide(c, request, plan), true);
    }

    /**
     * The same decision, in a transaction that is rolled back: nothing is counted, recorded or claimed. An ANSWERED
     * preview says where the request stands against the sender's daily limit, read inside that transaction.
     */
    public LimitDecision preview(InboundRequest request, AnswerPlan plan) throws SQLException {
        return inTransaction(c -> {
            LimitDecision d = decide(c, request, plan);
            if (d.outcome() != Outcome.ANSWERED) {
                return d;
            }
            LocalDate day = limits.day();
            String standing = policy(c, request) != SenderLimits.Decision.COUNT ? "not counted (allowed)"
                    : "would be answer " + answered(c, request.senderHash(), day) + " of " + limits.dailyLimit()
                    + " on " + day;
            return new LimitDecision(d.outcome(), d.reported(), d.detail() == null ? standing
                    : d.detail() + "; " + standing, d.configVersion(), d.entries());
        }, false);
    }

    /** {@link #forward}'s decision, in a transaction that is rolled back. */
    public LimitDecision previewForward(InboundRequest request, Verdict verdict) throws SQLException {
        return inTransaction(c -> forward(c, request, verdict), false);
    }

    /** Whether a complaint or bounce is forwarded to the admins: recorded once, bounded per hour. */
    public LimitDecision forward(InboundRequest request, Verdict verdict) throws SQLException {
        return inTransaction(c -> forward(c, request, verdict), true);
    }

    /** The cutoff for pruning counters: periods before yesterday (in any zone) are over. */
    public String counterCutoff() {
        return LocalDate.now(clock.withZone(ZoneOffset.UTC)).minusDays(2).toString();
    }

    private LimitDecision decide(Connection c, InboundRequest r, AnswerPlan plan) throws SQLException {
        LocalDate day = limits.day();
        int mails = plan.entries().size();
        String today = day.toString();
        // remembered before the decision: one rolled back (an outage) costs its retry round trips, nothing else. Only
        // where the usual text is sent: the claim alone is what every request sends without it
        boolean seenBefore = usualText && requestsDecided.recall(r.requestId(), today);
        UsualDecision usual = usualText && !seenBefore ? usualDecision(r, plan, day, today) : null;
        if (usual != null) {
            UsualDecision.Answers answers = usual.run(c);
            if (answers.seenBefore()) {
                return replay(c, r, plan);
            }
            if (decidedAtOnce(c, r, usual, answers, today)) {
                return answered(plan);
            }
        } else if (update(c, REQUEST_CLAIM, r.requestId(), Date.valueOf(day), Outcome.ANSWERED.code(), mails) == 0) {
            return replay(c, r, plan);
        }
        LimitDecision refusal = applyBounds(c, r, day, mails);
        if (refusal != null) {
            update(c, REQUEST_REFUSED, refusal.outcome().code(), r.requestId());
            return refusal;
        }
        claim(c, r.requestId(), plan.entries());
        return answered(plan);
    }

    private static LimitDecision answered(AnswerPlan plan) {
        return new LimitDecision(Outcome.ANSWERED, Outcome.ANSWERED, null, plan.configVersion(), plan.entries());
    }

    /**
     * The request's claim and, if the request looks usual from what this replica knows (mails to send, counted by the
     * daily limit, not a sender or counter known to go the long way, every counter's row seen in its period), the
     * statements that decide it, as one text ({@link UsualDecision}); null when it does not look usual.
     */
    private UsualDecision usualDecision(InboundRequest r, AnswerPlan plan, LocalDate day, String today) {
        int mails = plan.entries().size();
        if (mails == 0 || limits.dailyLimit() <= 0
                || limits.decide(null, null, r.senderDomain()) != SenderLimits.Decision.COUNT) {
            return null;
        }
        if (sendersTheLongWay.holds(r.senderHash(), today)) {
            return null;
        }
        List<UsualDecision.Counted> counters = new ArrayList<>(2);
        RecipientBounds.Counter domainCounter =
                bounds.domainCounter(RecipientBounds.recipientDomain(r.sender()), r.requestId());
        if (domainCounter != null) {
            counters.add(new UsualDecision.Counted(domainCounter, today));
        }
        RecipientBounds.Counter global = bounds.globalCounter(r.requestId());
        if (global != null) {
            counters.add(new UsualDecision.Counted(global, hour()));
        }
        for (UsualDecision.Counted counted : counters) {
            String key = counted.counter().key();
            if (!knownCounters.holds(key, counted.period()) || fullCounters.holds(key, counted.period())) {
                return null;
            }
        }
        return new UsualDecision(REQUEST_CLAIM_FIRST,
                List.of(r.requestId(), today, Outcome.ANSWERED.code(), mails), mails)
                .lists(SENDER_LISTS, r)
                .countDay(SENDER_DAY_COUNT, r, day, limits.dailyLimit())
                .counters(COUNTER_ADD_CURRENT, counters)
                .claims(claimRows(mails), claimParams(r.requestId(), plan.entries()));
    }

    /**
     * Whether the usual request's text decided it: true = answered, its mails claimed. False = not usual after all (a
     * list entry, a bound reached), and nothing but the request's claim is left: the text was rolled back to its
     * savepoint for the statements to run one by one.
     */
    private boolean decidedAtOnce(Connection c, InboundRequest r, UsualDecision usual, UsualDecision.Answers answers,
                                  String today) throws SQLException {
        UsualDecision.Unusual why = answers.unusual(usual);
        if (why == UsualDecision.Unusual.NONE
                && answers.lists().decide(limits, r.senderDomain()) == SenderLimits.Decision.COUNT) {
            return true;
        }
        UsualDecision.rollBack(c);
        switch (why) {
            // NONE: every count as usual, but the sender or its domain is on a list
            case NONE, DAY_LIMIT -> sendersTheLongWay.remember(r.senderHash(), today);
            case COUNTER -> {
                UsualDecision.Counted full = answers.fullCounter(usual);
                fullCounters.remember(full.counter().key(), full.period());
            }
            case CLAIMS -> { }
            case UNREADABLE -> {
                // a driver or server that reports a text's results otherwise: every request the long way from now on
                usualText = false;
                LOG.warn("The database reported the ledger's statements sent as one text in a way the ledger cannot"
                        + " read; every request is now decided statement by statement (more round trips, the same"
                        + " decisions). Driver: {}", c.getMetaData().getDriverVersion());
            }
        }
        return false;
    }

    /** Null when every bound lets the request through; counters are left counted only then. */
    private LimitDecision applyBounds(Connection c, InboundRequest r, LocalDate day, int mails) throws SQLException {
        SenderLimits.Decision policy = policy(c, r);
        if (policy == SenderLimits.Decision.BLOCK) {
            return LimitDecision.of(Outcome.BLOCKED, "the sender or its domain is blocked");
        }
        // An allowed sender (or exempt domain) is trusted: neither its own count nor its domain's cap applies.
        boolean counted = policy == SenderLimits.Decision.COUNT;
        if (counted) {
            if (!countDay(c, r.senderHash(), day)) {
                String used = limits.dailyLimit() + " of " + limits.dailyLimit() + " answers already used on " + day;
                return overLimitNotice(c, r, day)
                        ? LimitDecision.rateLimitedWithNotice(used + "; over-limit notice sent")
                        : LimitDecision.of(Outcome.RATE_LIMITED, used);
            }
        }
        return applyCaps(c, r, day, mails, counted);
    }

    /**
     * Counts one answer in the sender's day row if that keeps it within the daily limit; false = the limit is reached.
     * Either way the row exists for this day and is locked. One statement where the pool reports changed rows
     * (MySQL/MariaDB, the service's ledger pool), else an upsert and a conditional update.
     */
    private boolean countDay(Connection c, String senderHash, LocalDate day) throws SQLException {
        if (countsChangedRows && limits.dailyLimit() > 0) {
            return update(c, SENDER_DAY_COUNT, senderHash, Date.valueOf(day), limits.dailyLimit()) > 0;
        }
        update(c, SENDER_DAY_UPSERT, senderHash, Date.valueOf(day));
        return update(c, SENDER_DAY_INCREMENT, senderHash, Date.valueOf(day), limits.dailyLimit()) == 1;
    }

    /** The operator's allow/block entries for the sender and its domain, and the configured domain lists. */
    private SenderLimits.Decision policy(Connection c, InboundRequest r) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SENDER_LISTS)) {
            ps.setString(1, r.senderHash());
            ps.setString(2, r.senderDomain());
            try (ResultSet rs = ps.executeQuery()) {
                return ListActions.read(rs).decide(limits, r.senderDomain());
            }
        }
    }

    private static int answered(Connection c, String senderHash, LocalDate day) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SENDER_DAY_ANSWERED)) {
            ps.setString(1, senderHash);
            ps.setDate(2, Date.valueOf(day));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        }
    }

    /** The recipient domain's daily cap, then the cluster's hourly cap; a refusal gives back what was counted. */
    private LimitDecision applyCaps(Connection c, InboundRequest r, LocalDate day, int mails, boolean counted)
            throws SQLException {
        LimitDecision refusal = capsRefusal(c, r, day, mails, counted);
        if (refusal != null && counted) {
            update(c, SENDER_DAY_DECREMENT, r.senderHash());
        }
        return refusal;
    }

    /** The caps alone, for {@code mails} more mails to the sender: null when both let them through. */
    private LimitDecision capsRefusal(Connection c, InboundRequest r, LocalDate day, int mails, boolean domainBound)
            throws SQLException {
        String domain = RecipientBounds.recipientDomain(r.sender());
        RecipientBounds.Counter domainCounter = domainBound ? bounds.domainCounter(domain, r.requestId()) : null;
        if (domainCounter != null && !add(c, domainCounter, day.toString(), mails)) {
            return LimitDecision.of(Outcome.DOMAIN_CAPPED, "daily cap of " + bounds.domainCap(domain)
                    + " answer mails to " + domain + " reached");
        }
        RecipientBounds.Counter global = bounds.globalCounter(r.requestId());
        if (global != null && !add(c, global, hour(), mails)) {
            if (domainCounter != null) {
                update(c, COUNTER_SUBTRACT, mails, domainCounter.key());
            }
            return LimitDecision.of(Outcome.GLOBAL_CAPPED, "global hourly cap of " + bounds.globalHourlyCap()
                    + " answer mails reached");
        }
        return null;
    }

    /**
     * Whether this refusal sends the day's over-limit notice: only the sender-day's first refusal (the flag is set
     * under the day row's lock), and only while the notice fits the recipient domain's and the cluster's caps like
     * any answer mail, so forged senders cannot use notices to get around them. The notice is claimed here, once.
     */
    private boolean overLimitNotice(Connection c, InboundRequest r, LocalDate day) throws SQLException {
        if (!overLimitNotice || update(c, SENDER_DAY_NOTIFY, r.senderHash(), Date.valueOf(day)) == 0) {
            return false;
        }
        return capsRefusal(c, r, day, 1, true) == null
                && claimOne(c, r.requestId(), OutgoingMail.Kind.NOTICE.claimEntry(), transport(SendMethod.DEFAULT));
    }

    private LimitDecision replay(Connection c, InboundRequest r, AnswerPlan plan) throws SQLException {
        Recorded recorded = recorded(c, r.requestId());
        if (recorded.outcome() != Outcome.ANSWERED && !recorded.legacy()) {
            return LimitDecision.replay(recorded.outcome());
        }
        Set<Integer> claimed = claimed(c, r.requestId());
        if (recorded.legacy() && claimed.isEmpty()) {
            return LimitDecision.replay(null);
        }
        // Only mails the first decision allowed: a config that gained entries since adds none to a replay.
        int planned = recorded.legacy() ? plan.entries().size() : recorded.planned();
        List<ConfigEntry> missing = new ArrayList<>();
        for (ConfigEntry e : plan.entries()) {
            if (e.index() < planned && !claimed.contains(e.index())) {
                missing.add(e);
            }
        }
        List<ConfigEntry> mine = new ArrayList<>();
        for (ConfigEntry e : missing) {
            if (claimOne(c, r.requestId(), e.index(), transport(e.sendMethod()))) {
                mine.add(e);
            }
        }
        if (mine.isEmpty()) {
            return LimitDecision.replay(Outcome.ANSWERED);
        }
        return new LimitDecision(Outcome.ANSWERED, Outcome.ANSWERED,
                "retry: " + mine.size() + " answer mail(s) not handed off before", plan.configVersion(), mine);
    }

    private LimitDecision forward(Connection c, InboundRequest r, Verdict verdict) throws SQLException {
        Outcome reason = verdict.outcome();
        LimitDecision forwarded = new LimitDecision(Outcome.FORWARDED, reason, verdict.detail(), null, List.of());
        if (update(c, REQUEST_CLAIM, r.requestId(), Date.valueOf(limits.day()), Outcome.FORWARDED.code(), 1) == 0) {
            Recorded recorded = recorded(c, r.requestId());
            if (recorded.outcome() == Outcome.FORWARDED
                    && claimOne(c, r.requestId(), OutgoingMail.Kind.FORWARD.claimEntry(), transport(SendMethod.DEFAULT))) {
                return forwarded;
            }
            return LimitDecision.replay(recorded.outcome());
        }
        RecipientBounds.Counter counter = bounds.forwardCounter();
        if (counter != null && !add(c, counter, hour(), 1)) {
            update(c, REQUEST_REFUSED, Outcome.FORWARD_CAPPED.code(), r.requestId());
            return new LimitDecision(Outcome.FORWARD_CAPPED, Outcome.FORWARD_CAPPED,
                    reason.code() + " not forwarded: hourly cap of " + bounds.forwardHourlyCap() + " forwards reached",
                    null, List.of());
        }
        claimForward(c, r.requestId());
        return forwarded;
    }

    private record Recorded(Outcome outcome, int planned, boolean legacy) {
    }

    private static Recorded recorded(Connection c, String requestId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(REQUEST_DECISION)) {
            ps.setString(1, requestId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    // claimed by a transaction that then rolled back: seen by no one, so decided by no one
                    throw new SQLTransactionRollbackException("request " + requestId + " vanished while deciding", "40001");
                }
                Outcome outcome = Outcome.ofCode(rs.getString(1).strip());
                return new Recorded(outcome, rs.getInt(2), outcome == null);
            }
        }
    }

    private static Set<Integer> claimed(Connection c, String requestId) throws SQLException {
        Set<Integer> claimed = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement(ANSWER_CLAIMS)) {
            ps.setString(1, requestId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    claimed.add(rs.getInt(1));
                }
            }
        }
        return claimed;
    }

    private void claim(Connection c, String requestId, List<ConfigEntry> entries) throws SQLException {
        if (!entries.isEmpty()) {
            update(c, claimRows(entries.size()), claimParams(requestId, entries).toArray());
        }
    }

    /** The parameters of {@link #claimRows}, row by row. */
    private List<Object> claimParams(String requestId, List<ConfigEntry> entries) {
        List<Object> params = new ArrayList<>(entries.size() * 4);
        for (ConfigEntry e : entries) {
            params.addAll(List.of(requestId, e.index(), node, transport(e.sendMethod())));
        }
        return params;
    }

    /**
     * The claim of {@code rows} mails as one multi-row insert: one round trip, and one statement per row count that
     * the driver prepares once per connection. A JDBC batch cost three: Connector/J rewrites an insert batch into a
     * new statement text, which it prepares, runs and closes on the server every time.
     */
    static String claimRows(int rows) {
        return CLAIM_HEAD + String.join(", ", Collections.nCopies(rows, CLAIM_ROW));
    }

    private void claimForward(Connection c, String requestId) throws SQLException {
        claimOne(c, requestId, OutgoingMail.Kind.FORWARD.claimEntry(), transport(SendMethod.DEFAULT));
    }

    /** One claim, for a retry: concurrent replays may race for it, and the insert says who won. */
    private boolean claimOne(Connection c, String requestId, int entry, String transport) throws SQLException {
        return update(c, ANSWER_CLAIM, requestId, entry, node, transport) == 1;
    }

    private String transport(SendMethod method) {
        return (method == SendMethod.DEFAULT ? defaultMethod : method).routeName();
    }

    /**
     * Counts {@code mails} in a counter if that keeps it within its share of the cap. A row known to be of this
     * period takes one conditional update; otherwise (or when that finds no room) the upsert makes sure the row exists
     * and is of this period, and holds its lock, before the conditional update decides.
     */
    private boolean add(Connection c, RecipientBounds.Counter counter, String period, int mails) throws SQLException {
        if (mails <= 0) {
            // nothing to count; and on a pool that reports changed rows, adding 0 would read as "no room"
            return true;
        }
        if (knownCounters.holds(counter.key(), period)
                && update(c, COUNTER_ADD_CURRENT, mails, counter.key(), period, counter.share() - mails) == 1) {
            return true;
        }
        update(c, COUNTER_UPSERT, counter.key(), period);
        knownCounters.remember(counter.key(), period);
        return update(c, COUNTER_ADD, mails, counter.key(), counter.share() - mails) == 1;
    }

    private String hour() {
        return HOUR.format(clock.instant().atOffset(ZoneOffset.UTC));
    }

    private static int update(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            return ps.executeUpdate();
        }
    }

    @FunctionalInterface
    private interface Work {
        LimitDecision run(Connection c) throws SQLException;
    }

    /**
     * The service gives the ledger a pool that keeps auto-commit off ({@code DatabaseSetup.transactionPool}); on any
     * other, auto-commit is turned off here and the pool (Hikari) puts it back when the connection is returned.
     */
    private LimitDecision inTransaction(Work work, boolean commit) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try (Connection c = dataSource.getConnection()) {
                if (c.getAutoCommit()) {
                    c.setAutoCommit(false);
                }
                try {
                    LimitDecision d = work.run(c);
                    if (commit) {
                        c.commit();
                    } else {
                        c.rollback();
                    }
                    return d;
                } catch (SQLException | RuntimeException e) {
                    try {
                        c.rollback();
                    } catch (SQLException rollbackFailed) {
                        e.addSuppressed(rollbackFailed);
                    }
                    throw e;
                }
            } catch (SQLException e) {
                boolean victim = e instanceof SQLTransactionRollbackException || "40001".equals(e.getSQLState());
                if (!victim || attempt >= ATTEMPTS) {
                    throw e;
                }
            }
        }
    }
}
