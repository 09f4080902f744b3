-- Ledger. Parameters: mails, counter key. Gives mails back when a later bound refuses the request.
UPDATE limit_counter SET cnt = cnt - ? WHERE counter_key = ?
