-- Runs once, when the postgres container creates its data directory: the match service's own
-- database (officers' feedback), beside the catalog's database created by POSTGRES_DB.
CREATE DATABASE parkmatch_match OWNER parkmatch;
