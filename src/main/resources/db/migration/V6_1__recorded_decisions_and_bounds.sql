-- Issue 9: a request's limit decision is recorded once, with its request_seen row, and a replay gets it back instead
-- of being counted again. planned is the number of answer mails the decision allowed, so a replay after a config
-- change never adds mails the first decision did not. Rows from before this version say 'legacy': the replay treats
-- such a request as answered only if it has answer claims.
ALTER TABLE request_seen ADD COLUMN decision VARCHAR(20) NOT NULL DEFAULT 'legacy';
ALTER TABLE request_seen ADD COLUMN planned INT NOT NULL DEFAULT 0;

-- Two-phase answer claims. A claim is written 'claimed' in the decision's transaction and set to 'sent' once the
-- mail is handed off (confirmed in batches, off the request's path). A claim of this node still 'claimed' at start-up
-- was cut off by a crash: the outbox is checked for it, other transports mark it 'unconfirmed'. node tells one
-- replica's in-flight claims from another's; transport says where the mail was to go. Older rows count as sent.
ALTER TABLE answer_log ADD COLUMN state VARCHAR(12) NOT NULL DEFAULT 'sent';
ALTER TABLE answer_log ADD COLUMN node VARCHAR(100) NULL;
ALTER TABLE answer_log ADD COLUMN transport VARCHAR(8) NULL;
CREATE INDEX answer_log_node_state ON answer_log (node, state);

-- Bounds shared by every replica: answer mails per recipient domain per day ('domain:<domain>'), per hour from the
-- whole cluster ('global'), admin forwards per hour ('forward'). A row from an earlier period counts as zero and is
-- restarted in place; busy counters are split into slots ('global#3') so requests do not queue on one row lock.
CREATE TABLE limit_counter (
    counter_key VARCHAR(300) NOT NULL,
    period      VARCHAR(13)  NOT NULL,
    cnt         INT          NOT NULL,
    PRIMARY KEY (counter_key)
);
CREATE INDEX limit_counter_period ON limit_counter (period);
