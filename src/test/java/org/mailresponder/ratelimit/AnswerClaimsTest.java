package org.mailresponder.ratelimit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mailresponder.compose.AnswerBody;
import org.mailresponder.compose.DeliveryMethods;
import org.mailresponder.compose.OutgoingMail;
import org.mailresponder.config.SendMethod;
import org.mailresponder.testing.TestDatabaseExtension;
import org.mailresponder.testing.TestDatabaseExtension.Kind;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The second phase of answer claims: batched confirmation, and the start-up check after a crash. */
class AnswerClaimsTest {

    static final String R1 = "a".repeat(64);
    static final String R2 = "b".repeat(64);
    static final String R3 = "c".repeat(64);

    @TempDir
    Path dir;

    /** Each test's MariaDB or H2 databases (the two the ledger must be exact on), dropped after it. */
    @RegisterExtension
    final TestDatabaseExtension databases = TestDatabaseExtension.mariaDb();

    private static void claim(HikariDataSource ds, String request, int entry, String node, String transport)
            throws Exception {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO answer_log (request_id, entry_idx, claimed_at, state, node, transport) "
                        + "VALUES (?, ?, CURRENT_TIMESTAMP, 'claimed', ?, ?)")) {
            ps.setString(1, request);
            ps.setInt(2, entry);
            ps.setString(3, node);
            ps.setString(4, transport);
            ps.executeUpdate();
        }
    }

    private static Map<String, String> states(HikariDataSource ds) throws Exception {
        Map<String, String> states = new TreeMap<>();
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT request_id, entry_idx, state FROM answer_log"); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                states.put(rs.getString(1).charAt(0) + ":" + rs.getInt(2), rs.getString(3));
            }
        }
        return states;
    }

    private static OutgoingMail mail(String request, int entry) {
        return new OutgoingMail(OutgoingMail.Kind.ANSWER, request, entry, "complaints@responder.test", List.of("x@mail.example"), "Subject: x\r\n",
                new AnswerBody("text/plain", new byte[0]), SendMethod.DEFAULT);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void startUpSettlesThisNodesUnconfirmedClaimsOnly(Kind kind) throws Exception {
        HikariDataSource ds = databases.migratedPool(kind, 4);
        claim(ds, R1, 0, "node-a", "outbox");    // written before the crash
        claim(ds, R1, 1, "node-a", "outbox");    // claimed, never written
        claim(ds, R2, -1, "node-a", "outbox");   // a forward, written
        claim(ds, R3, 0, "node-a", "smtp");      // cannot be checked
        claim(ds, R3, 1, "node-b", "outbox");    // another replica's, in flight
        Path outbox = Files.createDirectories(dir.resolve("outbox"));
        Files.writeString(outbox.resolve(mail(R1, 0).outboxFileName()), "x");
        Files.writeString(outbox.resolve(mail(R2, -1).outboxFileName()), "x");
        Files.writeString(outbox.resolve(".tmp-" + mail(R1, 1).outboxFileName()), "half-written");

        AnswerClaims claims = new AnswerClaims(ds, new DeliveryMethods("outbox"), "node-a");
        AnswerClaims.Recovery r = claims.recover(outbox);

        assertThat(r).isEqualTo(new AnswerClaims.Recovery(2, 1, 1));
        assertThat(states(ds)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "a:0", "sent", "b:-1", "sent", "c:0", "unconfirmed", "c:1", "claimed"));
        assertThat(claims.recover(outbox).total()).as("reported once").isZero();
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void handOffsAreConfirmedInOneBatchAndWaitOutAnOutage(Kind kind) throws Exception {
        HikariDataSource ds = databases.migratedPool(kind, 4);
        AnswerClaims claims = new AnswerClaims(ds, new DeliveryMethods("outbox"), "node-a");
        for (int e = 0; e < 3; e++) {
            claim(ds, R1, e, "node-a", "outbox");
            claims.handedOff(mail(R1, e));
        }
        assertThat(claims.pending()).isEqualTo(3);
        assertThat(claims.confirm()).isEqualTo(3);
        assertThat(states(ds).values()).containsOnly("sent");

        claim(ds, R2, 0, "node-a", "outbox");
        claims.handedOff(mail(R2, 0));
        // the database goes away (the pool is closed: a real failure, not a mock)
        HikariDataSource other = databases.migratedPool(kind, 2);
        AnswerClaims unlucky = new AnswerClaims(other, new DeliveryMethods("outbox"), "node-a");
        unlucky.handedOff(mail(R2, 0));
        other.close();
        assertThatThrownBy(unlucky::confirm).isInstanceOf(java.sql.SQLException.class);
        assertThat(unlucky.pending()).as("kept for the next tick").isEqualTo(1);
        assertThat(unlucky.flush()).isZero();
        assertThat(unlucky.pending()).isEqualTo(1);
    }
}
