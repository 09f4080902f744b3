-- Start-up check of the hash key. Parameters: key, fingerprint. The first key the database sees is kept.
INSERT IGNORE INTO responder_meta (meta_key, meta_value) VALUES (?, ?)
