-- Search by title on a table that is live by now: built CONCURRENTLY, alone in its file, so golang-migrate
-- runs it outside a transaction and writes to listings keep flowing during the build.
CREATE INDEX CONCURRENTLY IF NOT EXISTS listings_title_search_idx ON listings USING gin (to_tsvector('simple', title));
