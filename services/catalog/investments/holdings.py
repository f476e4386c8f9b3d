"""A fund's portfolio and a park's view of the holdings of its tenants (房东→股东), page by page.

Both list companies with the rounds funds took in them, in one documented order: the company whose
newest round is the most recent first, ties by the higher company id (schemas.HOLDINGS_ORDER). A page is
found by keyset over that order (an opaque cursor, as every catalog list); the totals always count
every holding, not only the page's.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, distinct, false, func, select
from sqlalchemy.orm import Session

from services.catalog.companies.models import Company
from services.catalog.funds.models import Fund
from services.catalog.funds.repository import FundRepository
from services.catalog.investments.models import Investment
from services.catalog.investments.schemas import (
    FundPortfolio,
    HeldCompany,
    HeldTenant,
    Holding,
    InvestmentRound,
    InvestmentStatus,
    ParkFund,
    ParkFundHoldings,
    ParkHoldingsTotals,
    Placement,
    PortfolioCompany,
    PortfolioFund,
    PortfolioTotals,
)
from services.catalog.kit.pagination import Sort, after_cursor, apply_order, decode_cursor, encode_cursor
from services.catalog.parks.models import Park
from services.catalog.parks.repository import ParkRepository
from services.catalog.tenancies.models import Tenancy
from services.catalog.tenancies.repository import makes_tenant
from services.catalog.tenancies.schemas import TenancyPlacement, TenancyStatus
from shared.errors import Forbidden, Unauthorized, ValidationFailed
from shared.principal import Principal, Role

LATEST_ROUND = "latest_round"  # the sort a holdings cursor is made for


@dataclass(frozen=True)
class PageRequest:
    """Which page of companies to list: `size` of them after `cursor` (None: the first page)."""

    size: int
    cursor: str | None


# --- one page of held companies ------------------------------------------------------------------


def _company_page(
    session: Session, scope: ColumnElement[bool], page: PageRequest
) -> tuple[list[int], str | None]:
    """The ids of one page of the companies the investments `scope` selects are in (HOLDINGS_ORDER),
    and the cursor of the page after it (None: this is the last)."""
    per_company = (
        select(Investment.company_id, func.max(Investment.invested_on).label("latest"))
        .where(scope)
        .group_by(Investment.company_id)
        .subquery()
    )
    order = Sort(per_company.c.latest, True, LATEST_ROUND)
    statement = select(per_company.c.company_id, per_company.c.latest)
    if page.cursor:
        latest, company_id = decode_cursor(page.cursor, order)
        if type(latest) is not date:
            raise ValidationFailed.field("query.cursor", "malformed cursor")
        statement = statement.where(after_cursor(order, per_company.c.company_id, latest, company_id))
    rows = session.execute(apply_order(statement, order, per_company.c.company_id).limit(page.size + 1)).all()
    following = None
    if len(rows) > page.size:
        last = rows[page.size - 1]
        following = encode_cursor(order, last.latest, last.company_id)
    return [row.company_id for row in rows[: page.size]], following


def _rounds(session: Session, scope: ColumnElement[bool]) -> list[Holding]:
    """The rounds `scope` selects, each with its fund's name, newest first."""
    rows = session.execute(
        select(Investment, Fund.name)
        .join(Fund, Investment.fund_id == Fund.id)
        .where(scope)
        .order_by(Investment.invested_on.desc(), Investment.id.desc())
    )
    return [
        Holding(
            investment_id=investment.id,
            fund_id=investment.fund_id,
            fund_name=fund_name,
            company_id=investment.company_id,
            round=InvestmentRound(investment.round),
            amount_yuan=investment.amount_yuan,
            share_pct=investment.share_pct,
            invested_on=investment.invested_on,
            status=InvestmentStatus(investment.status),
            source=investment.source,
            as_of=investment.as_of,
            is_generated=investment.is_generated,
            recorded_at=investment.recorded_at,
            recorded_by=investment.recorded_by,
            recorded_by_role=investment.recorded_by_role,
            recorded_by_key_id=investment.recorded_by_key_id,
        )
        for investment, fund_name in rows
    ]


