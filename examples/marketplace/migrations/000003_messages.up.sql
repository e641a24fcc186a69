-- Buyer <-> seller conversations about a listing.
CREATE TABLE messages (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    listing_id   bigint      NOT NULL REFERENCES listings (id),
    sender_id    bigint      NOT NULL REFERENCES users (id),
    recipient_id bigint      NOT NULL REFERENCES users (id),
    body         text        NOT NULL,
    sent_at      timestamptz NOT NULL DEFAULT now(),
    read_at      timestamptz
);
CREATE INDEX messages_recipient_idx ON messages (recipient_id, sent_at DESC);
