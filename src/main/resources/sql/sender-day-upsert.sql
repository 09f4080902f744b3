-- Make sure the sender has a row for today; a row left from an earlier day starts again at zero.
INSERT INTO sender_day (sender_hash, req_day, answered)
VALUES (:#${exchangeProperty.request.senderHash}, :#${exchangeProperty.today}, 0)
ON DUPLICATE KEY UPDATE
    answered = CASE WHEN req_day = VALUES(req_day) THEN answered ELSE 0 END,
    req_day = VALUES(req_day)