def _held_companies(
    session: Session, scope: ColumnElement[bool], company_ids: list[int]
) -> list[HeldCompany]:
    """The companies `company_ids` (in that order), each with its rounds of those `scope` selects (the
    companies' names and places only: their figures are not loaded)."""
    grouped: dict[int, list[Holding]] = defaultdict(list)
    for holding in _rounds(session, and_(scope, Investment.company_id.in_(company_ids))):
        grouped[holding.company_id].append(holding)
    rows = session.execute(
        select(Company.id, Company.name, Company.province, Company.is_generated).where(
            Company.id.in_(company_ids)
        )
    )
    companies = {row.id: row for row in rows}
    return [
        HeldCompany(
            company_id=company_id,
            name=companies[company_id].name,
            province=companies[company_id].province,
            is_generated=companies[company_id].is_generated,
            rounds=grouped[company_id],
        )
        for company_id in company_ids
    ]


def _placements(session: Session, company_ids: Iterable[int], *where: Any) -> dict[int, list[Placement]]:
    """company id -> the parks it is a tenant of (optionally only those `where` selects)."""
    rows = session.execute(
        select(Tenancy, Park.name)
        .join(Park, Tenancy.park_id == Park.id)
        .where(Tenancy.company_id.in_(sorted(set(company_ids))), makes_tenant(), *where)
        .order_by(Tenancy.company_id, Tenancy.park_id)
    )
    found: dict[int, list[Placement]] = defaultdict(list)
    for tenancy, park_name in rows:
        found[tenancy.company_id].append(
            Placement(
                park_id=tenancy.park_id,
                park_name=park_name,
                status=TenancyStatus(tenancy.status),
                placement_source=TenancyPlacement(tenancy.placement_source),
                confidence=tenancy.confidence,
                source=tenancy.source,
                is_generated=tenancy.is_generated,
            )
        )
    return found


def _tenants_of(park_id: int) -> Select[int]:
    return select(Tenancy.company_id).where(Tenancy.park_id == park_id, makes_tenant())


def _disclosed(rounds: Iterable[Holding]) -> float:
    return sum(holding.amount_yuan for holding in rounds if holding.amount_yuan is not None)


