-- Users projection, rebuilt from the users topic (compacted): who exists and their identity public key.
-- A tombstone deletes the row, and the user's conversations with their messages.
CREATE TABLE known_user (
    id          UUID        PRIMARY KEY,
    username    TEXT        NOT NULL,
    public_key  TEXT        NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL
);

-- Friendships projection, rebuilt from the friendships topic (compacted): the latest state of each pair.
-- changed_at orders the states, so a replayed older state never undoes a newer one.
-- Pairs here and in conversation are ordered as Java's UUID.compareTo orders them (the order of the topic's
-- Keys.pair), which is not PostgreSQL's uuid order, so no CHECK constraint states it.
CREATE TABLE friendship (
    user_a      UUID        NOT NULL,
    user_b      UUID        NOT NULL,
    friends     BOOLEAN     NOT NULL,
    changed_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (user_a, user_b)
);
CREATE INDEX friendship_user_b ON friendship (user_b);

-- 1:1 conversations; the pair is ordered so each pair of users has exactly one.
CREATE TABLE conversation (
    id          UUID        PRIMARY KEY,
    user_a      UUID        NOT NULL,
    user_b      UUID        NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    UNIQUE (user_a, user_b)
);

-- Envelopes exactly as the client sealed them; the server cannot read them. id orders a conversation's messages
-- (cursors, read markers); public_id is the id clients see.
CREATE TABLE message (
    id               BIGINT      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    public_id        UUID        NOT NULL UNIQUE,
    conversation_id  UUID        NOT NULL REFERENCES conversation (id) ON DELETE CASCADE,
    sender_id        UUID        NOT NULL,
    device_id        TEXT        NOT NULL,
    seq              BIGINT      NOT NULL,
    envelope         TEXT        NOT NULL,
    stored_at        TIMESTAMPTZ NOT NULL,
    -- set when the recipient's client confirms it has the message
    delivered_at     TIMESTAMPTZ,
    -- a retried send (same chain position) finds the stored message instead of adding one
    UNIQUE (conversation_id, sender_id, device_id, seq)
);
CREATE INDEX message_conversation ON message (conversation_id, id);

-- Each member's view of a conversation: one row per member, so "my conversations" is an index lookup.
CREATE TABLE conversation_member (
    user_id          UUID        NOT NULL,
    conversation_id  UUID        NOT NULL REFERENCES conversation (id) ON DELETE CASCADE,
    friend_id        UUID        NOT NULL,
    -- message.id of the newest message this member has read; 0 before any
    read_up_to       BIGINT      NOT NULL DEFAULT 0,
    PRIMARY KEY (user_id, conversation_id)
);
CREATE INDEX conversation_member_conversation ON conversation_member (conversation_id);
