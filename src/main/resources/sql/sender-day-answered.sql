-- Ledger preview and admin `limits show`. Parameters: sender hash, day. Answers counted for the sender that day.
SELECT answered FROM sender_day WHERE sender_hash = ? AND req_day = ?
