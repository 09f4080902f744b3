-- 1 row inserted: first attempt, count it; 0: a retry of a request already counted
INSERT IGNORE INTO request_seen (request_id, req_day, created_at)
VALUES (:#${exchangeProperty.request.requestId}, :#${exchangeProperty.today}, CURRENT_TIMESTAMP)
