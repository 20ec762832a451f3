-- Friendships projection, rebuilt from the friendships topic: one row per direction, so
-- "friends of X" is an index lookup.
CREATE TABLE friend_link (
    user_id    UUID        NOT NULL,
    friend_id  UUID        NOT NULL,
    since      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (user_id, friend_id)
);

-- Last time each user was seen online; online state itself is rebuilt from the connections topic.
CREATE TABLE last_seen (
    user_id    UUID        PRIMARY KEY,
    seen_at    TIMESTAMPTZ NOT NULL
);

-- Open connections per chat instance, so a restart resumes without flapping everyone offline.
CREATE TABLE instance_connection (
    instance_id    TEXT        NOT NULL,
    connection_id  TEXT        NOT NULL,
    user_id        UUID        NOT NULL,
    device_id      TEXT        NOT NULL,
    opened_at      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (instance_id, connection_id)
);
CREATE INDEX instance_connection_user ON instance_connection (user_id);

CREATE TABLE chat_instance (
    instance_id     TEXT        PRIMARY KEY,
    last_heartbeat  TIMESTAMPTZ NOT NULL
);
