-- Accounts. The server never sees a password: it stores a slow hash of the client-derived authKey.
CREATE TABLE account (
    id                  UUID        PRIMARY KEY,
    -- as first typed; shown to users
    username            TEXT        NOT NULL,
    -- lower-case form; uniqueness is case-insensitive
    username_canonical  TEXT        NOT NULL UNIQUE,
    kdf_iterations      INTEGER     NOT NULL,
    -- Argon2id(authKey, salt) and the parameters it was made with, so they can change later
    auth_hash           BYTEA       NOT NULL,
    auth_salt           BYTEA       NOT NULL,
    argon2_memory_kib   INTEGER     NOT NULL,
    argon2_iterations   INTEGER     NOT NULL,
    argon2_parallelism  INTEGER     NOT NULL,
    -- X25519 identity public key (raw 32 bytes)
    public_key          BYTEA       NOT NULL,
    -- the client's encrypted key vault, opaque to the server; version guards concurrent uploads
    vault               BYTEA       NOT NULL,
    vault_version       BIGINT      NOT NULL,
    created_at          TIMESTAMPTZ NOT NULL,
    updated_at          TIMESTAMPTZ NOT NULL
);

-- Refresh tokens: only a hash is stored. A family is one login's chain of rotations; reusing a rotated
-- token revokes the whole family.
CREATE TABLE refresh_token (
    id          UUID        PRIMARY KEY,
    token_hash  BYTEA       NOT NULL UNIQUE,
    account_id  UUID        NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    family_id   UUID        NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    expires_at  TIMESTAMPTZ NOT NULL,
    rotated_at  TIMESTAMPTZ,
    revoked_at  TIMESTAMPTZ
);
CREATE INDEX refresh_token_account ON refresh_token (account_id);
CREATE INDEX refresh_token_family ON refresh_token (family_id);

-- Failed logins per account and per client address, so repeated guessing is slowed down across instances.
CREATE TABLE login_throttle (
    throttle_key    TEXT        PRIMARY KEY,
    failures        INTEGER     NOT NULL,
    window_started  TIMESTAMPTZ NOT NULL,
    blocked_until   TIMESTAMPTZ
);
