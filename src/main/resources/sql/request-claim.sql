-- Ledger (plain JDBC, ? parameters). Parameters: request id, day, decision, planned mails.
-- 1 row: a new request, decided now in this transaction; 0: seen before, its recorded decision applies.
-- The decision is written as 'answered' and corrected in the same transaction when the request is refused.
INSERT IGNORE INTO request_seen (request_id, req_day, created_at, decision, planned)
VALUES (?, ?, CURRENT_TIMESTAMP, ?, ?)
