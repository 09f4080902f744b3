-- Batched, one transaction per flush. Parameters: request id, entry. The mail was handed off.
UPDATE answer_log SET state = 'sent' WHERE request_id = ? AND entry_idx = ?
