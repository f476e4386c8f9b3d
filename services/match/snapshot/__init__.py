"""The match service's read-only catalog snapshot: typed tables, lookups, vectors, membership."""

from services.match.snapshot.derived import Derived, Slot
from services.match.snapshot.lookups import Lookups
from services.match.snapshot.snapshot import CatalogSnapshot, Reading, next_membership
from services.match.snapshot.tables import ENTITIES, Batch, ChangeSet, Tables

__all__ = [
    "ENTITIES",
    "Batch",
    "CatalogSnapshot",
    "ChangeSet",
    "Derived",
    "Lookups",
    "Reading",
    "Slot",
    "Tables",
    "next_membership",
]
