-- What sellers offer. Created together with its indexes, so no lock reaches a live table.
CREATE TABLE listings (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    seller_id   bigint      NOT NULL REFERENCES users (id),
    title       text        NOT NULL,
    description text        NOT NULL DEFAULT '',
    price_cents integer     NOT NULL CHECK (price_cents >= 0),
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX listings_seller_id_idx ON listings (seller_id);
CREATE INDEX listings_created_at_idx ON listings (created_at DESC);
