-- Devices that have signed in to an account (only a hash of the device token they hold). A login from one is
-- throttled on its own count, so failures others cause for the username never lock its owner out.
CREATE TABLE known_device (
    token_hash    BYTEA       PRIMARY KEY,
    account_id    UUID        NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    created_at    TIMESTAMPTZ NOT NULL,
    last_used_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX known_device_account ON known_device (account_id, last_used_at);

-- The last versions of each key vault (the current one included), so a vault replaced by mistake or by someone
-- holding a stolen password can be restored by its owner.
CREATE TABLE vault_version (
    account_id  UUID        NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    version     BIGINT      NOT NULL,
    vault       BYTEA       NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (account_id, version)
);
INSERT INTO vault_version (account_id, version, vault, created_at)
SELECT id, vault_version, vault, updated_at FROM account;

-- Secrets every instance must share. 'prelogin' picks the iteration count prelogin answers for a username nobody
-- has (gen_random_uuid draws from the server's strong random source: 244 random bits in the two).
CREATE TABLE server_secret (
    name   TEXT  PRIMARY KEY,
    value  BYTEA NOT NULL
);
INSERT INTO server_secret (name, value)
VALUES ('prelogin', decode(replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''), 'hex'));
