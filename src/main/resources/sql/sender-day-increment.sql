-- Ledger. Parameters: sender hash, day, daily limit. Atomic check-and-count: 1 row = counted, 0 = at the limit.
-- The row lock makes concurrent requests from one sender take turns, so exactly daily-limit of them see 1.
UPDATE sender_day SET answered = answered + 1
WHERE sender_hash = ? AND req_day = ? AND answered < ?
