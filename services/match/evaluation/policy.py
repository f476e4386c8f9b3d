"""Policy strength: what the catalog's policy calculator estimates a documented reference company
would get in each park (the same calculator an enterprise uses, ``POST /api/v1/policies/evaluate/batch``).

The reference company is a mid-sized high-tech manufacturer moving in: its profile is
``REFERENCE_COMPANY`` and ``REFERENCE_MOVE`` below, and docs/evaluation.md repeats it. Only the
benefits it surely qualifies for count (``total_eligible_yuan``: after the stacking rules, over
``REFERENCE_MOVE['years']`` years); policies whose conditions it cannot be judged on are left out.
"""

import logging
import threading
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

import httpx

from services.match.evaluation.compute import PolicyView
from shared.principal import SERVICE, forward_headers
from shared.settings import Settings

log = logging.getLogger(__name__)
Record = dict[str, Any]

BATCH_PATH = "/api/v1/policies/evaluate/batch"
BATCH = 200  # the calculator's most parks per call
REFERENCE_COMPANY: dict[str, Any] = {
    "registered_capital_yuan": 50_000_000,
    "revenue_band": "100m_400m",
    "headcount": 200,
    "industry_codes": ["C39"],  # 计算机、通信和其他电子设备制造业
    "qualifications": ["high_tech_enterprise", "specialised_sme"],
    "founded_year": 2015,
    "funding_stage": "b",
}
REFERENCE_MOVE: dict[str, Any] = {
    "investment_yuan": 100_000_000,
    "revenue_yuan": 200_000_000,
    "space_m2": 5_000,
    "rent_yuan_m2_month": 30,
    "years": 3,
}


_last: dict[str, tuple[int, dict[int, PolicyView]]] = {}  # catalog url -> (state key, its views)
_last_lock = threading.Lock()


def policy_views(
    settings: Settings, parks: Sequence[Record], policies: Iterable[Record], on: date
) -> dict[int, PolicyView]:
    """park id -> the calculator's view for the reference company on `on`. Asked again only when a
    park or a policy changed since the last answer (a new tenancy leaves it as it is)."""
    key = hash(
        (
            on,
            tuple(sorted((int(p["id"]), p.get("version")) for p in parks)),
            tuple(sorted((int(p["id"]), p.get("version")) for p in policies)),
        )
    )
    with _last_lock:
        last = _last.get(settings.catalog_url)
    if last is not None and last[0] == key:
        return last[1]
    views = ask_calculator(settings, [int(p["id"]) for p in parks], on)
    if views:
        with _last_lock:
            _last[settings.catalog_url] = (key, views)
    return views


def ask_calculator(settings: Settings, park_ids: Sequence[int], on: date) -> dict[int, PolicyView]:
    """park id -> the calculator's view for the reference company on `on`; empty when the catalog
    cannot answer (the indicator then has no value, and the log says why)."""
    views: dict[int, PolicyView] = {}
    headers = forward_headers(SERVICE, settings.internal_token.get_secret_value())
    body = {"company": REFERENCE_COMPANY, **REFERENCE_MOVE, "on": on.isoformat()}
    try:
        with httpx.Client(base_url=settings.catalog_url, headers=headers, timeout=60) as http:
            for start in range(0, len(park_ids), BATCH):
                chunk = list(park_ids[start : start + BATCH])
                response = http.post(BATCH_PATH, json={**body, "park_ids": chunk})
                response.raise_for_status()
                for evaluation in response.json()["items"]:
                    views[int(evaluation["park_id"])] = PolicyView(
                        eligible_yuan=float(evaluation["total_eligible_yuan"]),
                        categories=frozenset(
                            p["category"] for p in evaluation["policies"] if p["scope"] != "national"
                        ),
                    )
    except (httpx.HTTPError, KeyError, ValueError) as exc:
        log.warning("policy strength not evaluated: %s", exc)
        return {}
    return views
