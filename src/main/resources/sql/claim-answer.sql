-- 1 row inserted: this (request, entry) may be sent now; 0: it was sent (or is being sent) already
INSERT IGNORE INTO answer_log (request_id, entry_idx, claimed_at)
VALUES (:#${exchangeProperty.outgoing.requestId}, :#${exchangeProperty.outgoing.entryIndex}, CURRENT_TIMESTAMP)
