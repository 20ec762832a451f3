-- Targeted delivery: each running instance claims one partition of chat-messages (its slot) and reads only that one;
-- a frame for a user is written to the slots of the instances holding the user's sockets. An instance heartbeats its
-- claim; a slot whose heartbeat is older than the claim timeout may be claimed by a starting instance.
CREATE TABLE chat_instance (
    slot          INT         PRIMARY KEY,
    instance_id   TEXT        NOT NULL,
    heartbeat_at  TIMESTAMPTZ NOT NULL
);

-- Where each open socket is: written before the socket's ready frame, deleted when it closes, so that a sender that
-- looks routes up after its message committed finds every socket that could have missed the message in history.
CREATE TABLE socket_route (
    connection_id  TEXT PRIMARY KEY,
    user_id        UUID NOT NULL,
    slot           INT  NOT NULL,
    instance_id    TEXT NOT NULL
);
CREATE INDEX socket_route_user ON socket_route (user_id);
CREATE INDEX socket_route_instance ON socket_route (instance_id);

-- Stored messages whose live delivery is not yet confirmed by Kafka: one row per stored batch, written in the same
-- statement as the messages and deleted once every record of the batch was acknowledged. A row left behind (the
-- instance died, Kafka was down) is published again by any instance's sweeper. This replaces an outbox row per
-- message, which carried a second copy of every envelope.
CREATE TABLE delivery_pending (
    id           BIGINT      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    message_ids  BIGINT[]    NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX delivery_pending_created ON delivery_pending (created_at);
