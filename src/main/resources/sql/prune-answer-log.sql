-- Claims older than the retention: a request still retried after this long could be answered again
DELETE FROM answer_log WHERE claimed_at < :#${exchangeProperty.requestCutoffTime}
