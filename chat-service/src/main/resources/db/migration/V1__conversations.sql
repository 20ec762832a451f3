-- Projections rebuilt from the users and friendships topics.
CREATE TABLE known_user (
    id          UUID        PRIMARY KEY,
    username    TEXT        NOT NULL,
    public_key  TEXT        NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL
);

CREATE TABLE friend_pair (
    user_a   UUID        NOT NULL,
    user_b   UUID        NOT NULL,
    since    TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (user_a, user_b),
    CHECK (user_a < user_b)
);

-- 1:1 conversations; the pair is ordered so each pair has one conversation.
CREATE TABLE conversation (
    id             UUID        PRIMARY KEY,
    user_a         UUID        NOT NULL,
    user_b         UUID        NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL,
    last_activity  TIMESTAMPTZ NOT NULL,
    UNIQUE (user_a, user_b),
    CHECK (user_a < user_b)
);
CREATE INDEX conversation_user_b ON conversation (user_b);

-- Envelopes exactly as the client sealed them; the server cannot read them.
CREATE TABLE message (
    id               BIGINT      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    public_id        UUID        NOT NULL UNIQUE,
    conversation_id  UUID        NOT NULL REFERENCES conversation (id) ON DELETE CASCADE,
    sender_id        UUID        NOT NULL,
    device_id        TEXT        NOT NULL,
    seq              BIGINT      NOT NULL,
    envelope         TEXT        NOT NULL,
    stored_at        TIMESTAMPTZ NOT NULL,
    delivered_at     TIMESTAMPTZ,
    -- a retried send (same chain position) finds the stored message instead of adding one
    UNIQUE (conversation_id, sender_id, device_id, seq)
);
CREATE INDEX message_conversation ON message (conversation_id, id);
