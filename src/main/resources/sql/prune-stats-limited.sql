DELETE FROM stats_limited_sender WHERE stat_day < :#${exchangeProperty.statsCutoffDay}
