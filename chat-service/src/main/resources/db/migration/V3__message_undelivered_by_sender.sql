-- Confirming delivery marks one sender's messages up to one. The index of V2 left the sender out, so PostgreSQL
-- preferred the unique (conversation, sender, device, seq) index and read every message the sender ever wrote in the
-- conversation: about 200 ms per confirmation at 5,000 messages, which made the throughput fall as conversations
-- grew. With the sender in the undelivered index a confirmation reads only what is new.
DROP INDEX message_undelivered;
CREATE INDEX message_undelivered ON message (conversation_id, sender_id, id) WHERE delivered_at IS NULL;
