-- Users projection, rebuilt from the users topic.
CREATE TABLE known_user (
    id                  UUID        PRIMARY KEY,
    username            TEXT        NOT NULL,
    username_canonical  TEXT        NOT NULL UNIQUE,
    updated_at          TIMESTAMPTZ NOT NULL
);

-- Rows that link two users hold no user id or name in clear: the parties are AES-GCM encrypted in
-- "sealed" (under the key named by key_id) and found through HMAC-SHA256 blind indexes.
CREATE TABLE friend_request (
    id               UUID        PRIMARY KEY,
    sender_index     BYTEA       NOT NULL,
    recipient_index  BYTEA       NOT NULL,
    pair_index       BYTEA       NOT NULL,
    key_id           TEXT        NOT NULL,
    sealed           BYTEA       NOT NULL,
    status           TEXT        NOT NULL CHECK (status IN ('PENDING', 'APPROVED', 'REJECTED', 'CANCELLED')),
    created_at       TIMESTAMPTZ NOT NULL,
    decided_at       TIMESTAMPTZ
);
CREATE INDEX friend_request_sender ON friend_request (sender_index, created_at);
CREATE INDEX friend_request_recipient ON friend_request (recipient_index, status);
CREATE INDEX friend_request_pair ON friend_request (pair_index);

CREATE TABLE friendship (
    id          UUID        PRIMARY KEY,
    pair_index  BYTEA       NOT NULL UNIQUE,
    key_id      TEXT        NOT NULL,
    sealed      BYTEA       NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL
);

-- One row per member, so "my friends" is an index lookup on the member's blind index.
CREATE TABLE friendship_member (
    friendship_id  UUID  NOT NULL REFERENCES friendship (id) ON DELETE CASCADE,
    member_index   BYTEA NOT NULL,
    PRIMARY KEY (member_index, friendship_id)
);
CREATE INDEX friendship_member_friendship ON friendship_member (friendship_id);
