"""Policy strength: what the catalog's policy calculator estimates a documented reference company
would get in each park (the same calculator an enterprise uses, ``POST /api/v1/policies/evaluate/batch``).

The reference company is a mid-sized high-tech manufacturer moving in: its profile is
``REFERENCE_COMPANY`` and ``REFERENCE_MOVE`` below, and docs/evaluation.md repeats it. Only the
benefits it surely qualifies for count (``total_eligible_yuan``: after the stacking rules, over
``REFERENCE_MOVE['years']`` years); policies whose conditions it cannot be judged on are left out.
"""

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import httpx

from services.match.evaluation.compute import PolicyView
from services.match.snapshot import CatalogSnapshot, Slot
from services.match.sync.catalog_client import CALCULATOR_BATCH, CALCULATOR_PATH
from shared.contract import ParkRecord, PolicyRecord
from shared.principal import SERVICE, forward_headers
from shared.settings import Settings

log = logging.getLogger(__name__)

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


@dataclass(frozen=True)
class PolicyViews:
    """The calculator's view of each park (park id -> view) for the reference company on `on` (the
    newest policy record's date: the data's, not the clock's; None without policies), and the park
    and policy tables it was asked from."""

    parks: Mapping[int, ParkRecord]
    policies: Mapping[int, PolicyRecord]
    on: str | None
    views: Mapping[int, PolicyView]


POLICY_VIEWS: Slot[PolicyViews] = Slot("policy views of the reference company", carried=True)


def policy_views(snapshot: CatalogSnapshot, settings: Settings) -> PolicyViews:
    """The snapshot's policy views: the previous snapshot's while its parks and policies are unchanged
    (a new tenancy leaves them as they are); asked again when the calculator could not answer."""

    def ask() -> PolicyViews:
        parks, policies = snapshot.tables.park, snapshot.tables.policy
        previous = snapshot.derived.previous(POLICY_VIEWS)
        if (
            previous is not None
            and previous.views
            and previous.parks is parks
            and previous.policies is policies
        ):
            return previous
        on = max((str(p["as_of"]) for p in policies.values() if p.get("as_of")), default=None)
        views = {} if on is None else ask_calculator(settings, list(parks), date.fromisoformat(on[:10]))
        return PolicyViews(parks, policies, on, views)

    return snapshot.derived.get(POLICY_VIEWS, ask)


def ask_calculator(settings: Settings, park_ids: Sequence[int], on: date) -> dict[int, PolicyView]:
    """park id -> the calculator's view for the reference company on `on`; empty when the catalog
    cannot answer (the indicator then has no value, and the log says why)."""
    views: dict[int, PolicyView] = {}
    headers = forward_headers(SERVICE, settings.internal_token.get_secret_value())
    body = {"company": REFERENCE_COMPANY, **REFERENCE_MOVE, "on": on.isoformat()}
    try:
        with httpx.Client(base_url=settings.catalog_url, headers=headers, timeout=60) as http:
            for start in range(0, len(park_ids), CALCULATOR_BATCH):
                chunk = list(park_ids[start : start + CALCULATOR_BATCH])
                response = http.post(CALCULATOR_PATH, json={**body, "park_ids": chunk})
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
