-- The typo path of search bounds a correction by its edits (levenshtein(), query-service search/Spelling): trigram
-- similarity alone replaced "deadlock" by "dead" and "rust" by "robust". fuzzystrmatch is a contrib module like
-- pg_trgm, in the embedded PostgreSQL of the tests and in the postgres image of docker-compose.
create extension if not exists fuzzystrmatch;
