"""The one write path (services/catalog/changes/writes.py): versions and change-feed rows, single and bulk."""

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from services.catalog.chains.models import Chain, ChainNode
from services.catalog.changes import writes
from services.catalog.changes.models import Change
from services.catalog.db import create_db_engine
from shared.settings import Settings
from tests.conftest import unique


@pytest.fixture
def engine(catalog_settings: Settings) -> Iterator[Engine]:
    engine = create_db_engine(catalog_settings)
    yield engine
    engine.dispose()


def fed_since(session: Session, seq: int) -> list[tuple[str, int, str, int | None]]:
    rows = session.execute(
        select(Change.entity, Change.entity_id, Change.op, Change.version)
        .where(Change.seq > seq)
        .order_by(Change.seq)
    )
    return [tuple(row) for row in rows]  # type: ignore[misc]


def last_seq(session: Session) -> int:
    return session.scalar(select(func.coalesce(func.max(Change.seq), 0))) or 0


def test_objects_and_what_they_bring_are_fed_and_an_unchanged_update_is_not(engine: Engine) -> None:
    with Session(engine) as session, session.begin():
        start = last_seq(session)
        node = ChainNode(key=unique(), name=unique("环节"), level="node", stage="upstream")
        chain = Chain(code=unique("C"), name="测试链", nodes=[node])
        writes.create(session, [chain])
        assert fed_since(session, start) == [
            ("chain", chain.id, "create", 1),
            ("chain_node", node.id, "create", 1),
        ]

        start = last_seq(session)
        assert writes.update(session, [(chain, {"name": "测试链"})]) == []
        assert writes.update(session, [(chain, {"name": "另一条链"})]) == [chain]
        assert chain.version == 2 and fed_since(session, start) == [("chain", chain.id, "update", 2)]

        start = last_seq(session)
        writes.delete(session, [chain])
        assert fed_since(session, start) == [
            ("chain_node", node.id, "delete", None),
            ("chain", chain.id, "delete", 2),
        ]


def test_bulk_rows_take_defaults_versions_and_feed_rows_with_their_cascades(engine: Engine) -> None:
    with Session(engine) as session, session.begin():
        start = last_seq(session)
        [chain_id] = writes.insert_rows(session, Chain, [{"code": unique("C"), "name": "批量链"}])
        rows = [
            {"chain_id": chain_id, "key": unique(), "name": name, "level": "node", "stage": "upstream"}
            for name in ("甲", "乙")
        ]
        node_ids = writes.insert_rows(session, ChainNode, rows)
        chain = session.get_one(Chain, chain_id)
        assert (chain.version, chain.is_generated, chain.created_at is not None) == (1, False, True)
        assert fed_since(session, start) == [
            ("chain", chain_id, "create", 1),
            *(("chain_node", node_id, "create", 1) for node_id in node_ids),
        ]

        start = last_seq(session)
        assert writes.update_rows(session, Chain, [(chain_id, 1, {"name": "改名链"})]) == 1
        session.refresh(chain)
        assert (chain.name, chain.version) == ("改名链", 2)
        assert writes.delete_rows(session, Chain, [(chain_id, 2)]) == 1
        assert fed_since(session, start) == [
            ("chain", chain_id, "update", 2),
            *(("chain_node", node_id, "delete", None) for node_id in node_ids),
            ("chain", chain_id, "delete", 2),
        ]
        session.expunge_all()
        assert session.scalars(select(ChainNode).where(ChainNode.id.in_(node_ids))).all() == []
