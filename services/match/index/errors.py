"""Errors raised by the vector indexes."""


class VectorIndexError(Exception):
    """Base class of the vector index errors."""


class IndexLoadError(VectorIndexError):
    """A saved index directory is missing, incomplete, corrupt or of an unknown format."""
