-- Accounts deleted since this projection started: a deleted account's access token stays valid until it expires, and
-- its requests must be refused as coming from a deleted account, not postponed as from one the users topic has not
-- brought yet. Only the id is kept (no name, no link); a replay of a compacted users topic may not bring back
-- tombstones older than the topic's delete retention, by which time every token of the account has long expired.
CREATE TABLE deleted_user (
    id          UUID        PRIMARY KEY,
    deleted_at  TIMESTAMPTZ NOT NULL
);
