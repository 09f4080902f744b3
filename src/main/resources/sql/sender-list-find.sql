-- Admin `limits` commands. Parameters: kind, value (sender hash or domain). The entry's action, if any.
SELECT action FROM sender_list WHERE list_kind = ? AND list_value = ?
