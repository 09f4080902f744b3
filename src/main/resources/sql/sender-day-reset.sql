-- Admin `limits clear-day <address>`. Parameter: sender hash. That sender's count starts again.
DELETE FROM sender_day WHERE sender_hash = ?
