DELETE FROM stats_requests WHERE stat_day < :#${exchangeProperty.statsCutoffDay}
