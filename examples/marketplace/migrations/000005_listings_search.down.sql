DROP INDEX CONCURRENTLY IF EXISTS listings_title_search_idx;
