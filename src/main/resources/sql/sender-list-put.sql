-- Admin `limits allow|block`. Parameters: kind, value (sender hash or domain), action, created at.
INSERT INTO sender_list (list_kind, list_value, action, created_at) VALUES (?, ?, ?, ?)
ON DUPLICATE KEY UPDATE action = VALUES(action), created_at = VALUES(created_at)
