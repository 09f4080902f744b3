-- Stats mail and `stats`. Parameter: day. Distinct senders the daily limit refused.
SELECT COUNT(*) FROM stats_limited_sender WHERE stat_day = ?
