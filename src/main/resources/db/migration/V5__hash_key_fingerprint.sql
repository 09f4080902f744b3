-- Facts about the database itself. 'hash-key-fingerprint' records which hash key the stored sender hashes were
-- made with, so a replica or admin command with another key refuses to start instead of silently missing them.
CREATE TABLE responder_meta (
    meta_key    VARCHAR(64)  NOT NULL,
    meta_value  VARCHAR(255) NOT NULL,
    PRIMARY KEY (meta_key)
);
