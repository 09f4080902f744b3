DELETE FROM request_seen WHERE req_day < :#${exchangeProperty.requestCutoffDay}
