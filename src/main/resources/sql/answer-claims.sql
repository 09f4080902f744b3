-- Ledger. Parameter: request id. The entries of a request claimed so far (claimed, sent or unconfirmed alike).
SELECT entry_idx FROM answer_log WHERE request_id = ?
