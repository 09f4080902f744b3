-- Portable across H2 (MySQL mode), MySQL 8 and MariaDB 10.11. No raw address is ever stored:
-- senders appear only as the keyed hash of their canonical address.

-- Answers counted per sender for the current day; a row from an earlier day counts as zero.
CREATE TABLE sender_day (
    sender_hash CHAR(64)    NOT NULL,
    req_day     DATE        NOT NULL,
    answered    INT         NOT NULL,
    PRIMARY KEY (sender_hash)
);

-- Requests that have passed the rate limit once; a retried request is not counted again.
CREATE TABLE request_seen (
    request_id  CHAR(64)    NOT NULL,
    req_day     DATE        NOT NULL,
    created_at  TIMESTAMP   NOT NULL,
    PRIMARY KEY (request_id)
);
CREATE INDEX request_seen_day ON request_seen (req_day);

-- One row per (request, config entry) claimed for sending: the at-most-once guarantee.
CREATE TABLE answer_log (
    request_id  CHAR(64)    NOT NULL,
    entry_idx   INT         NOT NULL,
    claimed_at  TIMESTAMP   NOT NULL,
    PRIMARY KEY (request_id, entry_idx)
);
CREATE INDEX answer_log_claimed ON answer_log (claimed_at);

-- Operator allow/block lists. list_kind is 'address' (list_value = sender hash) or 'domain'.
CREATE TABLE sender_list (
    list_kind   VARCHAR(16)  NOT NULL,
    list_value  VARCHAR(253) NOT NULL,
    action      VARCHAR(8)   NOT NULL,
    created_at  TIMESTAMP    NOT NULL,
    PRIMARY KEY (list_kind, list_value)
);
