-- Delivery failed before hand-off: free the claim so the retry sends this entry
DELETE FROM answer_log WHERE request_id = :#${exchangeProperty.outgoing.requestId} AND entry_idx = :#${exchangeProperty.outgoing.entryIndex}
