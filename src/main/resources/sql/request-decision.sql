-- Ledger. Parameter: request id. The recorded decision of a replayed request; the row lock makes replays of one
-- request take turns, so each missing answer is claimed by one of them only.
SELECT decision, planned FROM request_seen WHERE request_id = ? FOR UPDATE
