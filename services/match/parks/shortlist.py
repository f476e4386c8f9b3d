"""parks-for-company: an enterprise's shortlist, one bundle per park.

For each park: industry fit (the park's leading industries and text against what the company makes;
neither name enters: 宁德时代 is not close to 宁国 for sharing 宁),
chain fit (the park hosts the company's suppliers or customers, or peers of its industry), the best
carrier for its space need and budget, the policies it is eligible for with the estimated benefit
(the catalog's policy calculator, one batch call for the shortlist), and what the best carrier
costs over the years asked: the calculator's location cost (rent, or a land parcel's price, on the
area the carrier offers at most) net of the benefits that offset it, never below zero, with the
other subsidies (R&D, talent, tax...) beside it, never subtracted from it.

The score is a weighted sum (WEIGHTS) of five factors in [0, 1], each in the item's `factors`:
industry, chain and carrier fit; policy (the benefits the company surely gets, over the best in the
shortlist); and cost (what the move costs over the years asked, per ㎡ costed: the location's net
cost less the other subsidies, over the area the carrier offers of the need; 1 for the cheapest
costed park of the shortlist, 0 for the dearest, 0.5 where the location could not be costed). A park
that pays more in subsidies but costs more in the end does not outrank a cheaper one on its
subsidies alone, and a carrier too small for the need does not look cheap for costing less area.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from services.match.catalog_view import CatalogView
from services.match.parks.carriers import CarrierFit, best_carrier, preferred_kinds
from services.match.ranking import Calibration, ChannelScores
from services.match.schemas import MatchItem, ParkFilters
from services.match.snapshot import CatalogSnapshot
from services.match.spaces.documents import ZONE_TYPE_LABEL, company_text
from shared.contract import CompanyRecord, ParkRecord, PolicyRecord

FIRST_STAGE = 30
PARK_CANDIDATES = 300
WEIGHTS = {"industry": 0.3, "chain": 0.2, "carrier": 0.2, "policy": 0.1, "cost": 0.2}
UNKNOWN_COST = 0.5  # the cost factor of a park whose location could not be costed


@dataclass
class Candidate:
    park: ParkRecord
    factors: dict[str, float]
    evidence: list[str] = field(default_factory=list)
    carrier: CarrierFit | None = None

    def first_stage(self) -> float:
        return sum(WEIGHTS[name] * self.factors.get(name, 0.0) for name in ("industry", "chain", "carrier"))


@dataclass(frozen=True)
class Needs:
    space_m2: float | None
    budget: float | None
    investment_yuan: float | None
    years: int


def needs_of(
    company: CompanyRecord,
    space_m2: float | None,
    budget: float | None,
    investment: float | None,
    years: int,
) -> Needs:
    stated = company.get("needs")
    return Needs(
        space_m2=space_m2 or (stated["space_m2"] if stated else None),
        budget=budget or (stated["budget_yuan_m2_month"] if stated else None),
        investment_yuan=investment,
        years=years,
    )


def first_stage(
    snapshot: CatalogSnapshot, company: CompanyRecord, filters: ParkFilters, needs: Needs
) -> list[Candidate]:
    """Industry, chain and carrier fit for the allowed parks; the best `FIRST_STAGE` go on."""
    view = CatalogView(snapshot)
    allowed = view.allowed_parks(filters)
    vector = snapshot.vectors.of("company", company["id"])
    similar = snapshot.spaces.spaces["park"].search(vector, PARK_CANDIDATES, allowed)
    scale = Calibration.of(ChannelScores(similar))
    partners = view.supply_partners(company["id"])
    partner_parks = view.parks_of(set(partners))
    peer_parks = view.parks_of(view.peers(company["id"]))
    kinds = preferred_kinds(company_text(company))
    candidates = []
    for park_id, similarity in similar.items():
        park = snapshot.tables.park.get(park_id)
        if park is None:  # created after the question's snapshot
            continue
        candidate = Candidate(park=park, factors={"industry": round(scale(similarity), 4)})
        industries = "、".join(park.get("leading_industries") or [])
        if industries:
            candidate.evidence.append(f"主导产业：{industries}")
        in_park = partner_parks.get(park_id, set())
        peer_count = len(peer_parks.get(park_id, set()))
        candidate.factors["chain"] = 1.0 if in_park else round(min(peer_count / 3, 1.0) * 0.6, 4)
        for partner_id in sorted(in_park):
            partner = snapshot.tables.company[partner_id]
            candidate.evidence.append(
                f"园区内有{partners[partner_id]}「{partner.get('short_name') or partner['name']}」"
            )
        if peer_count and not in_park:
            candidate.evidence.append(
                f"园区已有 {peer_count} 家同行业企业（{company.get('sw_industry_name')}）"
            )
        candidate.carrier = best_carrier(view.carriers(park_id), needs.space_m2, needs.budget, kinds)
        candidate.factors["carrier"] = candidate.carrier.score if candidate.carrier else 0.0
        if candidate.carrier:
            carrier = candidate.carrier.carrier
            candidate.evidence.append(
                f"推荐载体「{carrier['name']}」：" + "；".join(candidate.carrier.reasons)
            )
        candidates.append(candidate)
    candidates.sort(key=lambda c: -c.first_stage())
    return candidates[:FIRST_STAGE]


def move_cost(evaluation: Mapping[str, Any]) -> float | None:
    """What the move costs over the years asked: the location's net cost less the other subsidies
    (negative when they exceed it); None when the location was not costed."""
    net = (evaluation.get("location") or {}).get("net_yuan")
    return None if net is None else float(net) - float(evaluation.get("other_subsidies_yuan") or 0.0)


def move_cost_per_m2(evaluation: Mapping[str, Any]) -> float | None:
    """``move_cost`` over the area costed (what the carrier offers of the need); None when the
    location was not costed."""
    cost, area = move_cost(evaluation), (evaluation.get("location") or {}).get("space_m2")
    return None if cost is None or not area else cost / float(area)


def cost_factors(evaluations: list[dict[str, Any]]) -> Callable[[Mapping[str, Any]], float]:
    """The cost factor: 1 for the cheapest costed move of the shortlist per ㎡ (``move_cost_per_m2``),
    0 for the dearest, linear between; UNKNOWN_COST where the location was not costed or all costed
    moves cost the same."""
    costs = [cost for cost in map(move_cost_per_m2, evaluations) if cost is not None]
    cheapest, dearest = min(costs, default=0.0), max(costs, default=0.0)

    def factor(evaluation: Mapping[str, Any]) -> float:
        cost = move_cost_per_m2(evaluation)
        if cost is None or dearest == cheapest:
            return UNKNOWN_COST
        return round((dearest - cost) / (dearest - cheapest), 4)

    return factor


def bundle(
    candidates: list[Candidate],
    evaluations: list[dict[str, Any]],
    needs: Needs,
    limit: int,
    policy_records: Mapping[int, PolicyRecord],
) -> list[MatchItem]:
    """Add the policies and the costs, score, and keep the best `limit`. The policy records say which
    policies are generated (示例): the evidence counting them says so."""
    generated_policies = {policy_id for policy_id, p in policy_records.items() if p.get("is_generated")}
    best_benefit = max((e.get("total_eligible_yuan") or 0.0 for e in evaluations), default=0.0) or 1.0
    cost_factor = cost_factors(evaluations)
    items = []
    for candidate, evaluation in zip(candidates, evaluations, strict=True):
        sure = float(evaluation.get("total_eligible_yuan") or 0.0)
        candidate.factors["policy"] = round(min(sure / best_benefit, 1.0), 4)
        candidate.factors["cost"] = cost_factor(evaluation)
        policies = [
            {
                "policy_id": p["policy_id"],
                "title": p["title"],
                "eligible": p["eligible"],
                "estimated_yuan": p.get("estimated_yuan"),
                "counted_yuan": p.get("counted_yuan"),
                "offsets": p.get("offsets"),
                "stacking_note": p.get("stacking_note"),
                "is_generated": p["policy_id"] in generated_policies,
            }
            for p in evaluation.get("policies", [])
            if p["eligible"] != "no"
        ]
        location: dict[str, Any] = evaluation.get("location") or {}
        other = float(evaluation.get("other_subsidies_yuan") or 0.0)
        if sure:
            eligible = [p for p in policies if p["eligible"] == "yes"]
            generated = sum(p["is_generated"] for p in eligible)
            demo = (
                ""
                if not generated
                else "，均为示例政策"
                if generated == len(eligible)
                else f"，其中 {generated} 项为示例政策"
            )
            if location.get("gross_yuan") is None:  # nothing costed, so nothing offset
                unknown = "未给出面积需求" if needs.space_m2 is None else location.get("note") or "无价格"
                offset = f"场地费用未计（{unknown}）"
            else:
                offset = (
                    f"抵减{'地价' if location.get('kind') == 'land' else '租金'} "
                    f"{(location.get('benefits_yuan') or 0.0) / 1e4:,.1f} 万元"
                )
            candidate.evidence.append(
                f"可享政策 {len(eligible)} 项（叠加规则后计{demo}）：{offset}，其他补贴 {other / 1e4:,.1f} 万元"
            )
        cost, per_m2 = move_cost(evaluation), move_cost_per_m2(evaluation)
        if cost is not None:
            after_subsidies = f"，再减其他补贴后 {cost / 1e4:,.1f} 万元" if other else ""
            candidate.evidence.append(
                f"{needs.years}年场地净成本 {location['net_yuan'] / 1e4:,.1f} 万元（{location['note']}）"
                + after_subsidies
                + ("" if per_m2 is None else f"，合每㎡ {per_m2:,.0f} 元")
            )
        if not candidate.evidence:  # nothing above applies: say what the park is, as its record states
            park = candidate.park
            zone = ZONE_TYPE_LABEL.get(park.get("zone_type") or "", "开发区")
            candidate.evidence.append(
                f"{park.get('province') or ''}{park.get('city') or ''}{zone}，主导产业未载明"
            )
        carrier = candidate.carrier.carrier if candidate.carrier else None
        score = sum(WEIGHTS[name] * candidate.factors.get(name, 0.0) for name in WEIGHTS)
        park = candidate.park
        items.append(
            MatchItem(
                id=park["id"],
                name=park["name"],
                score=round(score, 6),
                factors=candidate.factors,
                evidence=candidate.evidence,
                details={
                    "province": park.get("province"),
                    "city": park.get("city"),
                    "county": park.get("county"),
                    "zone_type": park.get("zone_type"),
                    "is_virtual": park.get("is_virtual"),
                    "best_carrier": carrier
                    and {
                        key: carrier.get(key)
                        for key in (
                            "id",
                            "name",
                            "kind",
                            "available_area_m2",
                            "rent_yuan_m2_month",
                            "land_price_yuan_m2",
                            "is_generated",
                        )
                    },
                    "policies": policies,
                    "years": needs.years,
                    "location_cost": location or None,
                    "other_subsidies_yuan": other,
                    "subsidies_yuan": sure,
                    "possible_subsidies_yuan": float(evaluation.get("total_possible_yuan") or 0.0),
                },
            )
        )
    items.sort(key=lambda item: (-item.score, item.id))
    return items[:limit]
