-- Ledger. Parameters: mails, counter key, cap minus mails. 1 row: added within the cap; 0: the cap would be passed.
UPDATE limit_counter SET cnt = cnt + ? WHERE counter_key = ? AND cnt <= ?
