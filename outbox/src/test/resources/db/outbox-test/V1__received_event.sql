CREATE TABLE received_event (
    event_id     UUID PRIMARY KEY,
    record_key   TEXT NOT NULL,
    note         TEXT NOT NULL
);
