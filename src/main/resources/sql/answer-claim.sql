-- Ledger, batched. Parameters: request id, entry, node, transport. A claim on one answer mail, made before it is
-- composed; 'claimed' until the hand-off is confirmed. INSERT IGNORE: a claim that exists is never taken twice.
INSERT IGNORE INTO answer_log (request_id, entry_idx, claimed_at, state, node, transport)
VALUES (?, ?, CURRENT_TIMESTAMP, 'claimed', ?, ?)
