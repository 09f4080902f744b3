package org.mailresponder.ratelimit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TimeZone;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.mailresponder.inbound.SenderIdentity;
import org.junit.jupiter.params.provider.EnumSource;
import org.mailresponder.config.ConfigEntry;
import org.mailresponder.config.SendMethod;
import org.mailresponder.database.DatabaseSetup;
import org.mailresponder.inbound.AnswerPlan;
import org.mailresponder.inbound.InboundRequest;
import org.mailresponder.inbound.Outcome;
import org.mailresponder.inbound.ScreenReason;
import org.mailresponder.inbound.Verdict;
import org.mailresponder.testing.TestDatabaseExtension;
import org.mailresponder.testing.TestDatabaseExtension.Kind;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ledger's decisions on a real MariaDB and on H2 (the embedded default), without Camel: exactness under
 * concurrency, recorded decisions on replay, the bounds per recipient domain and per hour, forwards, and retries that
 * send only what was not handed off.
 */
class RequestLedgerTest {

    static final SenderIdentity IDS = new SenderIdentity("ledger-test-key-0123456789");

    /** Each test's MariaDB or H2 databases (the two the ledger must be exact on), dropped after it. */
    @RegisterExtension
    final TestDatabaseExtension databases = TestDatabaseExtension.mariaDb();

    private DataSource db(Kind kind) {
        return databases.migratedPool(kind, 20);
    }

    /** A ledger on the pool the service gives it ({@code ds} stays for the test's own statements, in auto-commit). */
    private RequestLedger ledger(DataSource ds, int dailyLimit, RecipientBounds bounds) {
        return new RequestLedger(ledgerPool(ds), new SenderLimits(dailyLimit, Set.of("exempt.example"),
                Set.of("blocked.example"), ZoneOffset.UTC, Clock.systemUTC()), bounds, SendMethod.OUTBOX, "node-a",
                Clock.systemUTC(), false);
    }

    private DataSource ledgerPool(DataSource ds) {
        return databases.ledgerPool((HikariDataSource) ds, 20);
    }

    static RecipientBounds noCaps() {
        return new RecipientBounds(0, Set.of(), 0, 0, 0);
    }

