"""Lexical retrieval: Chinese-aware terms and a BM25 index that can change and be filtered."""

from services.match.lexical.analyzer import Analyzer, word_bounds
from services.match.lexical.index import LexicalHit, LexicalIndex, Query, QueryPart

__all__ = ["Analyzer", "LexicalHit", "LexicalIndex", "Query", "QueryPart", "word_bounds"]
