-- Admin `limits unallow|unblock`. Parameters: kind, value, action (upper case).
DELETE FROM sender_list WHERE list_kind = ? AND list_value = ? AND UPPER(action) = ?
