-- Parameters: request id, entry. The mail was not handed off (composing or delivery failed): its claim is freed,
-- so the retry of the request claims and sends it.
DELETE FROM answer_log WHERE request_id = ? AND entry_idx = ? AND state = 'claimed'
