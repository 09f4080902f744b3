DELETE FROM stats_processing WHERE stat_day < :#${exchangeProperty.statsCutoffDay}
