-- Trigram indexes back the text search over ledger descriptions and reasons.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
