-- Stats flush (plain JDBC, batched). Parameters: day, sender hash. Senders refused by the daily limit; each counts
-- once per day.
INSERT IGNORE INTO stats_limited_sender (stat_day, sender_hash) VALUES (?, ?)
