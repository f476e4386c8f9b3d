"""Investment rules, a fund's portfolio and a park's view of the holdings of its tenants (房东→股东)."""

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from services.catalog.companies.models import Company
from services.catalog.funds.models import Fund
from services.catalog.funds.repository import FundRepository
from services.catalog.investments.models import Investment
from services.catalog.investments.schemas import (
    LISTED_ROUNDS,
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
from services.catalog.kit.validation import value_after
from services.catalog.parks.models import Park
from services.catalog.parks.repository import ParkRepository
from services.catalog.tenancies.models import Tenancy
from services.catalog.tenancies.repository import makes_tenant
from services.catalog.tenancies.schemas import TenancyPlacement, TenancyStatus
from shared.errors import Conflict, Forbidden, Unauthorized, ValidationFailed
from shared.principal import Principal, Role

KEY = ("fund_id", "company_id", "round", "invested_on")


def validate(session: Session, values: dict[str, Any], investment: Investment | None) -> dict[str, Any]:
    """A private placement (定增/PIPE) is a listed company's; a fund's round in a company on a date is
    recorded once (409 naming the investment that has it)."""
    fund_id, company_id, investment_round, invested_on = (value_after(values, investment, k) for k in KEY)
    if investment_round in LISTED_ROUNDS:
        stock_code = session.scalar(select(Company.stock_code).where(Company.id == company_id))
        if stock_code is None:
            raise ValidationFailed.field(
                "body.round",
                f"a {investment_round} round is a listed company's; company {company_id} has no stock code",
            )
    taken = session.scalar(
        select(Investment.id).where(
            Investment.fund_id == fund_id,
            Investment.company_id == company_id,
            Investment.round == investment_round,
            Investment.invested_on == invested_on,
            Investment.id != (investment.id if investment is not None else 0),
        )
    )
    if taken is not None:
        raise Conflict(
            f"investment {taken} already records fund {fund_id}'s {investment_round} round in company "
            f"{company_id} on {invested_on}",
            details=[{"field": "body.invested_on", "reason": f"taken by investment {taken}"}],
        )
    return values


# --- reading holdings ------------------------------------------------------------------------------


def _holdings(session: Session, statement: Select[Investment, str]) -> list[Holding]:
    """The rounds `statement` selects (an Investment and its fund's name), newest first."""
    ordered = statement.order_by(Investment.invested_on.desc(), Investment.id.desc())
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
        )
        for investment, fund_name in session.execute(ordered)
    ]


def _with_fund_names() -> Select[Investment, str]:
    return select(Investment, Fund.name).join(Fund, Investment.fund_id == Fund.id)


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


def _held_companies(session: Session, rounds: list[Holding]) -> list[HeldCompany]:
    """The companies of the rounds, each with its rounds, in the order of their newest round (the
    companies' names and places only: their figures are not loaded)."""
    grouped: dict[int, list[Holding]] = {}
    for holding in rounds:
        grouped.setdefault(holding.company_id, []).append(holding)
    rows = session.execute(
        select(Company.id, Company.name, Company.province, Company.is_generated).where(
            Company.id.in_(sorted(grouped))
        )
    )
    companies = {row.id: row for row in rows}
    return [
        HeldCompany(
            company_id=company_id,
            name=companies[company_id].name,
            province=companies[company_id].province,
            is_generated=companies[company_id].is_generated,
            rounds=company_rounds,
        )
        for company_id, company_rounds in grouped.items()
    ]


def _disclosed(rounds: Iterable[Holding]) -> float:
    return sum(holding.amount_yuan for holding in rounds if holding.amount_yuan is not None)


