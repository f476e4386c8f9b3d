"""What the catalog's policy calculator says of a shortlist (``POST /api/v1/policies/evaluate/batch``):
one batch call per distinct question, its answer kept with the snapshot it was asked in.

The answer depends on the catalog's company, parks, carriers and policies, which move only with the
snapshot, and on the request (company, parks, carriers, space, investment, years, and the day asked,
sent as ``on``): asked again with the same request in the same snapshot, it is the same. A write
reaches the answers with the snapshot that applies it, whose answers start empty.
"""

import threading
from collections import OrderedDict
from datetime import date
from typing import Any

import orjson

from services.match.snapshot import CatalogSnapshot, Slot
from services.match.sync.catalog_client import CALCULATOR_PATH, CatalogClient

KEPT = 128  # answers a snapshot keeps, the most recently asked

Evaluation = dict[str, Any]


class Answers:
    """The calculator's answers asked in one snapshot, by request: the newest `KEPT`."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._answers: OrderedDict[bytes, list[Evaluation]] = OrderedDict()

    def get(self, request: bytes) -> list[Evaluation] | None:
        with self._lock:
            found = self._answers.get(request)
            if found is not None:
                self._answers.move_to_end(request)
            return found

    def put(self, request: bytes, answer: list[Evaluation]) -> None:
        with self._lock:
            self._answers[request] = answer
            self._answers.move_to_end(request)
            while len(self._answers) > KEPT:
                self._answers.popitem(last=False)


ANSWERS: Slot[Answers] = Slot("policy calculator answers")


async def evaluations(
    snapshot: CatalogSnapshot, client: CatalogClient, request: dict[str, Any]
) -> list[Evaluation]:
    """The calculator's evaluation of each park of `request` (in its order) today, as the catalog
    answers in `snapshot`; raises `CatalogError` when it cannot answer. The answer is shared: read it,
    never change it."""
    body = {**request, "on": date.today().isoformat()}
    key = orjson.dumps(body, option=orjson.OPT_SORT_KEYS)
    answers = snapshot.derived.get(ANSWERS, Answers)
    found = answers.get(key)
    if found is None:
        found = list((await client.post(CALCULATOR_PATH, body))["items"])
        answers.put(key, found)
    return found
