from datetime import date, datetime
from typing import Annotated

from pydantic import Field

from services.catalog.kit.schemas import EntityFilters, EntityRead, Provenance, VersionedUpdate
from services.catalog.tenancies.schemas import TenancyPlacement, TenancyStatus
from shared.contract import InvestmentRound, InvestmentStatus
from shared.schemas import HistoricDate, PrimaryKey, Schema, Text, Yuan

Percent = Annotated[float, Field(ge=0, le=100, allow_inf_nan=False, description="a share, in %")]


# The order of a portfolio's companies and of a park's held tenants (both paged by keyset over it).
HOLDINGS_ORDER = "the company of the most recent round first, then the higher company id"

# The rounds only a listed company has.
LISTED_ROUNDS = frozenset({InvestmentRound.private_placement})


class InvestmentFields(Schema):
    fund_id: PrimaryKey
    company_id: PrimaryKey
    round: InvestmentRound
    amount_yuan: Yuan | None = Field(default=None, description="what the fund put in; null: not disclosed")
    share_pct: Percent | None = Field(default=None, description="the fund's share of the company's equity")
    invested_on: HistoricDate = Field(description="the day the round closed (or was announced)")
    status: InvestmentStatus = InvestmentStatus.held
    note: Text | None = None


class InvestmentCreate(InvestmentFields, Provenance):
    pass


class InvestmentUpdate(VersionedUpdate):
    fund_id: PrimaryKey | None = None
    company_id: PrimaryKey | None = None
    round: InvestmentRound | None = None
    amount_yuan: Yuan | None = None
    share_pct: Percent | None = None
    invested_on: HistoricDate | None = None
    status: InvestmentStatus | None = None
    note: Text | None = None


class RecordedBy(Schema):
    """Who last entered an investment's values through the API, and when (the catalog writes it from
    the caller's API key; null on imported and generated records, whose source names the file)."""

    recorded_at: datetime | None = None
    recorded_by: str | None = Field(default=None, description="the API key's name, as it was")
    recorded_by_role: str | None = Field(default=None, description="the key's role: admin, fund...")
    recorded_by_key_id: int | None = Field(default=None, description="the API key's id (GET /api-keys)")


class InvestmentRead(InvestmentFields, RecordedBy, EntityRead):
    pass


class InvestmentFilters(EntityFilters):
    fund_id: PrimaryKey | None = None
    company_id: PrimaryKey | None = None
    park_id: PrimaryKey | None = Field(
        default=None, description="the company is a tenant of this park, or the fund is the park's own"
    )
    round: InvestmentRound | None = None
    status: InvestmentStatus | None = None
    is_generated: bool | None = Field(default=None, description="generated demo records (示例) or real ones")


# --- a fund's portfolio, a park's holdings --------------------------------------------------------


class Placement(Schema):
    """A park a company sits in, and how the catalog knows (TenancyPlacement, the locator's confidence)."""

    park_id: PrimaryKey
    park_name: str
    status: TenancyStatus
    placement_source: TenancyPlacement
    confidence: float | None
    source: str | None
    is_generated: bool


class Holding(RecordedBy):
    """One round of one investment, with its provenance: check it at `source`, or ask who entered it."""

    investment_id: PrimaryKey
    fund_id: PrimaryKey
    fund_name: str
    company_id: PrimaryKey
    round: InvestmentRound
    amount_yuan: float | None = Field(description="null: not disclosed")
    share_pct: float | None
    invested_on: date
    status: InvestmentStatus
    source: str | None
    as_of: date | None
    is_generated: bool


class HeldCompany(Schema):
    """A company funds hold, with the rounds in it, newest first."""

    company_id: PrimaryKey
    name: str
    province: str | None
    is_generated: bool = Field(description="the company record itself is generated demo data")
    rounds: list[Holding]


class PortfolioCompany(HeldCompany):
    parks: list[Placement] = Field(description="the parks it is a tenant of (active or planned)")
    in_fund_park: bool = Field(description="a tenant of the fund's own park (fund.park_id)")
    held: bool = Field(description="the fund still holds a stake from some round")
    disclosed_amount_yuan: float = Field(description="sum of the rounds' disclosed amounts")


class PortfolioTotals(Schema):
    companies: int
    investments: int
    disclosed_amount_yuan: float = Field(description="sum of the disclosed amounts")
    undisclosed_investments: int = Field(description="investments whose amount was not disclosed")
    held_companies: int = Field(description="companies the fund still holds a stake in")
    exited_companies: int = Field(description="companies the fund has exited from every round of")
    in_fund_park: int = Field(description="holdings that are tenants of the fund's own park")
    generated_investments: int = Field(description="investments that are generated demo records (示例)")


class PortfolioFund(Schema):
    id: PrimaryKey
    name: str
    park_id: PrimaryKey | None
    park_name: str | None
    source: str | None
    is_generated: bool


class FundPortfolio(Schema):
    fund: PortfolioFund
    totals: PortfolioTotals = Field(description="over every holding, not only this page's")
    companies: list[PortfolioCompany] = Field(description=f"one page of the holdings: {HOLDINGS_ORDER}")
    next_cursor: str | None = Field(description="the cursor of the next page; null: this is the last")


class ParkFund(Schema):
    id: PrimaryKey
    name: str
    size_yuan: float | None
    is_generated: bool
    companies: int = Field(description="companies it has invested in")
    tenants: int = Field(description="of them, tenants of this park")
    disclosed_amount_yuan: float


class HeldTenant(HeldCompany):
    placement: Placement = Field(description="its tenancy in this park")
    by_park_fund: bool = Field(description="one of this park's own funds invested in it")


class ParkHoldingsTotals(Schema):
    funds: int = Field(description="the park's own funds")
    tenants: int = Field(description="the park's tenants (active or planned)")
    tenants_held: int = Field(description="tenants some fund has invested in")
    tenants_held_by_park_funds: int


class ParkFundHoldings(Schema):
    park_id: PrimaryKey
    park_name: str
    totals: ParkHoldingsTotals
    funds: list[ParkFund] = Field(description="the park's own funds (fund.park_id)")
    tenants: list[HeldTenant] = Field(description=f"one page of the tenants any fund holds: {HOLDINGS_ORDER}")
    next_cursor: str | None = Field(description="the cursor of the next page; null: this is the last")
