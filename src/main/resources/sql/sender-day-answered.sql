-- Ledger preview and `limits show`. Parameters: sender hash, day. Answers counted for the sender on that day.
SELECT answered FROM sender_day WHERE sender_hash = ? AND req_day = ?
