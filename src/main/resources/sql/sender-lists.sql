SELECT list_kind, action FROM sender_list
WHERE (list_kind = 'address' AND list_value = :#${exchangeProperty.request.senderHash})
   OR (list_kind = 'domain' AND list_value = :#${exchangeProperty.request.senderDomain})
