-- Ledger. Parameters: decision, request id. Records a refusal in the transaction that claimed the request.
UPDATE request_seen SET decision = ?, planned = 0 WHERE request_id = ?
