-- Ledger. Parameter: sender hash. Gives the count back when a later bound refuses the request in the same transaction.
UPDATE sender_day SET answered = answered - 1 WHERE sender_hash = ? AND answered > 0
