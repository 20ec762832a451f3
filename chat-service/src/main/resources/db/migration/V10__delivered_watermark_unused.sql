-- Delivery confirmations now find where the friend's delivered messages end by reading back from the reported message
-- (MessageStore.CONFIRM_DELIVERED: only what is still undelivered), instead of keeping a watermark per member: that
-- watermark was an UPDATE of conversation_member on every report, which every send reads. The column stays until no
-- instance older than this migration can run (a rolling upgrade has old and new instances side by side).
COMMENT ON COLUMN conversation_member.delivered_up_to IS
    'Not written since V10 (see V10__delivered_watermark_unused.sql); drop once no older instance runs.';
