-- Stats mail and `stats`. Parameter: day. Requests by requested address and outcome code.
SELECT requested, outcome, cnt FROM stats_requests WHERE stat_day = ?
