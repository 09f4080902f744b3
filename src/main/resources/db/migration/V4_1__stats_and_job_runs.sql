-- Cluster-wide statistics (issue 4). Every replica adds its in-memory deltas every few seconds with
-- INSERT … ON DUPLICATE KEY UPDATE cnt = cnt + delta, so no row is written once per request.
-- Days are in responder.schedule.zone. Senders appear only as keyed hashes.

-- Requests per day, requested address and outcome (answered, rate-limited, blocked, failed, deferred, screen reasons).
CREATE TABLE stats_requests (
    stat_day    DATE         NOT NULL,
    requested   VARCHAR(254) NOT NULL,
    outcome     VARCHAR(40)  NOT NULL,
    cnt         BIGINT       NOT NULL,
    PRIMARY KEY (stat_day, requested, outcome)
);

-- Processing-time histogram per day: bucket b counts requests that took at most ProcessingTimeBuckets.upperMs(b).
-- Histograms add up across replicas, so the day's percentiles are cluster-wide, unlike per-replica quantiles.
CREATE TABLE stats_processing (
    stat_day    DATE   NOT NULL,
    bucket      INT    NOT NULL,
    cnt         BIGINT NOT NULL,
    PRIMARY KEY (stat_day, bucket)
);

-- Senders that hit the daily limit at least once that day: counted in the stats mail, never listed.
CREATE TABLE stats_limited_sender (
    stat_day    DATE     NOT NULL,
    sender_hash CHAR(64) NOT NULL,
    PRIMARY KEY (stat_day, sender_hash)
);

-- One row per run of a scheduled job, by whichever replica ran it: shows operators (and tests) that a clustered
-- job ran once, when, and where.
CREATE TABLE job_run (
    job_name      VARCHAR(40)  NOT NULL,
    scheduled_for TIMESTAMP    NULL,
    fired_at      TIMESTAMP    NOT NULL,
    node          VARCHAR(120) NOT NULL
);
CREATE INDEX job_run_job ON job_run (job_name, fired_at);
