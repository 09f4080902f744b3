-- Start-up. Parameter: this node. Claims this node made and never confirmed: the previous run was cut off.
SELECT request_id, entry_idx, transport FROM answer_log WHERE node = ? AND state = 'claimed'
