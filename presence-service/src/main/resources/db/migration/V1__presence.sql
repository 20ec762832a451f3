-- Friendships projection, from the friendships topic: one row per direction, so "friends of X" is an index lookup.
CREATE TABLE friend_link (
    user_id    UUID        NOT NULL,
    friend_id  UUID        NOT NULL,
    since      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (user_id, friend_id)
);
-- Deleting an account removes the links that point at it too.
CREATE INDEX friend_link_friend ON friend_link (friend_id);

-- Usernames, from the users topic, so the friend list can name people.
CREATE TABLE known_user (
    id        UUID PRIMARY KEY,
    username  TEXT NOT NULL
);

-- Each user's presence as last announced on presence-changes. Transitions are decided under this row's lock, one
-- at a time per user, by comparing it with what the connections say.
CREATE TABLE user_presence (
    user_id    UUID        PRIMARY KEY,
    online     BOOLEAN     NOT NULL,
    -- when the user was last connected; NULL until they first go offline
    last_seen  TIMESTAMPTZ
);

-- Chat instances and whether they are alive. A connection counts only while its instance is alive.
-- A transaction that decides presence from an instance's state holds the row in KEY SHARE mode until it commits;
-- changing alive takes FOR UPDATE, so a change of liveness never interleaves with such a decision.
CREATE TABLE chat_instance (
    instance_id  TEXT        PRIMARY KEY,
    alive        BOOLEAN     NOT NULL,
    -- the instance's own time of its latest heartbeat (or of the first connection event that named it): when it
    -- dies, this is the last seen of its users
    alive_at     TIMESTAMPTZ NOT NULL,
    -- presence-service's time of the latest heartbeat; the instance dies when this is older than the TTL
    heard_at     TIMESTAMPTZ NOT NULL
);

-- Open connections (WebSockets) on chat instances. Kept while the instance is dead, so that an instance that was
-- only cut off brings its users back when it heartbeats again; removed with the instance after a retention.
CREATE TABLE chat_connection (
    instance_id    TEXT        NOT NULL REFERENCES chat_instance ON DELETE CASCADE,
    connection_id  TEXT        NOT NULL,
    user_id        UUID        NOT NULL,
    opened_at      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (instance_id, connection_id)
);
CREATE INDEX chat_connection_user ON chat_connection (user_id);

-- Instances that died or came back and whose users' presence has not been recounted yet. Written in the
-- transaction that changes chat_instance.alive and deleted once every user on the instance has been recounted, so
-- a presence-service that crashes in between finishes the work after its restart.
CREATE TABLE liveness_change (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    instance_id  TEXT        NOT NULL,
    alive        BOOLEAN     NOT NULL,
    changed_at   TIMESTAMPTZ NOT NULL
);
