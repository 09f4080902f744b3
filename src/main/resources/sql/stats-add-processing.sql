-- Stats flush (plain JDBC, batched). Parameters: day, processing-time bucket, count.
INSERT INTO stats_processing (stat_day, bucket, cnt) VALUES (?, ?, ?)
ON DUPLICATE KEY UPDATE cnt = cnt + VALUES(cnt)
