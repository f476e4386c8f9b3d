"""Policy rules beyond field types, and the policy calculator run against the catalog.

The calculator's judgement lives in `calculator` (pure functions); this module gathers what it
judges: the company's facts (its private needs only for callers who may read them), the region and
parks the caller asks about, and the policies in force there on the day.
"""

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from pydantic import TypeAdapter
from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.orm import Session

from services.catalog.carriers.models import Carrier
from services.catalog.carriers.schemas import CarrierKind
from services.catalog.chains.models import ChainNode
from services.catalog.companies.models import Company
from services.catalog.companies.service import may_see_needs
from services.catalog.kit.validation import value_after
from services.catalog.parks.models import Park
from services.catalog.parks.repository import ParkRepository
from services.catalog.policies.calculator import (
    Claim,
    Counted,
    Evidence,
    Facts,
    PolicyOutcome,
    Space,
    Totals,
    cost_offset,
    eligibility,
    estimate_benefit,
    evaluate_condition,
    same_place,
    stack,
    totals,
)
from services.catalog.policies.models import Policy
from services.catalog.policies.repository import valid_on
from services.catalog.policies.schemas import (
    Benefit,
    CompanyProfile,
    ConditionResult,
    CostOffset,
    Eligibility,
    Evaluation,
    EvaluationInputs,
    LocationCost,
    PolicyCategory,
    PolicyEvaluation,
    PolicyRead,
    PolicyScope,
)
from shared.errors import ValidationFailed
from shared.principal import Principal

_PLACE_FIELDS = ("province", "city", "county", "park_id")
_REQUIRED_PLACE: dict[PolicyScope, set[str]] = {
    PolicyScope.national: set(),
    PolicyScope.province: {"province"},
    PolicyScope.city: {"province", "city"},
    PolicyScope.county: {"province", "city", "county"},
    PolicyScope.park: {"park_id"},
}


# --- writes ----------------------------------------------------------------------------------


def validate_policy(session: Session, values: dict[str, Any], obj: Policy | None) -> dict[str, Any]:
    """Where the policy applies must fit its scope, its dates must be in order, a cap as a share of
    a cost needs a cost the benefit offsets, and its target nodes must exist. A park policy's
    province and city are the park's."""
    after = {name: value_after(values, obj, name) for name in ("scope", *_PLACE_FIELDS)}
    scope = PolicyScope(after["scope"])
    for name in _PLACE_FIELDS:
        required = name in _REQUIRED_PLACE[scope]
        if required and after[name] is None:
            raise ValidationFailed.field(f"body.{name}", f"required for a {scope.value} policy")
        if not required and scope is not PolicyScope.park and after[name] is not None:
            raise ValidationFailed.field(f"body.{name}", f"must be empty for a {scope.value} policy")
    if scope is PolicyScope.park:
        values.update(_park_place(session, after["park_id"], after))

    benefit = TypeAdapter(Benefit).validate_python(value_after(values, obj, "benefit"))
    category = PolicyCategory(value_after(values, obj, "category"))
    if benefit.max_share_of_cost < 1 and cost_offset(category, benefit) is None:
        raise ValidationFailed.field(
            "body.benefit.max_share_of_cost", "applies only to a benefit that offsets rent or land (offsets)"
        )

    valid_from, valid_to = value_after(values, obj, "valid_from"), value_after(values, obj, "valid_to")
    if valid_from is not None and valid_to is not None and valid_from > valid_to:
        raise ValidationFailed.field("body.valid_to", f"ends ({valid_to}) before it starts ({valid_from})")

    node_ids: list[int] = values.get("target_node_ids") or []
    found = set(session.scalars(select(ChainNode.id).where(ChainNode.id.in_(node_ids))))
    for index, node_id in enumerate(node_ids):
        if node_id not in found:
            raise ValidationFailed.field(
                f"body.target_node_ids.{index}", f"chain_node {node_id} does not exist"
            )
    return values


def _park_place(session: Session, park_id: int, given: dict[str, str | None]) -> dict[str, Any]:
    """A park policy's province, city and county are the park's; those given must agree with it."""
    park = session.get(Park, park_id)
    if park is None:
        raise ValidationFailed.field("body.park_id", f"park {park_id} does not exist")
    place: dict[str, Any] = {}
    for name in ("province", "city", "county"):
        value, actual = given[name], getattr(park, name)
        if value is not None and actual is not None and not same_place(value, actual):
            raise ValidationFailed.field(f"body.{name}", f"park {park_id} is in {actual}")
        place[name] = actual or value
    return place


# --- the calculator --------------------------------------------------------------------------


