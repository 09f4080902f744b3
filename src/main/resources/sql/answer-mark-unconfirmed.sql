-- Start-up, batched. Parameters: request id, entry. A crash-cut claim whose hand-off cannot be checked: reported once,
-- never sent again.
UPDATE answer_log SET state = 'unconfirmed' WHERE request_id = ? AND entry_idx = ? AND state = 'claimed'
