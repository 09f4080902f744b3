-- Answers an operator sent with the `send` admin command (issue 11): to whom only as the sender hash, which served
-- address's answers, how many went out and how. The answers themselves are claimed in answer_log like any other.
CREATE TABLE operator_send (
    request_id    CHAR(64)     NOT NULL,
    sender_hash   CHAR(64)     NOT NULL,
    address       VARCHAR(320) NOT NULL,
    entries_sent  INT          NOT NULL,
    entries_total INT          NOT NULL,
    method        VARCHAR(16)  NOT NULL,
    sent_at       TIMESTAMP    NOT NULL,
    PRIMARY KEY (request_id, sent_at)
);
CREATE INDEX operator_send_at ON operator_send (sent_at);
