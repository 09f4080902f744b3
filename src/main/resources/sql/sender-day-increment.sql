-- Atomic check-and-count: the row lock makes concurrent requests from one sender take turns,
-- so exactly daily-limit of them see an update count of 1.
UPDATE sender_day SET answered = answered + 1
WHERE sender_hash = :#${exchangeProperty.request.senderHash}
  AND req_day = :#${exchangeProperty.today}
  AND answered < :#${exchangeProperty.dailyLimit}
