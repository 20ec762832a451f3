-- Each account's choices about typing indicators and read receipts; no row means both on (the defaults).
CREATE TABLE chat_settings (
    user_id            UUID        PRIMARY KEY,
    typing_indicators  BOOLEAN     NOT NULL,
    read_receipts      BOOLEAN     NOT NULL,
    updated_at         TIMESTAMPTZ NOT NULL
);

-- How far the member's friend may be told this member has read, and when it moved: it follows read_up_to only while
-- the member has read receipts on, so what was read with them off is never reported later. 0: nothing reported.
ALTER TABLE conversation_member
    ADD COLUMN read_receipt_up_to BIGINT NOT NULL DEFAULT 0,
    ADD COLUMN read_receipt_at    TIMESTAMPTZ;
