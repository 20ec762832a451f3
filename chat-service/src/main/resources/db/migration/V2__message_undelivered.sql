-- Confirming delivery marks a sender's messages up to one; this index holds only the ones still undelivered, so
-- that costs what is new rather than the whole conversation.
CREATE INDEX message_undelivered ON message (conversation_id, id) WHERE delivered_at IS NULL;
