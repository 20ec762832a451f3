-- Users projection, rebuilt from the users topic. Not a linking row: it says who exists, not who knows whom.
CREATE TABLE known_user (
    id                  UUID        PRIMARY KEY,
    username            TEXT        NOT NULL,
    username_canonical  TEXT        NOT NULL UNIQUE,
    updated_at          TIMESTAMPTZ NOT NULL
);

-- Rows that link two users hold no user id or name in clear. The parties are AES-GCM encrypted in "sealed"
-- (12-byte nonce, then ciphertext and tag, under the key named by key_id, bound to the row id) and the rows are
-- found through HMAC-SHA256 blind indexes of the parties, each with a purpose prefix of its own.

-- One row per direction of a pair: re-sending after a rejection replaces the old row.
CREATE TABLE friend_request (
    id               UUID        PRIMARY KEY,
    sender_index     BYTEA       NOT NULL,
    recipient_index  BYTEA       NOT NULL,
    pair_index       BYTEA       NOT NULL,
    key_id           TEXT        NOT NULL,
    sealed           BYTEA       NOT NULL,
    status           TEXT        NOT NULL CHECK (status IN ('PENDING', 'APPROVED', 'REJECTED')),
    created_at       TIMESTAMPTZ NOT NULL,
    decided_at       TIMESTAMPTZ,
    CONSTRAINT friend_request_one_per_direction UNIQUE (pair_index, sender_index)
);
-- At most one pending request between two users, whoever sent it.
CREATE UNIQUE INDEX friend_request_one_pending_per_pair ON friend_request (pair_index) WHERE status = 'PENDING';
CREATE INDEX friend_request_by_sender ON friend_request (sender_index);
CREATE INDEX friend_request_by_recipient ON friend_request (recipient_index, status);

-- One row per member of a friendship, so "my friends" is an index lookup on the member's blind index; the row seals
-- the member and the friend.
CREATE TABLE friendship (
    id            UUID        PRIMARY KEY,
    pair_index    BYTEA       NOT NULL,
    member_index  BYTEA       NOT NULL,
    key_id        TEXT        NOT NULL,
    sealed        BYTEA       NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL,
    CONSTRAINT friendship_one_per_member UNIQUE (pair_index, member_index)
);
CREATE INDEX friendship_by_member ON friendship (member_index);
