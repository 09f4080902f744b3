-- Start-up check of the hash key. Parameter: key. The fingerprint of the key the database's hashes were made with.
SELECT meta_value FROM responder_meta WHERE meta_key = ?