@dataclass(frozen=True)
class Region:
    park_id: int | None
    province: str | None
    city: str | None
    county: str | None
    park_ids: tuple[int, ...]  # the park and the parks above it (一区多园)

    def covers(self, policy: PolicyRead) -> bool:
        """The policy's level matches: the nation; the province; the province and city; the province,
        city and county; or the park or a park above it."""
        match policy.scope:
            case PolicyScope.national:
                return True
            case PolicyScope.province:
                return _same(policy.province, self.province)
            case PolicyScope.city:
                return _same(policy.province, self.province) and _same(policy.city, self.city)
            case PolicyScope.county:
                return (
                    _same(policy.province, self.province)
                    and _same(policy.city, self.city)
                    and _same(policy.county, self.county)
                )
            case _:
                return policy.park_id in self.park_ids


def _same(a: str | None, b: str | None) -> bool:
    return a is not None and b is not None and same_place(a, b)


def _positive(value: Any) -> float | None:
    is_number = isinstance(value, int | float) and not isinstance(value, bool)
    return float(value) if is_number and value > 0 else None


@dataclass(frozen=True)
class Stated:
    """The company's private needs, where the caller may read them: the space and rent it wants."""

    space_m2: float | None = None
    rent_yuan_m2_month: float | None = None


_LIST_FACTS = ("industry_codes", "qualifications")
# What the registry import fills and dates (`registry_source`, `registry_as_of`).
_REGISTRY_FACTS = ("registered_capital_yuan", "headcount", "founded_on", "founded_year")
_FINANCIAL_FACTS = (
    "revenue_yoy_pct",
    "profit_yoy_pct",
    "gross_margin_pct",
    "net_margin_pct",
    "total_assets_yuan",
)
_REQUEST_FACTS = ("investment_yuan", "revenue_yuan", "equipment_value_yuan")
REQUEST = Evidence("request")


def _stored_company(
    session: Session, principal: Principal, company_id: int
) -> tuple[dict[str, Any], dict[str, Evidence], Stated]:
    """A stored company's attributes, where each comes from, and its needs if the caller may read them."""
    company = session.get(Company, company_id)
    if company is None:
        raise ValidationFailed.field("body.company_id", f"company {company_id} does not exist")
    attributes = {name: getattr(company, name) for name in CompanyProfile.model_fields}
    for name in (*_LIST_FACTS, "products"):  # a stored empty list means "not recorded", not "none"
        attributes[name] = attributes[name] or None
    record = Evidence(company.source, company.as_of)
    evidence = dict.fromkeys(attributes, record)
    if company.registry_source is not None:
        registry = Evidence(company.registry_source, company.registry_as_of)
        evidence.update((name, registry) for name in _REGISTRY_FACTS)
    financials = company.latest_financials
    if financials is not None:
        attributes.update((name, getattr(financials, name)) for name in _FINANCIAL_FACTS)
        evidence.update((name, Evidence(financials.source, financials.as_of)) for name in _FINANCIAL_FACTS)
    stated = Stated()
    if may_see_needs(company, principal):
        needs = company.needs or {}
        stated = Stated(_positive(needs.get("space_m2")), _positive(needs.get("budget_yuan_m2_month")))
    return attributes, evidence, stated


def company_facts(
    session: Session, principal: Principal, inputs: EvaluationInputs
) -> tuple[Facts, str | None, Stated]:
    """The facts to judge (without the space, which depends on the place), the company's city, and
    its stated needs where the caller may read them."""
    if (inputs.company_id is None) == (inputs.company is None):
        raise ValidationFailed.field("body.company_id", "give either company_id or an inline company")
    if inputs.company is not None:
        attributes = inputs.company.model_dump()
        evidence = dict.fromkeys(attributes, REQUEST)
        stated = Stated()
    else:
        assert inputs.company_id is not None
        attributes, evidence, stated = _stored_company(session, principal, inputs.company_id)
    for name in _LIST_FACTS:
        attributes[name] = None if attributes[name] is None else tuple(attributes[name])
    products = attributes.pop("products")
    if products is not None:
        attributes["products"] = tuple((p["name"], p.get("share")) for p in products)
    city = attributes.pop("city")
    given = {name: getattr(inputs, name) for name in _REQUEST_FACTS}
    evidence.update(dict.fromkeys(given, REQUEST))
    values = {**attributes, **given}
    known = {name: source for name, source in evidence.items() if values.get(name) is not None}
    facts = Facts(on=inputs.on, years=inputs.years, evidence=known, **values)
    return facts, city, stated


