INSERT INTO job_run (job_name, scheduled_for, fired_at, node)
VALUES (:#${exchangeProperty.jobName}, :#${exchangeProperty.scheduledFor}, :#${exchangeProperty.firedAt}, :#${exchangeProperty.node})
