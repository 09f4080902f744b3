-- Batch: one row per (day, processing-time bucket) counted in memory since the last flush
INSERT INTO stats_processing (stat_day, bucket, cnt) VALUES (:#day, :#bucket, :#delta)
ON DUPLICATE KEY UPDATE cnt = cnt + :#delta
