-- Daily reset: counts of earlier days go (a stale row would count as zero anyway; this keeps the table small)
DELETE FROM sender_day WHERE req_day < :#${exchangeProperty.today}
