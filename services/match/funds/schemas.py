from pydantic import Field

from services.match.schemas import CompanyFilters, Limit
from shared.schemas import PrimaryKey


class FundsForCompanyRequest(Limit):
    company_id: PrimaryKey


class CompaniesForFundRequest(Limit):
    fund_id: PrimaryKey
    filters: CompanyFilters = Field(default_factory=CompanyFilters)
