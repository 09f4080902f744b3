-- Ledger. Parameters: sender hash, day. Makes sure the sender has a row for the day and holds its lock; a row left
-- from an earlier day starts again at zero, its over-limit notice unsent (a stale day never blocks). MySQL assigns
-- left to right, so req_day changes last and the CASEs still see the old day.
INSERT INTO sender_day (sender_hash, req_day, answered, notified)
VALUES (?, ?, 0, 0)
ON DUPLICATE KEY UPDATE
    answered = CASE WHEN req_day = VALUES(req_day) THEN answered ELSE 0 END,
    notified = CASE WHEN req_day = VALUES(req_day) THEN notified ELSE 0 END,
    req_day = VALUES(req_day)
