"""What the match service searches: per entity, its documents' vectors (and for companies BM25)."""