def _count_if(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def _companies_where(condition: ColumnElement[bool]) -> ColumnElement[int]:
    """How many distinct companies have a round meeting `condition`."""
    return func.count(distinct(case((condition, Investment.company_id))))


# --- a fund's portfolio ----------------------------------------------------------------------------


def _portfolio_totals(session: Session, fund: Fund) -> PortfolioTotals:
    """The fund's totals over every holding, counted by the database."""
    in_fund_park = Investment.company_id.in_(_tenants_of(fund.park_id)) if fund.park_id else false()
    row = session.execute(
        select(
            func.count(distinct(Investment.company_id)),
            func.count(),
            func.sum(Investment.amount_yuan),
            _count_if(Investment.amount_yuan.is_(None)),
            _companies_where(Investment.status == InvestmentStatus.held.value),
            _companies_where(in_fund_park),
            _count_if(Investment.is_generated.is_(True)),
        ).where(Investment.fund_id == fund.id)
    ).one()
    companies, investments, disclosed, undisclosed, held, in_park, generated = row
    return PortfolioTotals(
        companies=companies,
        investments=investments,
        disclosed_amount_yuan=disclosed or 0.0,
        undisclosed_investments=undisclosed,
        held_companies=held,
        exited_companies=companies - held,
        in_fund_park=in_park,
        generated_investments=generated,
    )


def fund_portfolio(session: Session, principal: Principal, fund_id: int, page: PageRequest) -> FundPortfolio:
    """A fund's holdings, per company: where it sits (and how the catalog knows), the fund's rounds in
    it with their sources, and whether it is a tenant of the fund's own park; totals over all of them."""
    fund = FundRepository(session, principal).get(fund_id)
    park_name = session.scalar(select(Park.name).where(Park.id == fund.park_id)) if fund.park_id else None
    scope = Investment.fund_id == fund.id
    company_ids, following = _company_page(session, scope, page)
    placements = _placements(session, company_ids)
    companies = [
        PortfolioCompany(
            **company.model_dump(),
            parks=placements.get(company.company_id, []),
            in_fund_park=any(
                place.park_id == fund.park_id for place in placements.get(company.company_id, [])
            ),
            held=any(holding.status == InvestmentStatus.held for holding in company.rounds),
            disclosed_amount_yuan=_disclosed(company.rounds),
        )
        for company in _held_companies(session, scope, company_ids)
    ]
    return FundPortfolio(
        fund=PortfolioFund(
            id=fund.id,
            name=fund.name,
            park_id=fund.park_id,
            park_name=park_name,
            source=fund.source,
            is_generated=fund.is_generated,
        ),
        totals=_portfolio_totals(session, fund),
        companies=companies,
        next_cursor=following,
    )


# --- a park's fund holdings ------------------------------------------------------------------------


def require_park_officer(principal: Principal, park_id: int) -> None:
    """A park's own view: its officers', admins' and the services'."""
    if principal.acts_for("park_id", park_id):
        return
    if principal.role is Role.anonymous:
        raise Unauthorized("authentication required")
    raise Forbidden(f"park {park_id} is not one of your parks")


def _park_funds(session: Session, funds: list[Fund], tenant_ids: set[int]) -> list[ParkFund]:
    """The park's own funds, each with the companies it invested in and what it disclosed."""
    rows = session.execute(
        select(Investment.fund_id, Investment.company_id, Investment.amount_yuan).where(
            Investment.fund_id.in_([fund.id for fund in funds])
        )
    )
    held_by: dict[int, set[int]] = defaultdict(set)
    amounts: dict[int, float] = defaultdict(float)
    for fund_id, company_id, amount in rows:
        held_by[fund_id].add(company_id)
        amounts[fund_id] += amount or 0.0
    return [
        ParkFund(
            id=fund.id,
            name=fund.name,
            size_yuan=fund.size_yuan,
            is_generated=fund.is_generated,
            companies=len(held_by[fund.id]),
            tenants=len(held_by[fund.id] & tenant_ids),
            disclosed_amount_yuan=amounts[fund.id],
        )
        for fund in funds
    ]


def park_fund_holdings(
    session: Session, principal: Principal, park_id: int, page: PageRequest
) -> ParkFundHoldings:
    """A park's funds (fund.park_id), and which of its tenants any fund holds: who, which round, how
    much, when, each with its source; totals over every tenant."""
    park = ParkRepository(session, principal).get(park_id)
    require_park_officer(principal, park.id)
    tenant_ids = set(session.scalars(_tenants_of(park.id)))
    funds = list(session.scalars(select(Fund).where(Fund.park_id == park.id).order_by(Fund.id)))
    scope = Investment.company_id.in_(_tenants_of(park.id))
    held, held_by_park_funds = session.execute(
        select(
            func.count(distinct(Investment.company_id)),
            _companies_where(Investment.fund_id.in_([fund.id for fund in funds])),
        ).where(scope)
    ).one()
    company_ids, following = _company_page(session, scope, page)
    placements = _placements(session, company_ids, Tenancy.park_id == park.id)
    own_fund_ids = {fund.id for fund in funds}
    tenants = [
        HeldTenant(
            **company.model_dump(),
            placement=placements[company.company_id][0],
            by_park_fund=any(holding.fund_id in own_fund_ids for holding in company.rounds),
        )
        for company in _held_companies(session, scope, company_ids)
    ]
    return ParkFundHoldings(
        park_id=park.id,
        park_name=park.name,
        totals=ParkHoldingsTotals(
            funds=len(funds),
            tenants=len(tenant_ids),
            tenants_held=held,
            tenants_held_by_park_funds=held_by_park_funds,
        ),
        funds=_park_funds(session, funds, tenant_ids),
        tenants=tenants,
        next_cursor=following,
    )