def _park_regions(
    session: Session, principal: Principal, requested: Sequence[tuple[int, str]]
) -> dict[int, Region]:
    """Each requested park's region: its province, city and county, and its own and its parents' ids."""
    parks: dict[int, Park] = {}
    asked: set[int] = set()
    wanted = {park_id for park_id, _ in requested}
    base = ParkRepository(session, principal).base_statement()
    while wanted:
        asked |= wanted
        parks.update((park.id, park) for park in session.scalars(base.where(Park.id.in_(wanted))))
        wanted = {p.parent_id for p in parks.values() if p.parent_id is not None} - asked
    regions: dict[int, Region] = {}
    for park_id, field in requested:
        if park_id not in parks:
            raise ValidationFailed.field(field, f"park {park_id} does not exist")
        lineage: list[int] = []
        current: Park | None = parks[park_id]
        while current is not None and current.id not in lineage:
            lineage.append(current.id)
            current = parks.get(current.parent_id) if current.parent_id is not None else None
        park = parks[park_id]
        regions[park_id] = Region(park_id, park.province, park.city, park.county, tuple(lineage))
    return regions


def _carriers(
    session: Session, park_ids: Sequence[int], requested: Sequence[tuple[int, str]]
) -> dict[int, Carrier]:
    """The carriers asked for (id, field name), by park: each in one of the parks, one per park."""
    found = {
        c.id: c for c in session.scalars(select(Carrier).where(Carrier.id.in_([i for i, _ in requested])))
    }
    by_park: dict[int, Carrier] = {}
    for carrier_id, field in requested:
        carrier = found.get(carrier_id)
        if carrier is None:
            raise ValidationFailed.field(field, f"carrier {carrier_id} does not exist")
        if carrier.park_id not in park_ids:
            raise ValidationFailed.field(
                field, f"carrier {carrier_id} is in park {carrier.park_id}, not asked for"
            )
        if carrier.park_id in by_park:
            raise ValidationFailed.field(
                field, f"park {carrier.park_id} already has carrier {by_park[carrier.park_id].id}"
            )
        by_park[carrier.park_id] = carrier
    return by_park


def _space(inputs: EvaluationInputs, stated: Stated, carrier: Carrier | None) -> tuple[Space | None, bool]:
    """The space to cost, and whether the company's private needs filled part of it. The caller's
    figures come first, then the carrier's, then the company's stated needs."""
    requested = inputs.space_m2 or stated.space_m2
    used_needs = inputs.space_m2 is None and stated.space_m2 is not None
    if carrier is not None and carrier.kind == CarrierKind.land_parcel:
        price = inputs.land_price_yuan_m2 or carrier.land_price_yuan_m2
        space = Space(CostOffset.land, requested, price, carrier.available_area_m2, carrier.id, carrier.name)
        return space, used_needs
    if carrier is None and inputs.land_price_yuan_m2 is not None:
        return Space(CostOffset.land, requested, inputs.land_price_yuan_m2), used_needs
    rent = inputs.rent_yuan_m2_month or (carrier.rent_yuan_m2_month if carrier else None)
    if rent is None and stated.rent_yuan_m2_month is not None:
        rent, used_needs = stated.rent_yuan_m2_month, True
    if carrier is not None:
        return Space(
            CostOffset.rent, requested, rent, carrier.available_area_m2, carrier.id, carrier.name
        ), used_needs
    if requested is None and rent is None:
        return None, False
    return Space(CostOffset.rent, requested, rent), used_needs


def _candidate_policies(session: Session, regions: Sequence[Region], on: date) -> list[Policy]:
    """Policies in force on the day that may apply to one of the regions (checked again per region)."""
    places: list[ColumnElement[bool]] = [Policy.scope == PolicyScope.national]
    for province in {r.province for r in regions if r.province}:
        places.append(
            and_(
                Policy.scope.in_([PolicyScope.province, PolicyScope.city, PolicyScope.county]),
                Policy.province.startswith(province[:2]),
            )
        )
    park_ids = {park_id for r in regions for park_id in r.park_ids}
    if park_ids:
        places.append(and_(Policy.scope == PolicyScope.park, Policy.park_id.in_(park_ids)))
    statement = select(Policy).where(valid_on(on), or_(*places)).order_by(Policy.id)
    return list(session.scalars(statement))


_ELIGIBILITY_ORDER = {Eligibility.yes: 0, Eligibility.unknown: 1, Eligibility.no: 2}


def _policy_evaluation(
    policy: PolicyRead, outcome: PolicyOutcome, claim: Claim, counted: Counted
) -> PolicyEvaluation:
    return PolicyEvaluation(
        policy_id=policy.id,
        title=policy.title,
        scope=policy.scope,
        category=policy.category,
        issuer=policy.issuer,
        province=policy.province,
        city=policy.city,
        county=policy.county,
        park_id=policy.park_id,
        valid_from=policy.valid_from,
        valid_to=policy.valid_to,
        benefit=policy.benefit,
        eligible=outcome.eligible,
        conditions=[ConditionResult.model_validate(c) for c in outcome.conditions],
        estimated_yuan=outcome.estimate.amount_yuan,
        estimate_note=outcome.estimate.note,
        offsets=claim.offsets,
        counted_yuan=counted.amount_yuan,
        stacking_note=counted.note,
    )