def fund_portfolio(session: Session, principal: Principal, fund_id: int, limit: int) -> FundPortfolio:
    """A fund's holdings, per company: where it sits (and how the catalog knows), the fund's rounds in
    it with their sources, and whether it is a tenant of the fund's own park; totals over all of them."""
    fund = FundRepository(session, principal).get(fund_id)
    park_name = session.scalar(select(Park.name).where(Park.id == fund.park_id)) if fund.park_id else None
    rounds = _holdings(session, _with_fund_names().where(Investment.fund_id == fund.id))
    held = _held_companies(session, rounds)
    placements = _placements(session, (company.company_id for company in held))
    holdings = [
        PortfolioCompany(
            **company.model_dump(),
            parks=placements.get(company.company_id, []),
            in_fund_park=any(
                place.park_id == fund.park_id for place in placements.get(company.company_id, [])
            ),
            held=any(holding.status == InvestmentStatus.held for holding in company.rounds),
            disclosed_amount_yuan=_disclosed(company.rounds),
        )
        for company in held
    ]
    totals = PortfolioTotals(
        companies=len(holdings),
        investments=len(rounds),
        disclosed_amount_yuan=_disclosed(rounds),
        undisclosed_investments=sum(1 for holding in rounds if holding.amount_yuan is None),
        held_companies=sum(1 for holding in holdings if holding.held),
        exited_companies=sum(1 for holding in holdings if not holding.held),
        in_fund_park=sum(1 for holding in holdings if holding.in_fund_park),
        generated_investments=sum(1 for holding in rounds if holding.is_generated),
    )
    return FundPortfolio(
        fund=PortfolioFund(
            id=fund.id,
            name=fund.name,
            park_id=fund.park_id,
            park_name=park_name,
            source=fund.source,
            is_generated=fund.is_generated,
        ),
        totals=totals,
        companies=holdings[:limit],
    )


def require_park_officer(principal: Principal, park_id: int) -> None:
    """A park's own view: its officers', admins' and the services'."""
    if principal.acts_for("park_id", park_id):
        return
    if principal.role is Role.anonymous:
        raise Unauthorized("authentication required")
    raise Forbidden(f"park {park_id} is not one of your parks")


def park_fund_holdings(session: Session, principal: Principal, park_id: int, limit: int) -> ParkFundHoldings:
    """A park's funds (fund.park_id), and which of its tenants any fund holds: who, which round, how
    much, when, each with its source."""
    park = ParkRepository(session, principal).get(park_id)
    require_park_officer(principal, park.id)
    tenants = select(Tenancy.company_id).where(Tenancy.park_id == park.id, makes_tenant())
    tenant_ids = set(session.scalars(tenants))
    funds = list(session.scalars(select(Fund).where(Fund.park_id == park.id).order_by(Fund.id)))
    own_fund_ids = {fund.id for fund in funds}

    rounds = _holdings(session, _with_fund_names().where(Investment.company_id.in_(tenants)))
    held = _held_companies(session, rounds)
    placements = _placements(session, (company.company_id for company in held), Tenancy.park_id == park.id)
    held_tenants = [
        HeldTenant(
            **company.model_dump(),
            placement=placements[company.company_id][0],
            by_park_fund=any(holding.fund_id in own_fund_ids for holding in company.rounds),
        )
        for company in held
    ]

    fund_rows = session.execute(
        select(Investment.fund_id, Investment.company_id, Investment.amount_yuan).where(
            Investment.fund_id.in_(sorted(own_fund_ids))
        )
    )
    held_by: dict[int, set[int]] = defaultdict(set)
    amounts: dict[int, float] = defaultdict(float)
    for fund_id, company_id, amount in fund_rows:
        held_by[fund_id].add(company_id)
        amounts[fund_id] += amount or 0.0
    return ParkFundHoldings(
        park_id=park.id,
        park_name=park.name,
        totals=ParkHoldingsTotals(
            funds=len(funds),
            tenants=len(tenant_ids),
            tenants_held=len(held_tenants),
            tenants_held_by_park_funds=sum(1 for tenant in held_tenants if tenant.by_park_fund),
        ),
        funds=[
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
        ],
        tenants=held_tenants[:limit],
    )
