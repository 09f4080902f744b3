-- Admin `limits clear-day` without an address. Every sender's count for the day starts again.
DELETE FROM sender_day
