"""Policy rules beyond field types, and the policy calculator run against the catalog.

The calculator's judgement lives in `calculator` (pure functions); this module gathers what it
judges: the company's facts (its private needs only for callers who may read them), the region and
parks the caller asks about, and the policies in force there on the day.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.orm import Session

from services.catalog.chains.models import ChainNode
from services.catalog.companies.models import Company
from services.catalog.companies.service import may_see_needs
from services.catalog.kit.validation import value_after
from services.catalog.parks.models import Park
from services.catalog.parks.repository import ParkRepository
from services.catalog.policies.calculator import Facts, PolicyOutcome, evaluate_policy, same_place, totals
from services.catalog.policies.models import Policy
from services.catalog.policies.repository import valid_on
from services.catalog.policies.schemas import (
    CompanyProfile,
    ConditionResult,
    Eligibility,
    Evaluation,
    EvaluationInputs,
    PolicyEvaluation,
    PolicyRead,
    PolicyScope,
)
from shared.errors import ValidationFailed
from shared.principal import Principal

_PLACE_FIELDS = ("province", "city", "park_id")
_REQUIRED_PLACE: dict[PolicyScope, set[str]] = {
    PolicyScope.national: set(),
    PolicyScope.province: {"province"},
    PolicyScope.city: {"province", "city"},
    PolicyScope.park: {"park_id"},
}


# --- writes ----------------------------------------------------------------------------------


def validate_policy(session: Session, values: dict[str, Any], obj: Policy | None) -> dict[str, Any]:
    """Where the policy applies must fit its scope, its dates must be in order and its target nodes
    must exist. A park policy's province and city are the park's."""
    after = {name: value_after(values, obj, name) for name in ("scope", *_PLACE_FIELDS)}
    scope = PolicyScope(after["scope"])
    for name in _PLACE_FIELDS:
        required = name in _REQUIRED_PLACE[scope]
        if required and after[name] is None:
            raise ValidationFailed.field(f"body.{name}", f"required for a {scope.value} policy")
        if not required and scope is not PolicyScope.park and after[name] is not None:
            raise ValidationFailed.field(f"body.{name}", f"must be empty for a {scope.value} policy")
    if scope is PolicyScope.park:
        values.update(_park_place(session, after["park_id"], after["province"], after["city"]))

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


def _park_place(session: Session, park_id: int, province: str | None, city: str | None) -> dict[str, Any]:
    park = session.get(Park, park_id)
    if park is None:
        raise ValidationFailed.field("body.park_id", f"park {park_id} does not exist")
    if province is not None and not same_place(province, park.province):
        raise ValidationFailed.field("body.province", f"park {park_id} is in {park.province}")
    if city is not None and park.city is not None and not same_place(city, park.city):
        raise ValidationFailed.field("body.city", f"park {park_id} is in {park.city}")
    return {"province": park.province, "city": park.city or city}


# --- the calculator --------------------------------------------------------------------------


@dataclass(frozen=True)
class Region:
    park_id: int | None
    province: str | None
    city: str | None
    park_ids: tuple[int, ...]  # the park and the parks above it (一区多园)

    def covers(self, policy: Policy) -> bool:
        match policy.scope:
            case PolicyScope.national:
                return True
            case PolicyScope.province:
                return _same(policy.province, self.province)
            case PolicyScope.city:
                return _same(policy.province, self.province) and _same(policy.city, self.city)
            case _:
                return policy.park_id in self.park_ids


def _same(a: str | None, b: str | None) -> bool:
    return a is not None and b is not None and same_place(a, b)


def _positive(value: Any) -> float | None:
    is_number = isinstance(value, int | float) and not isinstance(value, bool)
    return float(value) if is_number and value > 0 else None


_LIST_FACTS = ("industry_codes", "qualifications")


def company_facts(
    session: Session, principal: Principal, inputs: EvaluationInputs
) -> tuple[Facts, str | None, bool]:
    """The facts to judge, the company's city, and whether its private needs filled an input."""
    if (inputs.company_id is None) == (inputs.company is None):
        raise ValidationFailed.field("body.company_id", "give either company_id or an inline company")
    space, rent, used_needs = inputs.space_m2, inputs.rent_yuan_m2_month, False
    attributes: dict[str, Any]
    if inputs.company is not None:
        attributes = inputs.company.model_dump(mode="json")
        for name in _LIST_FACTS:
            attributes[name] = None if attributes[name] is None else tuple(attributes[name])
    else:
        company = session.get(Company, inputs.company_id)
        if company is None:
            raise ValidationFailed.field("body.company_id", f"company {inputs.company_id} does not exist")
        attributes = {name: getattr(company, name) for name in CompanyProfile.model_fields}
        for name in _LIST_FACTS:  # a stored company's empty list means "not recorded", not "none"
            attributes[name] = tuple(attributes[name]) or None
        if may_see_needs(company, principal):
            needs = company.needs or {}
            if space is None and (value := _positive(needs.get("space_m2"))) is not None:
                space, used_needs = value, True
            if rent is None and (value := _positive(needs.get("budget_yuan_m2_month"))) is not None:
                rent, used_needs = value, True
    city = attributes.pop("city")
    facts = Facts(
        on=inputs.on,
        years=inputs.years,
        investment_yuan=inputs.investment_yuan,
        revenue_yuan=inputs.revenue_yuan,
        space_m2=space,
        rent_yuan_m2_month=rent,
        **attributes,
    )
    return facts, city, used_needs


