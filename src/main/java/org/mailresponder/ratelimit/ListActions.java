package org.mailresponder.ratelimit;

import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The operator's list entries for one sender, as {@code sql/sender-lists.sql} reads them: the action for its
 * address's hash and the action for its domain ({@code ALLOW}/{@code BLOCK}), each null when not listed.
 */
record ListActions(String address, String domain) {

    static ListActions read(ResultSet rows) throws SQLException {
        String address = null;
        String domain = null;
        while (rows.next()) {
            if ("address".equals(rows.getString(1))) {
                address = rows.getString(2);
            } else {
                domain = rows.getString(2);
            }
        }
        return new ListActions(address, domain);
    }

    /** What the lists, then the configured domain lists, say of the sender. */
    SenderLimits.Decision decide(SenderLimits limits, String senderDomain) {
        return limits.decide(address, domain, senderDomain);
    }
}
