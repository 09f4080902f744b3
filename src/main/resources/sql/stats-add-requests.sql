-- Stats flush (plain JDBC, batched). Parameters: day, requested (a served address or a bucket), outcome, count.
-- One row per (day, requested, outcome) counted in memory since the last flush.
INSERT INTO stats_requests (stat_day, requested, outcome, cnt) VALUES (?, ?, ?, ?)
ON DUPLICATE KEY UPDATE cnt = cnt + VALUES(cnt)
