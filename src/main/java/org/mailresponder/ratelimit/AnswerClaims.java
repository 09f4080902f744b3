package org.mailresponder.ratelimit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.mailresponder.compose.DeliveryMethods;
import org.mailresponder.compose.OutgoingMail;
import org.mailresponder.config.SendMethod;
import org.mailresponder.database.SqlFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The second phase of an answer claim. {@link RequestLedger} claims mails ({@code claimed}); once a mail is handed
 * off, {@link #handedOff} queues its confirmation and {@link #confirm} (a timer) writes the queue in one batched
 * statement, so confirming costs no commit per answer. A mail that was not handed off gives its claim back
 * ({@link #release}) and the request's retry sends it.
 *
 * <p>At start-up {@link #recover} looks for this node's claims that were never confirmed: the previous run was cut off
 * between claim and hand-off (or before its last confirmations were written). On the outbox transport it can tell:
 * an answer whose {@code .eml} is there is confirmed, one that is missing is released, and the request, still in the
 * maildir, sends it when it is processed again. On SMTP and SES nobody can tell, so such a claim is marked
 * {@code unconfirmed} and reported, never sent again (at most once). Other replicas' claims are theirs: a claim
 * records its node.
 */
public class AnswerClaims {

    private static final Logger LOG = LoggerFactory.getLogger("mail-responder.claims");
    private static final String CLAIM = SqlFile.read("answer-claim");
    private static final String RELEASE = SqlFile.read("answer-release");
    private static final String HANDED_OFF = SqlFile.read("answer-handed-off");
    private static final String UNCONFIRMED = SqlFile.read("answer-unconfirmed");
    private static final String MARK_UNCONFIRMED = SqlFile.read("answer-mark-unconfirmed");
    /** Bounds one flush's statement; the rest waits for the next tick. */
    private static final int MAX_BATCH = 2000;

    private record Claim(String requestId, int entry) {
    }

    /**
     * What the start-up check found.
     *
     * @param confirmed    outbox answers whose file is there
     * @param released     outbox answers whose file is missing: freed, sent again with their request
     * @param unverifiable answers to SMTP or SES: reported, not sent again
     */
    public record Recovery(int confirmed, int released, int unverifiable) {

        public int total() {
            return confirmed + released + unverifiable;
        }
    }

    private final DataSource dataSource;
    private final DeliveryMethods methods;
    private final String node;
    private final ConcurrentLinkedQueue<Claim> handedOff = new ConcurrentLinkedQueue<>();

    public AnswerClaims(DataSource dataSource, DeliveryMethods methods, String node) {
        this.dataSource = dataSource;
        this.methods = methods;
        this.node = node;
    }

    /**
     * A replica's name in its claims when {@code responder.node-id} is not set: the host name (a StatefulSet pod's
     * name survives restarts) and a digest of the maildir, so two replicas on one host differ and a restarted one
     * finds its own claims.
     */
    public static String defaultNode(Path maildir) {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                host = "localhost";
            }
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(maildir.toAbsolutePath().normalize().toString().getBytes(StandardCharsets.UTF_8));
            String name = host + "/" + HexFormat.of().formatHex(digest, 0, 4);
            return name.length() <= 100 ? name : name.substring(name.length() - 100);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public String node() {
        return node;
    }

    /** Claims a mail no decision claimed (the daily stats mail). @return false when it was claimed before */
    public boolean claim(OutgoingMail mail) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(CLAIM)) {
            ps.setString(1, mail.requestId());
            ps.setInt(2, mail.entryIndex());
            ps.setString(3, node);
            ps.setString(4, methods.resolve(mail).routeName());
            return ps.executeUpdate() == 1;
        }
    }

    /** The mail was not handed off: free its claim so the retry sends it. */
    public void release(String requestId, int entry) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(RELEASE)) {
            ps.setString(1, requestId);
            ps.setInt(2, entry);
            ps.executeUpdate();
        }
    }

    public void release(OutgoingMail mail) throws SQLException {
        release(mail.requestId(), mail.entryIndex());
    }

    /** The mail was handed off (or rejected for good); confirmed by the next {@link #confirm}. */
    public void handedOff(OutgoingMail mail) {
        handedOff.add(new Claim(mail.requestId(), mail.entryIndex()));
    }

    /** Confirmations waiting for the next flush. */
    public int pending() {
        return handedOff.size();
    }

    private volatile boolean failing;

    /**
     * The timer's flush: like {@link #confirm}, but a database outage is logged once (the confirmations wait in the
     * queue) instead of failing the timer every tick.
     */
    public int flush() {
        try {
            int n = confirm();
            if (failing) {
                failing = false;
                LOG.info("Hand-off confirmations are written again");
            }
            return n;
        } catch (SQLException | RuntimeException e) {
            if (!failing) {
                failing = true;
                LOG.warn("Hand-off confirmations wait in memory ({} queued): {}", handedOff.size(), e.getMessage());
            }
            return 0;
        }
    }

    /**
     * Writes the queued confirmations in one transaction. If the database fails they go back in the queue.
     *
     * @return how many were confirmed
     */
    public int confirm() throws SQLException {
        List<Claim> batch = new ArrayList<>();
        Claim next;
        while (batch.size() < MAX_BATCH && (next = handedOff.poll()) != null) {
            batch.add(next);
        }
        if (batch.isEmpty()) {
            return 0;
        }
        try {
            inBatch(HANDED_OFF, batch);
            return batch.size();
        } catch (SQLException | RuntimeException e) {
            handedOff.addAll(batch);
            throw e;
        }
    }

    private void inBatch(String sql, List<Claim> claims) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (Claim claim : claims) {
                    ps.setString(1, claim.requestId());
                    ps.setInt(2, claim.entry());
                    ps.addBatch();
                }
                ps.executeBatch();
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** Start-up: settles this node's claims that a crash left unconfirmed (see the class comment). */
    public Recovery recover(Path outbox) throws SQLException {
        List<Claim> outboxClaims = new ArrayList<>();
        List<Claim> others = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(UNCONFIRMED)) {
            ps.setString(1, node);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Claim claim = new Claim(rs.getString(1), rs.getInt(2));
                    (SendMethod.OUTBOX.routeName().equals(rs.getString(3)) ? outboxClaims : others).add(claim);
                }
            }
        }
        if (outboxClaims.isEmpty() && others.isEmpty()) {
            return new Recovery(0, 0, 0);
        }
        Set<String> written = outboxAnswers(outbox);
        List<Claim> found = new ArrayList<>();
        int released = 0;
        for (Claim claim : outboxClaims) {
            if (written.contains(OutgoingMail.outboxKey(claim.requestId(), claim.entry()))) {
                found.add(claim);
            } else {
                release(claim.requestId(), claim.entry());
                released++;
            }
        }
        if (!found.isEmpty()) {
            inBatch(HANDED_OFF, found);
        }
        if (!others.isEmpty()) {
            inBatch(MARK_UNCONFIRMED, others);
        }
        Recovery r = new Recovery(found.size(), released, others.size());
        LOG.warn("{} answer claim(s) of node {} were never confirmed: the previous run stopped between claim and "
                        + "hand-off. Outbox: {} found written (confirmed), {} missing (released: sent when their "
                        + "request is processed again). SMTP/SES: {} cannot be checked (marked unconfirmed, not sent "
                        + "again).", r.total(), node, r.confirmed(), r.released(), r.unverifiable());
        return r;
    }

    private static Set<String> outboxAnswers(Path outbox) {
        Set<String> keys = new HashSet<>();
        if (!Files.isDirectory(outbox)) {
            return keys;
        }
        try (Stream<Path> files = Files.list(outbox)) {
            files.map(f -> f.getFileName().toString())
                    .filter(n -> n.endsWith(".eml") && !n.startsWith("."))
                    .forEach(n -> {
                        int random = n.lastIndexOf('-');
                        if (random > 0) {
                            keys.add(n.substring(0, random));
                        }
                    });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the outbox " + outbox + " to check unconfirmed claims", e);
        }
        return keys;
    }
}