    static InboundRequest request(String name, String sender) {
        try {
            String id = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(name.getBytes(StandardCharsets.UTF_8)));
            return new InboundRequest(id, "get@responder.test", sender, IDS.hash(sender), "links", "<" + name + ">",
                    List.of(), Map.of(), new byte[0]);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static AnswerPlan plan(int entries) {
        return new AnswerPlan("v1", IntStream.range(0, entries)
                .mapToObj(i -> new ConfigEntry("get@responder.test", i, List.of(), null, SendMethod.DEFAULT)).toList());
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void fiftySimultaneousRequestsFromOneSenderGetExactlyTheDailyLimit(Kind kind) throws Exception {
        RequestLedger ledger = ledger(db(kind), 3, new RecipientBounds(1000, Set.of(), 0, 100000, 0));
        List<Outcome> outcomes = concurrently(50, i -> ledger.decide(request("burst-" + i, "burst@mail.example"),
                plan(2)).outcome());
        assertThat(outcomes).filteredOn(o -> o == Outcome.ANSWERED).hasSize(3);
        assertThat(outcomes).filteredOn(o -> o == Outcome.RATE_LIMITED).hasSize(47);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void fiftySimultaneousRefusalsClaimExactlyOneOverLimitNotice(Kind kind) throws Exception {
        DataSource ds = db(kind);
        RequestLedger ledger = new RequestLedger(ledgerPool(ds), new SenderLimits(3, Set.of(), Set.of(),
                ZoneOffset.UTC, Clock.systemUTC()), noCaps(), SendMethod.OUTBOX, "node-a", Clock.systemUTC(), true);
        List<LimitDecision> decisions = concurrently(50, i -> ledger.decide(request("notice-" + i,
                "notice@mail.example"), plan(1)));
        assertThat(decisions).filteredOn(d -> d.outcome() == Outcome.ANSWERED).hasSize(3);
        List<LimitDecision> noticed = decisions.stream().filter(LimitDecision::notice).toList();
        assertThat(noticed).hasSize(1);
        assertThat(noticed.get(0).outcome()).isEqualTo(Outcome.RATE_LIMITED);
        assertThat(count(ds, "SELECT COUNT(*) FROM answer_log WHERE entry_idx = -3")).isEqualTo(1);

        // the noticed request replayed: its recorded refusal, no second notice
        String noticedId = decisions.indexOf(noticed.get(0)) + "";
        LimitDecision replay = ledger.decide(request("notice-" + noticedId, "notice@mail.example"), plan(1));
        assertThat(replay.outcome()).isEqualTo(Outcome.REPLAY);
        assertThat(replay.notice()).isFalse();
        assertThat(ledger.decide(request("notice-late", "notice@mail.example"), plan(1)).notice()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void fiftySimultaneousForgedSendersAtOneDomainGetExactlyTheDomainCap(Kind kind) throws Exception {
        DataSource ds = db(kind);
        // 20 mails a day to victim.example: 10 requests of 2 mails; the others are refused and use up nothing
        RequestLedger ledger = ledger(ds, 3, new RecipientBounds(20, Set.of(), 0, 0, 0));
        List<Outcome> outcomes = concurrently(50, i -> ledger.decide(request("forged-" + i,
                "user" + i + "@" + (i % 2 == 0 ? "" : "mx" + i + ".") + "victim.example"), plan(2)).outcome());
        assertThat(outcomes).filteredOn(o -> o == Outcome.ANSWERED).hasSize(10);
        assertThat(outcomes).filteredOn(o -> o == Outcome.DOMAIN_CAPPED).hasSize(40);
        assertThat(count(ds, "SELECT SUM(answered) FROM sender_day")).as("refused requests give their count back")
                .isEqualTo(10);
        assertThat(count(ds, "SELECT COUNT(*) FROM answer_log")).isEqualTo(20);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void oneRequestArrivingTwentyTimesAtOnceIsDecidedAndClaimedOnce(Kind kind) throws Exception {
        DataSource ds = db(kind);
        RequestLedger ledger = ledger(ds, 3, new RecipientBounds(1000, Set.of(), 0, 100000, 0));
        InboundRequest same = request("same", "same@mail.example");
        List<LimitDecision> decisions = new ArrayList<>();
        for (Outcome o : concurrently(20, i -> {
            LimitDecision d = ledger.decide(same, plan(2));
            synchronized (decisions) {
                decisions.add(d);
            }
            return d.outcome();
        })) {
            assertThat(o).isIn(Outcome.ANSWERED, Outcome.REPLAY);
        }
        assertThat(decisions).filteredOn(d -> d.outcome() == Outcome.ANSWERED).hasSize(1)
                .allSatisfy(d -> assertThat(d.entries()).hasSize(2));
        assertThat(count(ds, "SELECT answered FROM sender_day")).isEqualTo(1);
        assertThat(count(ds, "SELECT COUNT(*) FROM answer_log")).isEqualTo(2);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aSenderDayFromAnEarlierDayStartsAgainAndItsNoticeIsUnsent(Kind kind) throws Exception {
        DataSource ds = db(kind);
        RequestLedger ledger = ledger(ds, 2, noCaps());
        InboundRequest today = request("today-1", "returning@mail.example");
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO sender_day (sender_hash, req_day, answered, notified) VALUES (?, ?, 2, 1)")) {
            ps.setString(1, today.senderHash());
            ps.setObject(2, java.time.LocalDate.now(ZoneOffset.UTC).minusDays(1));
            ps.executeUpdate();
        }
        assertThat(ledger.decide(today, plan(1)).outcome()).isEqualTo(Outcome.ANSWERED);
        assertThat(count(ds, "SELECT answered FROM sender_day")).isEqualTo(1);
        assertThat(count(ds, "SELECT notified FROM sender_day")).isEqualTo(0);
        assertThat(ledger.decide(request("today-2", "returning@mail.example"), plan(1)).outcome())
                .isEqualTo(Outcome.ANSWERED);
        assertThat(ledger.decide(request("today-3", "returning@mail.example"), plan(1)).outcome())
                .isEqualTo(Outcome.RATE_LIMITED);
        assertThat(count(ds, "SELECT answered FROM sender_day")).as("a refusal leaves the count").isEqualTo(2);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aDailyLimitOfZeroAnswersNoCountedSender(Kind kind) throws Exception {
        DataSource ds = db(kind);
        RequestLedger ledger = ledger(ds, 0, noCaps());
        assertThat(ledger.decide(request("zero", "someone@mail.example"), plan(1)).outcome())
                .isEqualTo(Outcome.RATE_LIMITED);
        assertThat(ledger.decide(request("exempt", "someone@exempt.example"), plan(1)).outcome())
                .as("an exempt domain is not counted").isEqualTo(Outcome.ANSWERED);
        assertThat(count(ds, "SELECT COALESCE(SUM(answered), 0) FROM sender_day")).isEqualTo(0);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aReplayGetsItsRecordedDecisionAndIsNeverCountedAgain(Kind kind) throws Exception {
        DataSource ds = db(kind);
        RequestLedger ledger = ledger(ds, 1, noCaps());
        InboundRequest first = request("first", "someone@mail.example");
        InboundRequest second = request("second", "someone@mail.example");
        assertThat(ledger.decide(first, plan(2)).outcome()).isEqualTo(Outcome.ANSWERED);
        assertThat(ledger.decide(second, plan(2)).outcome()).isEqualTo(Outcome.RATE_LIMITED);
        LimitDecision replayFirst = ledger.decide(first, plan(2));
        assertThat(replayFirst.outcome()).isEqualTo(Outcome.REPLAY);
        assertThat(replayFirst.reported().code()).isEqualTo("replay");
        assertThat(replayFirst.detail()).contains("answered");
        assertThat(replayFirst.entries()).isEmpty();
        assertThat(ledger.decide(second, plan(2)).detail()).contains("rate-limited");
        assertThat(count(ds, "SELECT answered FROM sender_day")).isEqualTo(1);

        // blocked stays blocked, even once the block is lifted: the decision was recorded
        InboundRequest blocked = request("blocked", "u@blocked.example");
        assertThat(ledger.decide(blocked, plan(2)).outcome()).isEqualTo(Outcome.BLOCKED);
        assertThat(ledger.decide(blocked, plan(2)).outcome()).isEqualTo(Outcome.REPLAY);
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO sender_list VALUES ('domain', 'listed.example', 'BLOCK', CURRENT_TIMESTAMP)");
        }
        InboundRequest listed = request("listed", "u@listed.example");
        assertThat(ledger.decide(listed, plan(2)).outcome()).isEqualTo(Outcome.BLOCKED);
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM sender_list");
        }
        assertThat(ledger.decide(listed, plan(2)).outcome()).isEqualTo(Outcome.REPLAY);
        assertThat(count(ds, "SELECT COUNT(*) FROM answer_log")).isEqualTo(2);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aRetryClaimsOnlyTheMailsThatWereNotHandedOff(Kind kind) throws Exception {
        DataSource ds = db(kind);
        RequestLedger ledger = ledger(ds, 3, noCaps());
        AnswerClaims claims = new AnswerClaims(ds, new org.mailresponder.compose.DeliveryMethods("outbox"), "node-a");
        InboundRequest r = request("retry", "retry@mail.example");
        LimitDecision first = ledger.decide(r, plan(3));
        assertThat(first.entries()).extracting(ConfigEntry::index).containsExactly(0, 1, 2);
        // entry 0 went out; 1 and 2 failed and gave their claims back
        claims.release(r.requestId(), 1);
        claims.release(r.requestId(), 2);
        LimitDecision retry = ledger.decide(r, plan(3));
        assertThat(retry.outcome()).isEqualTo(Outcome.ANSWERED);
        assertThat(retry.entries()).extracting(ConfigEntry::index).containsExactly(1, 2);
        assertThat(ledger.decide(r, plan(3)).outcome()).isEqualTo(Outcome.REPLAY);
        // a config that gained an entry since adds nothing to an old request
        assertThat(ledger.decide(r, plan(4)).outcome()).isEqualTo(Outcome.REPLAY);
        assertThat(count(ds, "SELECT answered FROM sender_day")).as("counted once").isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void theGlobalCapRefusesBeyondItAndRefusedRequestsUseUpNothing(Kind kind) throws Exception {
        DataSource ds = db(kind);
        RequestLedger ledger = ledger(ds, 3, new RecipientBounds(100, Set.of(), 0, 5, 0));
        List<Outcome> outcomes = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            outcomes.add(ledger.decide(request("g-" + i, "user@domain" + i + ".example"), plan(2)).outcome());
        }
        // 2 + 2 mails fit in 5; the third request's 2 would not
        assertThat(outcomes).containsExactly(Outcome.ANSWERED, Outcome.ANSWERED,
                Outcome.GLOBAL_CAPPED, Outcome.GLOBAL_CAPPED, Outcome.GLOBAL_CAPPED,
                Outcome.GLOBAL_CAPPED);
        // one mail still fits
        assertThat(ledger.decide(request("g-one", "user@other.example"), plan(1)).outcome())
                .isEqualTo(Outcome.ANSWERED);
        assertThat(count(ds, "SELECT SUM(answered) FROM sender_day")).isEqualTo(3);
        assertThat(count(ds, "SELECT SUM(cnt) FROM limit_counter WHERE counter_key LIKE 'domain:%'")).isEqualTo(5);
        assertThat(ledger.decide(request("g-3", "user@domain3.example"), plan(2)).detail())
                .contains("global-capped");
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void sharedProvidersHaveTheirOwnCapAndAllowedSendersSkipTheDomainCap(Kind kind) throws Exception {
        DataSource ds = db(kind);
        RequestLedger ledger = ledger(ds, 3, new RecipientBounds(2, Set.of("gmail.com"), 6, 0, 0));
        List<Outcome> gmail = new ArrayList<>();
        List<Outcome> small = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            gmail.add(ledger.decide(request("gm-" + i, "u" + i + "@googlemail.com"), plan(1)).outcome());
            small.add(ledger.decide(request("sm-" + i, "u" + i + "@small.example"), plan(1)).outcome());
        }
        assertThat(gmail).filteredOn(o -> o == Outcome.ANSWERED).hasSize(6);
        assertThat(small).filteredOn(o -> o == Outcome.ANSWERED).hasSize(2);
        assertThat(ledger.decide(request("ex", "u@exempt.example"), plan(5)).outcome()).isEqualTo(Outcome.ANSWERED);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void forwardsAreBoundedPerHourRecordedAndSentOnce(Kind kind) throws Exception {
        DataSource ds = db(kind);
        RequestLedger ledger = ledger(ds, 3, new RecipientBounds(0, Set.of(), 0, 0, 3));
        AnswerClaims claims = new AnswerClaims(ds, new org.mailresponder.compose.DeliveryMethods("outbox"), "node-a");
        Verdict bounce = Verdict.forward(ScreenReason.BOUNCE, "MAILER-DAEMON sender");
        List<LimitDecision> decisions = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            decisions.add(ledger.forward(request("bounce-" + i, "mailer-daemon@mx.example"), bounce));
        }
        assertThat(decisions).extracting(LimitDecision::outcome).containsExactly(Outcome.FORWARDED,
                Outcome.FORWARDED, Outcome.FORWARDED, Outcome.FORWARD_CAPPED, Outcome.FORWARD_CAPPED);
        assertThat(decisions.get(0).reported().code()).isEqualTo("bounce");
        assertThat(decisions.get(4).reported().code()).isEqualTo("forward-capped");
        InboundRequest first = request("bounce-0", "mailer-daemon@mx.example");
        assertThat(ledger.forward(first, bounce).outcome()).isEqualTo(Outcome.REPLAY);
        // the forward failed and gave its claim back: the retry forwards it, once
        claims.release(first.requestId(), -1);
        assertThat(ledger.forward(first, bounce).outcome()).isEqualTo(Outcome.FORWARDED);
        assertThat(ledger.forward(first, bounce).outcome()).isEqualTo(Outcome.REPLAY);
        assertThat(ledger.forward(request("bounce-4", "mailer-daemon@mx.example"), bounce).outcome())
                .isEqualTo(Outcome.REPLAY);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aPreviewDecidesLikeTheServiceAndLeavesNoTrace(Kind kind) throws Exception {
        DataSource ds = db(kind);
        RequestLedger ledger = ledger(ds, 1, new RecipientBounds(10, Set.of(), 0, 10, 0));
        InboundRequest r = request("preview", "p@mail.example");
        LimitDecision preview = ledger.preview(r, plan(2));
        assertThat(preview.outcome()).isEqualTo(Outcome.ANSWERED);
        assertThat(preview.entries()).hasSize(2);
        for (String table : List.of("request_seen", "answer_log", "sender_day")) {
            assertThat(count(ds, "SELECT COUNT(*) FROM " + table)).as(table).isZero();
        }
        assertThat(count(ds, "SELECT COALESCE(SUM(cnt), 0) FROM limit_counter")).isZero();
        assertThat(ledger.decide(r, plan(2)).outcome()).isEqualTo(Outcome.ANSWERED);
        assertThat(ledger.preview(request("preview-2", "p@mail.example"), plan(2)).outcome())
                .isEqualTo(Outcome.RATE_LIMITED);
    }

    /**
     * On MariaDB the usual request's statements go as one text with its claim (UsualDecision): two round trips, that
     * text and the commit. A replay of a request decided here sends its claim alone and is told by it (one decided
     * elsewhere is told by the claim at the head of the text: see the next test). A request that the text does not
     * settle is rolled back to the savepoint after its claim and decided statement by statement; a flood of the same
     * kind (one sender over its limit) then goes that way at once instead of paying for the text and its rollback
     * every time. Round trips are counted by the driver (RoundTripCounter).
     */
    @Test
    void theUsualRequestTakesTwoRoundTripsReplaysFourAndFloodsGoTheLongWayAtOnce() throws Exception {
        try (HikariDataSource counted = roundTripCountedPool()) {
            HikariDataSource ledgerPool = databases.ledgerPool(counted, 1);
            RequestLedger ledger = new RequestLedger(ledgerPool, new SenderLimits(1, Set.of(),
                    Set.of(), ZoneOffset.UTC, Clock.systemUTC()), new RecipientBounds(1000, Set.of(), 0, 100000, 0),
                    SendMethod.OUTBOX, "node-a", Clock.systemUTC(), false);
            // the counters' first requests in their periods go the long way (their rows may not exist yet); a
            // replay and a refusal prepare the statements only they use, once per connection (the pool has one)
            for (int i = 0; i < 20; i++) {
                ledger.decide(request("warm-" + i, "warm" + i + "@mail.example"), plan(2));
            }
            assertThat(ledger.decide(request("warm-0", "warm0@mail.example"), plan(2)).outcome())
                    .isEqualTo(Outcome.REPLAY);
            assertThat(ledger.decide(request("warm-over", "warm0@mail.example"), plan(2)).outcome())
                    .isEqualTo(Outcome.RATE_LIMITED);
            awaitFull(counted, ledgerPool);

            long usual = roundTrips(() -> assertThat(ledger.decide(request("usual", "usual@mail.example"), plan(2))
                    .outcome()).isEqualTo(Outcome.ANSWERED));
            assertThat(usual).as("round trips of the usual request").isEqualTo(2);

            long replays = roundTrips(() -> {
                for (int i = 0; i < 20; i++) {
                    assertThat(ledger.decide(request("warm-" + i, "warm" + i + "@mail.example"), plan(2)).outcome())
                            .isEqualTo(Outcome.REPLAY);
                }
            });
            // a replay, each of another request decided here: its claim alone (none), read the recorded decision and
            // the claims, commit
            assertThat(replays).as("round trips of 20 replays").isEqualTo(20 * 4);

            long overLimit = roundTrips(() -> {
                for (int i = 0; i < 20; i++) {
                    assertThat(ledger.decide(request("again-" + i, "usual@mail.example"), plan(2)).outcome())
                            .isEqualTo(Outcome.RATE_LIMITED);
                }
            });
            // each: claim, lists, day count (none left), refusal, commit; the first claims in the text instead and
            // adds its rollback to the savepoint
            assertThat(overLimit).as("round trips of 20 requests over the sender's limit").isEqualTo(1 + 20 * 5);
        }
    }

    /**
     * A replay of a request this ledger decided sends its claim alone: the usual text would stop at its claim, but
     * only after the ledger built it and the driver raised the duplicate key. A replay of a request another replica
     * decided (another ledger on the same database) takes the text and is told by its claim; seen once, its next
     * replay goes alone too. Every one of them is a replay, counted once.
     */
    @Test
    void aReplayOfARequestDecidedHereSendsItsClaimAloneOneDecidedElsewhereStopsTheText() throws Exception {
        try (HikariDataSource counted = roundTripCountedPool()) {
            HikariDataSource ledgerPool = databases.ledgerPool(counted, 2);
            RequestLedger here = ledger(ledgerPool, "node-a");
            RequestLedger elsewhere = ledger(ledgerPool, "node-b");
            Decision<Outcome> fromHere = i -> here.decide(request("r-" + i, "r" + i + "@mail.example"), plan(1))
                    .outcome();
            Decision<Outcome> fromElsewhere = i -> elsewhere.decide(request("r-" + i, "r" + i + "@mail.example"),
                    plan(1)).outcome();

            assertThat(usualTexts(fromHere, Outcome.ANSWERED)).as("texts of 20 new requests").isEqualTo(20);
            assertThat(usualTexts(fromHere, Outcome.REPLAY)).as("texts of their replays, decided here").isZero();
            assertThat(usualTexts(fromElsewhere, Outcome.REPLAY)).as("texts of their replays, decided elsewhere")
                    .isEqualTo(20);
            assertThat(usualTexts(fromElsewhere, Outcome.REPLAY)).as("texts of their next replays there").isZero();

            assertThat(count(counted, "SELECT COUNT(*) FROM request_seen")).isEqualTo(20);
            assertThat(count(counted, "SELECT COUNT(*) FROM answer_log")).isEqualTo(20);
            assertThat(count(counted, "SELECT SUM(answered) FROM sender_day")).as("each sender's day, counted once")
                    .isEqualTo(20);
        }
    }

    /**
     * The ledger remembers a request as decided before its transaction commits, so a decision rolled back (an outage
     * after the text) leaves the memory saying "decided" while the database holds nothing. The retry then sends the
     * claim alone, finds the request new, and decides it the long way: answered and counted once, never a replay. The
     * rollback is stood in for by deleting what the first decision wrote (an outage mid-transaction cannot be made to
     * happen on cue against the real server).
     */
    @Test
    void aRequestRememberedButRolledBackIsDecidedAgainTheLongWayAndCountedOnce() throws Exception {
        try (HikariDataSource counted = roundTripCountedPool()) {
            RequestLedger ledger = ledger(databases.ledgerPool(counted, 1), "node-a");
            InboundRequest r = request("rolled-back", "rb@mail.example");
            assertThat(ledger.decide(r, plan(1)).outcome()).isEqualTo(Outcome.ANSWERED);
            try (Connection c = counted.getConnection(); Statement s = c.createStatement()) {
                for (String table : List.of("request_seen", "answer_log", "sender_day")) {
                    s.executeUpdate("DELETE FROM " + table);
                }
            }

            long texts = RoundTripCounter.USUAL_TEXTS.get();
            assertThat(ledger.decide(r, plan(1)).outcome()).as("the retry").isEqualTo(Outcome.ANSWERED);

            assertThat(RoundTripCounter.USUAL_TEXTS.get() - texts).as("usual texts sent by the retry").isZero();
            assertThat(count(counted, "SELECT COUNT(*) FROM request_seen")).isEqualTo(1);
            assertThat(count(counted, "SELECT COUNT(*) FROM answer_log")).isEqualTo(1);
            assertThat(count(counted, "SELECT SUM(answered) FROM sender_day")).as("the sender's day").isEqualTo(1);
        }
    }

    private static RequestLedger ledger(DataSource pool, String node) {
        return new RequestLedger(pool, new SenderLimits(3, Set.of(), Set.of(), ZoneOffset.UTC, Clock.systemUTC()),
                noCaps(), SendMethod.OUTBOX, node, Clock.systemUTC(), false);
    }

    /** The usual texts sent while deciding 20 requests, each of which must come out as {@code expected}. */
    private static long usualTexts(Decision<Outcome> decide, Outcome expected) throws Exception {
        long before = RoundTripCounter.USUAL_TEXTS.get();
        for (int i = 0; i < 20; i++) {
            assertThat(decide.decide(i)).as("request " + i).isEqualTo(expected);
        }
        return RoundTripCounter.USUAL_TEXTS.get() - before;
    }

    /**
     * Requests to a recipient domain whose daily cap is reached go the long way at once, once the first of them has
     * found the counter full through the usual text: each later one costs a round trip fewer than that first one (the
     * text, with the claim, and its rollback to the savepoint, against the claim alone).
     */
    @Test
    void requestsToAFullCounterGoTheLongWayAtOnce() throws Exception {
        try (HikariDataSource counted = roundTripCountedPool()) {
            HikariDataSource ledgerPool = databases.ledgerPool(counted, 1);
            // 2 answer mails a day to any one domain; no global cap
            RequestLedger ledger = new RequestLedger(ledgerPool, new SenderLimits(3, Set.of(), Set.of(),
                    ZoneOffset.UTC, Clock.systemUTC()), new RecipientBounds(2, Set.of(), 0, 0, 0), SendMethod.OUTBOX,
                    "node-a", Clock.systemUTC(), false);
            // another domain to its cap and past it: every statement the refusal uses is prepared on the connection
            for (int i = 0; i < 4; i++) {
                ledger.decide(request("warm-" + i, "w" + i + "@warm.example"), plan(1));
            }
            for (int i = 0; i < 2; i++) {
                assertThat(ledger.decide(request("victim-" + i, "v" + i + "@victim.example"), plan(1)).outcome())
                        .isEqualTo(Outcome.ANSWERED);
            }
            awaitFull(counted, ledgerPool);

            long first = roundTrips(() -> assertThat(ledger.decide(request("victim-2", "v2@victim.example"),
                    plan(1)).outcome()).isEqualTo(Outcome.DOMAIN_CAPPED));
            for (int i = 3; i < 13; i++) {
                InboundRequest r = request("victim-" + i, "v" + i + "@victim.example");
                long later = roundTrips(() -> assertThat(ledger.decide(r, plan(1)).outcome())
                        .isEqualTo(Outcome.DOMAIN_CAPPED));
                assertThat(later).as("round trips of refused request " + i + " (the first took " + first + ")")
                        .isEqualTo(first - 1);
            }
        }
    }

    /**
     * A new request one of whose mails is claimed already (a claim left behind under the same request id, say by a
     * record pruned before its claims) is found other than usual by the claims at the end of the usual request's
     * text: what the text counted is rolled back to its savepoint, and the long way counts the sender's day once, not
     * twice.
     */
    @Test
    void aClaimLeftBehindSendsTheRequestTheLongWayCountedOnce() throws Exception {
        DataSource ds = db(Kind.MARIADB);
        RequestLedger ledger = ledger(ds, 3, noCaps());
        InboundRequest r = request("left-behind", "l@mail.example");
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("INSERT INTO answer_log"
                + " (request_id, entry_idx, claimed_at, state, node, transport)"
                + " VALUES (?, 0, CURRENT_TIMESTAMP, 'sent', 'node-b', 'outbox')")) {
            ps.setString(1, r.requestId());
            ps.executeUpdate();
        }
        assertThat(ledger.decide(r, plan(2)).outcome()).isEqualTo(Outcome.ANSWERED);
        assertThat(count(ds, "SELECT answered FROM sender_day")).as("the sender's day, counted once").isEqualTo(1);
        assertThat(count(ds, "SELECT COUNT(*) FROM request_seen")).isEqualTo(1);
        assertThat(count(ds, "SELECT COUNT(*) FROM answer_log")).isEqualTo(2);
    }

    /**
     * The limit's day is the day in responder.rate-limit.zone (UTC here), whatever the JVM's own zone: a request
     * decided in one text and one decided statement by statement both record it, on a JVM 14 hours ahead of UTC and
     * on one 10 hours behind (the driver reads the JVM's zone when it connects).
     */
    @Test
    void theDayRecordedIsTheLimitsDayWhateverTheJvmsZone() throws Exception {
        TimeZone jvmZone = TimeZone.getDefault();
        try {
            for (String zone : List.of("Pacific/Kiritimati", "Pacific/Honolulu")) {
                TimeZone.setDefault(TimeZone.getTimeZone(zone));
                HikariDataSource ds = (HikariDataSource) db(Kind.MARIADB);
                SenderLimits limits = new SenderLimits(1, Set.of(), Set.of("blocked.example"), ZoneOffset.UTC,
                        Clock.systemUTC());
                RequestLedger ledger = new RequestLedger(ledgerPool(ds), limits, noCaps(), SendMethod.OUTBOX,
                        "node-a", Clock.systemUTC(), false);
                assertThat(ledger.decide(request("zone-usual", "z@mail.example"), plan(1)).outcome())
                        .isEqualTo(Outcome.ANSWERED);
                // a configured blocked domain goes statement by statement
                assertThat(ledger.decide(request("zone-long", "z@blocked.example"), plan(1)).outcome())
                        .isEqualTo(Outcome.BLOCKED);
                assertThat(ledger.decide(request("zone-over", "z@mail.example"), plan(1)).outcome())
                        .isEqualTo(Outcome.RATE_LIMITED);
                String today = limits.day().toString();
                try (Connection c = ds.getConnection(); Statement st = c.createStatement();
                     ResultSet rs = st.executeQuery("SELECT DATE_FORMAT(req_day, '%Y-%m-%d') FROM request_seen"
                             + " UNION ALL SELECT DATE_FORMAT(req_day, '%Y-%m-%d') FROM sender_day")) {
                    List<String> days = new ArrayList<>();
                    while (rs.next()) {
                        days.add(rs.getString(1));
                    }
                    assertThat(days).as(zone).hasSize(4).containsOnly(today);
                }
            }
        } finally {
            TimeZone.setDefault(jvmZone);
        }
    }

    /**
     * The usual request's text is prepared by the driver on the client (a text of several statements cannot be
     * prepared on the server), so each parameter is escaped into it. A sender domain is whatever a stranger wrote:
     * quotes, a backslash and semicolons in it stay data.
     */
    @Test
    void aSenderDomainWithQuotesAndSemicolonsStaysDataInTheUsualText() throws Exception {
        DataSource ds = db(Kind.MARIADB);
        RequestLedger ledger = ledger(ds, 3, noCaps());
        String domain = "x\\'; DELETE FROM request_seen; UPDATE sender_day SET answered = 0; -- '\"example";
        for (int i = 0; i < 3; i++) {
            assertThat(ledger.decide(request("quoted-" + i, "u@" + domain), plan(1)).outcome())
                    .isEqualTo(Outcome.ANSWERED);
        }
        assertThat(ledger.decide(request("quoted-3", "u@" + domain), plan(1)).outcome())
                .isEqualTo(Outcome.RATE_LIMITED);
        assertThat(count(ds, "SELECT COUNT(*) FROM request_seen")).isEqualTo(4);
        assertThat(count(ds, "SELECT answered FROM sender_day")).isEqualTo(3);
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO sender_list VALUES ('domain', '" + domain.toLowerCase(Locale.ROOT)
                    .replace("\\", "\\\\").replace("'", "''") + "', 'BLOCK', CURRENT_TIMESTAMP)");
        }
        assertThat(ledger.decide(request("quoted-4", "v@" + domain), plan(1)).outcome()).isEqualTo(Outcome.BLOCKED);
    }

    /** A migrated MariaDB pool of 2 whose connections, and a ledger pool made from it, count their round trips. */
    private HikariDataSource roundTripCountedPool() {
        HikariDataSource migrated = (HikariDataSource) db(Kind.MARIADB);
        String url = migrated.getJdbcUrl() + "&queryInterceptors=" + RoundTripCounter.class.getName();
        return DatabaseSetup.dataSource(url, migrated.getUsername(), migrated.getPassword(), 2,
                new DatabaseSetup.Timeouts(5000, 30000, 5000));
    }

    /** Both pools full, so that no connection is opened (and set up by queries) while round trips are counted. */
    private static void awaitFull(HikariDataSource counted, HikariDataSource ledgerPool) {
        Awaitility.await().until(() -> counted.getHikariPoolMXBean().getTotalConnections() == 2
                && ledgerPool.getHikariPoolMXBean().getTotalConnections() == 1);
    }

    interface Work {
        void run() throws Exception;
    }

    private static long roundTrips(Work work) throws Exception {
        long before = RoundTripCounter.COMMANDS.get();
        work.run();
        return RoundTripCounter.COMMANDS.get() - before;
    }

    interface Decision<T> {
        T decide(int i) throws Exception;
    }

    /** Runs n decisions at once: all threads wait at a latch, then race. */
    static <T> List<T> concurrently(int n, Decision<T> decision) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int k = i;
                Callable<T> task = () -> {
                    start.await();
                    return decision.decide(k);
                };
                futures.add(pool.submit(task));
            }
            start.countDown();
            List<T> out = new ArrayList<>();
            for (Future<T> f : futures) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    static long count(DataSource ds, String sql) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
