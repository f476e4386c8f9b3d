from pydantic import Field

from services.match.chains.coverage import Action
from services.match.schemas import CompanyFilters, Limit, ParkFilters
from shared.schemas import MAX_AREA_M2, MAX_YUAN, PrimaryKey


class CompaniesForParkRequest(Limit):
    park_id: PrimaryKey
    chain_ids: list[PrimaryKey] | None = Field(default=None, max_length=10, description="only these chains")
    action: Action | None = Field(
        default=None,
        description="only targets for this action: fill 补链, extend 延链, strengthen 强链, build 建链",
    )
    filters: CompanyFilters = Field(default_factory=CompanyFilters)


class ParksForCompanyRequest(Limit):
    company_id: PrimaryKey
    filters: ParkFilters = Field(default_factory=ParkFilters)
    # Bounded like the policy calculator's inputs, which these are passed on to.
    space_m2: float | None = Field(
        default=None, gt=0, le=MAX_AREA_M2, description="overrides the company's stated need"
    )
    budget_yuan_m2_month: float | None = Field(default=None, gt=0, le=MAX_YUAN)
    investment_yuan: float | None = Field(default=None, ge=0, le=MAX_YUAN)
    years: int = Field(default=3, ge=1, le=10)
