-- Stats mail and `stats`. Parameter: day. The processing-time histogram (ProcessingTimeBuckets).
SELECT bucket, cnt FROM stats_processing WHERE stat_day = ?
