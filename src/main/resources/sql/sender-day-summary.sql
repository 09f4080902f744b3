-- Admin `limits show`. Parameters: daily limit, day. Senders counted that day, and how many reached the limit.
SELECT COUNT(*), COALESCE(SUM(CASE WHEN answered >= ? THEN 1 ELSE 0 END), 0)
FROM sender_day WHERE req_day = ?
