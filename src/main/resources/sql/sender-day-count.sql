-- Ledger, MySQL/MariaDB only, on a connection that reports changed rows (Connector/J useAffectedRows, the ledger's
-- pool): sender-day-upsert and sender-day-increment in one statement. Parameters: sender hash, day, daily limit
-- (at least 1). Counts one answer for the sender's day and holds the row's lock: 1 = a new row, counted; 2 = a row
-- changed, counted (a row left from an earlier day starts again at 1, its over-limit notice unsent); 0 = the row
-- unchanged, the day's limit already reached. MySQL assigns left to right, so req_day changes last and the CASEs
-- still see the old day.
INSERT INTO sender_day (sender_hash, req_day, answered, notified)
VALUES (?, ?, 1, 0)
ON DUPLICATE KEY UPDATE
    answered = CASE WHEN req_day <> VALUES(req_day) THEN 1 WHEN answered < ? THEN answered + 1 ELSE answered END,
    notified = CASE WHEN req_day <> VALUES(req_day) THEN 0 ELSE notified END,
    req_day = VALUES(req_day)
