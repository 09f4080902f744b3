-- Batch: one row per (day, requested address, outcome) counted in memory since the last flush
INSERT INTO stats_requests (stat_day, requested, outcome, cnt) VALUES (:#day, :#requested, :#outcome, :#delta)
ON DUPLICATE KEY UPDATE cnt = cnt + :#delta
