-- Ledger. Parameters: sender hash, sender domain. The operator's allow/block entries for the sender and its domain.
SELECT list_kind, action FROM sender_list
WHERE (list_kind = 'address' AND list_value = ?)
   OR (list_kind = 'domain' AND list_value = ?)
