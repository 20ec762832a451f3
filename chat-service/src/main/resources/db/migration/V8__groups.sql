-- Group conversations of 2 to 50 members (PROTOCOL.md §7). epoch is the membership version: it starts at 1 and
-- grows by one with every add, remove or leave (a rename leaves it), so clients seal a message for the members of
-- one epoch. creator_id is the only member who may remove others; null once the creator left, and the group goes on
-- without one. changed_at is the time of the newest change, which orders a member's group list.
CREATE TABLE chat_group (
    id          UUID        PRIMARY KEY,
    name        TEXT        NOT NULL,
    creator_id  UUID,
    epoch       INTEGER     NOT NULL DEFAULT 1 CHECK (epoch >= 1),
    created_at  TIMESTAMPTZ NOT NULL,
    changed_at  TIMESTAMPTZ NOT NULL
);

-- One row per membership period: a member who left or was removed keeps their row with the epoch they left in
-- (left_epoch, the first epoch without them), so history can later be limited to the periods a user was a member;
-- someone added again gets a new row. At most one current period (left_epoch null) per user and group.
CREATE TABLE group_member (
    id            BIGINT      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    group_id      UUID        NOT NULL REFERENCES chat_group (id) ON DELETE CASCADE,
    user_id       UUID        NOT NULL,
    joined_epoch  INTEGER     NOT NULL,
    joined_at     TIMESTAMPTZ NOT NULL,
    left_epoch    INTEGER,
    left_at       TIMESTAMPTZ
);
CREATE UNIQUE INDEX group_member_current ON group_member (group_id, user_id) WHERE left_epoch IS NULL;
-- "my groups": the user's current memberships
CREATE INDEX group_member_user_current ON group_member (user_id) WHERE left_epoch IS NULL;

-- The membership record, one row per change, which the room shows as lines ("alice added carol"). id orders a
-- group's changes (the paging cursor is public_id, the id clients see); epoch is the group's epoch after the change.
-- subject_id: who was added, removed or left (null for created and renamed); name: the group's name after a
-- create or rename.
CREATE TABLE group_change (
    id          BIGINT      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    public_id   UUID        NOT NULL UNIQUE,
    group_id    UUID        NOT NULL REFERENCES chat_group (id) ON DELETE CASCADE,
    kind        TEXT        NOT NULL CHECK (kind IN ('created', 'added', 'removed', 'left', 'renamed')),
    actor_id    UUID        NOT NULL,
    subject_id  UUID,
    epoch       INTEGER     NOT NULL,
    name        TEXT,
    changed_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX group_change_group ON group_change (group_id, id);
