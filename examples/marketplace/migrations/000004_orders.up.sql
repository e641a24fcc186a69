-- Checkout. An order is created pending and moves to paid or cancelled.
CREATE TYPE order_status AS ENUM ('pending', 'paid', 'cancelled');
CREATE TABLE orders (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    listing_id  bigint       NOT NULL REFERENCES listings (id),
    buyer_id    bigint       NOT NULL REFERENCES users (id),
    amount_cents integer     NOT NULL CHECK (amount_cents >= 0),
    status      order_status NOT NULL DEFAULT 'pending',
    created_at  timestamptz  NOT NULL DEFAULT now()
);
CREATE INDEX orders_buyer_idx ON orders (buyer_id, created_at DESC);
