-- Admin `limits` commands. Every allow/block entry.
SELECT list_kind, list_value, action, created_at FROM sender_list ORDER BY list_kind, list_value
