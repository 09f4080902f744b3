-- Ledger. Parameters: mails, counter key, period, cap minus mails. The usual case, a counter row known to be of the
-- current period: one statement. 0 rows: the cap would be passed, or the row is of another period (or gone); then
-- the upsert and counter-add decide.
UPDATE limit_counter SET cnt = cnt + ? WHERE counter_key = ? AND period = ? AND cnt <= ?
