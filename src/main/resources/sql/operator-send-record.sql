-- send command. Parameters: request id, sender hash, requested (served) address, entries sent, entries in the plan,
-- transport, time. One row per run of `send` that handed off at least one answer.
INSERT INTO operator_send (request_id, sender_hash, address, entries_sent, entries_total, method, sent_at)
VALUES (?, ?, ?, ?, ?, ?, ?)
