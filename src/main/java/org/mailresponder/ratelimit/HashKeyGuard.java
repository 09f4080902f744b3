package org.mailresponder.ratelimit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.mailresponder.database.SqlFile;
import org.mailresponder.inbound.SenderIdentity;

/**
 * Refuses a hash key that differs from the one the database's sender hashes were made with. Without it, a replica
 * or an admin command started with another (or a freshly generated) key would count every sender from zero and
 * miss every allow/block entry, and nothing would say so.
 */
public final class HashKeyGuard {

    private static final String RECORD = SqlFile.read("hash-key-record");
    private static final String RECORDED = SqlFile.read("hash-key-recorded");

    private static final String KEY = "hash-key-fingerprint";

    private HashKeyGuard() {
    }

    /** A value derived from the key that reveals nothing about it or about any address. */
    static String fingerprint(SenderIdentity senders) {
        return senders.hashCanonical("mail-responder:hash-key-check").substring(0, 16);
    }

    public static void verify(DataSource db, SenderIdentity senders) {
        String mine = fingerprint(senders);
        try (Connection c = db.getConnection()) {
            try (PreparedStatement insert = c.prepareStatement(RECORD)) {
                insert.setString(1, KEY);
                insert.setString(2, mine);
                insert.executeUpdate();
            }
            try (PreparedStatement select = c.prepareStatement(RECORDED)) {
                select.setString(1, KEY);
                try (ResultSet rs = select.executeQuery()) {
                    rs.next();
                    String stored = rs.getString(1);
                    if (!stored.equals(mine)) {
                        throw new IllegalStateException("responder.rate-limit.hash-key is not the key this database's "
                                + "sender hashes were made with (key fingerprint " + mine + ", database " + stored
                                + "); every replica and admin command must use the same key");
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot check the hash key against the database: " + e.getMessage(), e);
        }
    }
}
