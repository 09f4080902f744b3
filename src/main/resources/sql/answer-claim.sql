-- Ledger. Parameters: request id, entry, node, transport (the ledger repeats the VALUES row for a request's mails).
-- A claim on one answer mail, made before it is composed; 'claimed' until the hand-off is confirmed.
-- INSERT IGNORE: a claim that exists is never taken twice.
INSERT IGNORE INTO answer_log (request_id, entry_idx, claimed_at, state, node, transport)
VALUES (?, ?, CURRENT_TIMESTAMP, 'claimed', ?, ?)