def _park_regions(
    session: Session, principal: Principal, requested: Sequence[tuple[int, str]]
) -> dict[int, Region]:
    """Each requested park's region: its province and city, and its own and its parents' ids."""
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
        regions[park_id] = Region(park_id, park.province, park.city, tuple(lineage))
    return regions


def _candidate_policies(session: Session, regions: Sequence[Region], on: date) -> list[Policy]:
    """Policies in force on the day that may apply to one of the regions (checked again per region)."""
    places: list[ColumnElement[bool]] = [Policy.scope == PolicyScope.national]
    for province in {r.province for r in regions if r.province}:
        places.append(
            and_(
                Policy.scope.in_([PolicyScope.province, PolicyScope.city]),
                Policy.province.startswith(province[:2]),
            )
        )
    park_ids = {park_id for r in regions for park_id in r.park_ids}
    if park_ids:
        places.append(and_(Policy.scope == PolicyScope.park, Policy.park_id.in_(park_ids)))
    statement = select(Policy).where(valid_on(on), or_(*places)).order_by(Policy.id)
    return list(session.scalars(statement))


_ELIGIBILITY_ORDER = {Eligibility.yes: 0, Eligibility.unknown: 1, Eligibility.no: 2}


def _policy_evaluation(policy: PolicyRead, outcome: PolicyOutcome) -> PolicyEvaluation:
    return PolicyEvaluation(
        policy_id=policy.id,
        title=policy.title,
        scope=policy.scope,
        category=policy.category,
        issuer=policy.issuer,
        province=policy.province,
        city=policy.city,
        park_id=policy.park_id,
        valid_from=policy.valid_from,
        valid_to=policy.valid_to,
        benefit=policy.benefit,
        eligible=outcome.eligible,
        conditions=[ConditionResult.model_validate(c) for c in outcome.conditions],
        estimated_yuan=outcome.estimate.amount_yuan,
        estimate_note=outcome.estimate.note,
    )


def evaluate(
    session: Session,
    principal: Principal,
    inputs: EvaluationInputs,
    park_ids: Sequence[tuple[int, str]],
) -> list[Evaluation]:
    """Evaluate the company against the policies of each park given as (park_id, field name), or,
    when none is given, of the company's own province and city. One evaluation per park, in order."""
    facts, company_city, used_needs = company_facts(session, principal, inputs)
    if park_ids:
        by_park = _park_regions(session, principal, park_ids)
        regions = [by_park[park_id] for park_id, _ in park_ids]
    else:
        regions = [Region(None, facts.province, company_city, ())]

    # The facts are the same for every park: judge each candidate policy once.
    candidates = _candidate_policies(session, regions, facts.on)
    judged: dict[int, tuple[PolicyOutcome, PolicyEvaluation]] = {}
    for policy in candidates:
        read = PolicyRead.model_validate(policy)
        outcome = evaluate_policy(read.conditions, read.benefit, facts)
        judged[policy.id] = (outcome, _policy_evaluation(read, outcome))

    evaluations = []
    for region in regions:
        applying = [judged[p.id] for p in candidates if region.covers(p)]
        applying.sort(
            key=lambda pair: (
                _ELIGIBILITY_ORDER[pair[0].eligible],
                -(pair[0].estimate.amount_yuan or 0.0),
                pair[1].policy_id,
            )
        )
        sure, possible = totals([outcome for outcome, _ in applying])
        evaluations.append(
            Evaluation(
                company_id=inputs.company_id,
                park_id=region.park_id,
                province=region.province,
                city=region.city,
                on=facts.on,
                years=facts.years,
                used_private_needs=used_needs,
                policies=[evaluation for _, evaluation in applying],
                total_eligible_yuan=sure,
                total_possible_yuan=possible,
            )
        )
    return evaluations