def _location(space: Space, years: int, sums: Totals) -> LocationCost:
    area, _ = space.area()
    gross, note = space.gross(years)
    return LocationCost(
        kind=space.kind,
        carrier_id=space.carrier_id,
        carrier_name=space.carrier_name,
        requested_m2=space.requested_m2,
        available_m2=space.available_m2,
        space_m2=area,
        unit_price_yuan_m2=space.unit_price_yuan_m2,
        gross_yuan=None if gross is None else round(gross, 2),
        benefits_yuan=sums.location_yuan,
        possible_benefits_yuan=sums.possible_location_yuan,
        net_yuan=None if gross is None else round(max(gross - sums.location_yuan, 0.0), 2),
        note=note,
    )


def evaluate(
    session: Session,
    principal: Principal,
    inputs: EvaluationInputs,
    park_ids: Sequence[tuple[int, str]],
    carrier_ids: Sequence[tuple[int, str]] = (),
) -> list[Evaluation]:
    """Evaluate the company against the policies of each park given as (park_id, field name), or,
    when none is given, of the company's own province and city; cost the carriers given as
    (carrier_id, field name) in their parks. One evaluation per park, in order."""
    if inputs.rent_yuan_m2_month is not None and inputs.land_price_yuan_m2 is not None:
        raise ValidationFailed.field(
            "body.land_price_yuan_m2",
            "give rent_yuan_m2_month (rented space) or land_price_yuan_m2, not both",
        )
    facts, company_city, stated = company_facts(session, principal, inputs)
    if park_ids:
        by_park = _park_regions(session, principal, park_ids)
        regions = [by_park[park_id] for park_id, _ in park_ids]
    else:
        regions = [Region(None, facts.province, company_city, None, ())]
    carriers = _carriers(session, [park_id for park_id, _ in park_ids], carrier_ids)

    # Conditions do not depend on the place: judge each candidate policy's conditions once.
    candidates = [
        PolicyRead.model_validate(policy) for policy in _candidate_policies(session, regions, facts.on)
    ]
    judged = {policy.id: [evaluate_condition(c, facts) for c in policy.conditions] for policy in candidates}

    evaluations = []
    for region in regions:
        space, used_needs = _space(inputs, stated, carriers.get(region.park_id or 0))
        place_facts = facts
        costs: dict[CostOffset, float | None] = {}
        if space is not None:
            area, _ = space.area()
            price = space.unit_price_yuan_m2
            is_rent = space.kind is CostOffset.rent
            place_facts = replace(
                facts,
                space_m2=area,
                rent_yuan_m2_month=price if is_rent else None,
                land_price_yuan_m2=None if is_rent else price,
            )
            costs = dict.fromkeys(CostOffset, 0.0)
            costs[space.kind] = space.gross(facts.years)[0]
        applying = [p for p in candidates if region.covers(p)]
        outcomes = {
            p.id: PolicyOutcome(
                eligibility(judged[p.id]), judged[p.id], estimate_benefit(p.benefit, place_facts)
            )
            for p in applying
        }
        claims = [
            Claim(
                p.id,
                p.title,
                outcomes[p.id].eligible,
                outcomes[p.id].estimate.amount_yuan,
                cost_offset(p.category, p.benefit),
                p.benefit.max_share_of_cost,
                p.benefit.exclusive_group,
            )
            for p in applying
        ]
        counted = stack(claims, costs)
        sums = totals(claims, counted, space.kind if space else None)
        answers = [
            _policy_evaluation(p, outcomes[p.id], claim, counted[p.id])
            for p, claim in zip(applying, claims, strict=True)
        ]
        answers.sort(key=lambda a: (_ELIGIBILITY_ORDER[a.eligible], -(a.estimated_yuan or 0.0), a.policy_id))
        evaluations.append(
            Evaluation(
                company_id=inputs.company_id,
                park_id=region.park_id,
                province=region.province,
                city=region.city,
                county=region.county,
                on=facts.on,
                years=facts.years,
                used_private_needs=used_needs,
                policies=answers,
                location=None if space is None else _location(space, facts.years, sums),
                other_subsidies_yuan=sums.other_yuan,
                possible_other_subsidies_yuan=sums.possible_other_yuan,
                total_eligible_yuan=sums.eligible_yuan,
                total_possible_yuan=sums.possible_yuan,
            )
        )
    return evaluations
