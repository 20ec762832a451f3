-- Group messages (PROTOCOL.md §7): envelopes exactly as the sender sealed them, with a wrap of the message key for
-- each other member of the epoch they name. id orders a group's messages (cursors, watermarks); public_id is the id
-- clients see. epoch is the membership version the message was sealed for, which was the group's current one when it
-- was stored; history shows a user only the messages of epochs they were a member of. A retried send (same chain
-- position) finds the stored message instead of adding one.
CREATE TABLE group_message (
    id          BIGINT      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    public_id   UUID        NOT NULL UNIQUE,
    group_id    UUID        NOT NULL REFERENCES chat_group (id) ON DELETE CASCADE,
    sender_id   UUID        NOT NULL,
    device_id   TEXT        NOT NULL,
    seq         BIGINT      NOT NULL,
    epoch       INTEGER     NOT NULL CHECK (epoch >= 1),
    envelope    TEXT        NOT NULL,
    stored_at   TIMESTAMPTZ NOT NULL,
    UNIQUE (group_id, sender_id, device_id, seq)
);
-- history pages, the newest message of a group, unread counts
CREATE INDEX group_message_group ON group_message (group_id, id);

-- Each membership period's watermarks, group_message ids with 0 for none, like conversation_member's: how far the
-- member's client confirmed it has the group's messages (delivered_up_to), how far the member has read
-- (read_up_to, which unread counts start from), and how far the others may be told they read, with its time
-- (read_receipt_up_to follows read_up_to only while the member has read receipts on, so what was read with them off
-- is never reported later). A member added again starts a new period at 0.
ALTER TABLE group_member
    ADD COLUMN delivered_up_to     BIGINT NOT NULL DEFAULT 0,
    ADD COLUMN read_up_to          BIGINT NOT NULL DEFAULT 0,
    ADD COLUMN read_receipt_up_to  BIGINT NOT NULL DEFAULT 0,
    ADD COLUMN read_receipt_at     TIMESTAMPTZ;

-- A stored group message whose live delivery Kafka has not confirmed yet, beside the 1:1 batches' message ids: the
-- sweeper publishes it again to the members of its epoch.
ALTER TABLE delivery_pending ADD COLUMN group_message_ids BIGINT[] NOT NULL DEFAULT '{}';
