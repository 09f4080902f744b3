-- Ledger. Parameter: request id. The recorded decision of a request seen before. A plain read: the INSERT IGNORE that
-- found the row already holds a shared lock on it, and asking for more (FOR UPDATE) would make concurrent replays of
-- one request deadlock; each missing answer is then claimed by whichever replay inserts its claim first.
SELECT decision, planned FROM request_seen WHERE request_id = ?
