-- Ledger, MySQL/MariaDB: the request's claim at the head of the usual request's text (ratelimit.UsualDecision).
-- Parameters as request-claim. A plain INSERT, not INSERT IGNORE: a request seen before fails here with a
-- duplicate key (1062), and the server runs none of the text's later statements, so a replay costs what it did.
INSERT INTO request_seen (request_id, req_day, created_at, decision, planned)
VALUES (?, ?, CURRENT_TIMESTAMP, ?, ?)
