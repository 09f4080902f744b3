-- Issue 11: the optional over-limit notice. notified is set (0 -> 1) by the transaction that refuses a sender's first
-- request over the daily limit, so exactly one request per sender-day gets the notice, across replicas and replays.
-- The day's upsert restarts it at 0 together with the count.
ALTER TABLE sender_day ADD COLUMN notified SMALLINT NOT NULL DEFAULT 0;
