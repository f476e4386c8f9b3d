"""One read-only state of the match service's catalog copy: what every question reads.

A snapshot holds the typed tables and the feed position (``tables``), the lookups built from them
(``lookups``), each entity's stored profile vectors, the membership of companies at chain nodes, the
search indexes (shared with the other snapshots: see ``spaces.catalog_spaces``) and what questions
derive from it (``derived``). The follower builds the next snapshot from the current one for each
applied batch (``following``) and the service publishes it by swapping one reference; nothing of a
published snapshot changes afterwards.
"""

from dataclasses import dataclass, field, replace

from services.match.embedding.encoder import Encoder
from services.match.membership.compute import Reader, supplied_by
from services.match.membership.store import Membership
from services.match.snapshot.derived import Derived
from services.match.snapshot.lookups import Lookups
from services.match.snapshot.tables import Batch, ChangeSet, Tables
from services.match.spaces.catalog_spaces import CatalogSpaces
from services.match.spaces.profile_vectors import ProfileVectors


@dataclass(frozen=True)
class CatalogSnapshot:
    tables: Tables
    lookups: Lookups
    vectors: ProfileVectors
    spaces: CatalogSpaces
    membership: Membership
    derived: Derived = field(default_factory=Derived)

    @property
    def last_seq(self) -> int:
        return self.tables.last_seq

    def following(self, batch: Batch, encoder: Encoder) -> tuple["CatalogSnapshot", ChangeSet]:
        """The snapshot after `batch` (the shared indexes move on with it), and what moved."""
        tables, changes = self.tables.following(batch)
        if not changes:  # only the feed position moved: everything derived still holds
            return replace(self, tables=tables), changes
        lookups = self.lookups.following(tables, changes)
        self.spaces.apply(changes, tables, encoder)
        membership = next_membership(self.membership, Reading(tables, lookups, self.spaces), encoder, changes)
        vectors = self.vectors.following(changes, tables, encoder)
        derived = Derived(self.derived.handed_on())
        return CatalogSnapshot(tables, lookups, vectors, self.spaces, membership, derived), changes


@dataclass(frozen=True)
class Reading:
    """What membership reads companies from: a copy's tables and lookups, and the company vectors."""

    tables: Tables
    lookups: Lookups
    spaces: CatalogSpaces

    def reader(self) -> Reader:
        names = {i: p.display_name for i, p in self.lookups.profiles.items()}
        return Reader(
            self.lookups.profiles,
            supplied_by(self.tables.supply_link.values(), names),
            self.spaces.spaces["company"].index,
        )


def next_membership(
    current: Membership, reading: Reading, encoder: Encoder, changes: ChangeSet | None
) -> Membership:
    """`current` moved on by `changes` (computed whole from an empty one when None): the chains and
    companies they touch."""
    read = reading.reader()
    tables = reading.tables
    following = current
    if changes is None or changes.touches("chain"):
        chains = sorted(tables.chain.values(), key=lambda chain: chain["id"])
        following = following.with_chains(chains, read, encoder)
    if changes is not None:
        companies = {*changes.upserted.get("company", []), *changes.removed.get("company", [])}
        for link_id in changes.upserted.get("supply_link", []):
            link = tables.supply_link.get(link_id)
            if link is not None:
                companies |= {int(link["supplier_id"]), int(link["buyer_id"])}
        if changes.removed.get("supply_link"):  # the removed link's companies are gone: re-read suppliers
            companies |= {
                c
                for c, nodes in following.by_company.items()
                if any(m.factors["supply"] for m in nodes.values())
            }
        following = following.with_companies(companies, read)
    if changes is None or changes.touches("park"):
        following = following.with_industries(
            (industry for park in tables.park.values() for industry in park.get("leading_industries") or []),
            encoder,
        )
    return following
