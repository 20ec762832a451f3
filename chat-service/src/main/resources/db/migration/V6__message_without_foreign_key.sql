-- Every stored message checked its conversation through the foreign key: a lookup and a KEY SHARE lock on the
-- conversation row per message, which wrote that row (and WAL) for every message and made concurrent batches of one
-- conversation share multixacts. The store statement already admits only members of an existing conversation, and
-- deleting a user's conversations deletes their messages explicitly (ConversationRepository.deleteAllOf).
ALTER TABLE message DROP CONSTRAINT message_conversation_id_fkey;
