-- Ledger. Parameters: counter key, period. Makes sure the counter has a row for the period and holds its lock; a row
-- from an earlier period starts again at zero.
INSERT INTO limit_counter (counter_key, period, cnt)
VALUES (?, ?, 0)
ON DUPLICATE KEY UPDATE
    cnt = CASE WHEN period = VALUES(period) THEN cnt ELSE 0 END,
    period = VALUES(period)
