-- Stats mail chart. Parameters: first day, last day. Requests per day and outcome code.
SELECT stat_day, outcome, SUM(cnt) FROM stats_requests WHERE stat_day BETWEEN ? AND ?
GROUP BY stat_day, outcome
