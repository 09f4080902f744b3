-- Ledger. Parameters: sender hash, day. Atomic check-and-set of the day's over-limit notice: 1 row = this request
-- sends it, 0 = it went out (or was claimed) already today. Runs under the row lock the day's upsert took.
UPDATE sender_day SET notified = 1
WHERE sender_hash = ? AND req_day = ? AND notified = 0
