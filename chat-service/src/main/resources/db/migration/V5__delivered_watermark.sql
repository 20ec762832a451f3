-- Delivery confirmations without index churn. The partial index of V3 named delivered_at in its predicate, so marking
-- a message delivered could never be a HOT update: every message was written twice into every index (once stored,
-- once delivered), which was a third of PostgreSQL's work per message. Now each member keeps how far its messages
-- from the friend are confirmed, a confirmation marks only what lies beyond that (found through a plain index on the
-- sender), and delivered_at is in no index, so its update stays on the row's page (fillfactor leaves room).
ALTER TABLE conversation_member ADD COLUMN delivered_up_to BIGINT NOT NULL DEFAULT 0;
UPDATE conversation_member m SET delivered_up_to = coalesce((SELECT max(x.id) FROM message x
    WHERE x.conversation_id = m.conversation_id AND x.sender_id = m.friend_id AND x.delivered_at IS NOT NULL), 0);
DROP INDEX message_undelivered;
CREATE INDEX message_sender ON message (conversation_id, sender_id, id);
ALTER TABLE message SET (fillfactor = 90);
