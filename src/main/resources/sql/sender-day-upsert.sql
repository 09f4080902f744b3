-- Ledger. Parameters: sender hash, day. Makes sure the sender has a row for the day and holds its lock; a row left
-- from an earlier day starts again at zero (a stale day never blocks).
INSERT INTO sender_day (sender_hash, req_day, answered)
VALUES (?, ?, 0)
ON DUPLICATE KEY UPDATE
    answered = CASE WHEN req_day = VALUES(req_day) THEN answered ELSE 0 END,
    req_day = VALUES(req_day)
