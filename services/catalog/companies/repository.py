import re
from typing import ClassVar

from sqlalchemy import ColumnElement, Select, func, or_, select

from services.catalog.chains.models import NodeCompany
from services.catalog.companies.models import Company, CompanyFinancial, SupplyLink
from services.catalog.companies.schemas import CompanyFilters, CompanyFinancialFilters, SupplyLinkFilters
from services.catalog.industries.schemas import gb_code
from services.catalog.kit.filters import json_list_contains, json_list_prefixed, text_matches
from services.catalog.kit.ownership import SelfManagedRepository
from services.catalog.kit.repository import Repository
from shared.principal import Role

_SW_CODE = re.compile(r"\d{6}")


def _sw_code_prefix(code: str) -> str:
    """The prefix every 申万 code under `code` shares: "270000" -> "27", "270600" -> "2706"."""
    if code.endswith("0000"):
        return code[:2]
    if code.endswith("00"):
        return code[:4]
    return code


def _industry_matches(industry: str) -> ColumnElement[bool]:
    matches = [
        func.lower(Company.sw_industry_name).contains(industry.lower(), autoescape=True),
        json_list_prefixed(Company.industry_codes, gb_code(industry)),
    ]
    if _SW_CODE.fullmatch(industry):
        matches.append(Company.sw_industry_code.startswith(_sw_code_prefix(industry)))
    return or_(*matches)


class CompanyRepository(SelfManagedRepository[Company]):
    model = Company
    owner_role = Role.enterprise
    owner_claim = "company_id"
    sortable: ClassVar[dict[str, str]] = {
        "name": "name",
        "province": "province",
        "stock_code": "stock_code",
        "founded_year": "founded_year",
        "founded_on": "founded_on",
        "headcount": "headcount",
        "registered_capital_yuan": "registered_capital_yuan",
    }

    def apply_filters(self, statement: Select[Company], filters: CompanyFilters) -> Select[Company]:
        if filters.q:
            columns = [Company.name, Company.short_name, Company.stock_code]
            statement = statement.where(text_matches(columns, filters.q))
        if filters.province:
            statement = statement.where(Company.province.startswith(filters.province))
        if filters.industry:
            statement = statement.where(_industry_matches(filters.industry))
        if filters.qualification:
            statement = statement.where(json_list_contains(Company.qualifications, filters.qualification))
        if filters.funding_stage:
            statement = statement.where(Company.funding_stage == filters.funding_stage)
        if filters.revenue_band:
            statement = statement.where(Company.revenue_band == filters.revenue_band)
        if filters.stock_code:
            statement = statement.where(Company.stock_code == filters.stock_code)
        if filters.node_id:
            at_node = select(NodeCompany.company_id).where(NodeCompany.node_id == filters.node_id)
            statement = statement.where(Company.id.in_(at_node))
        return statement


class CompanyFinancialRepository(Repository[CompanyFinancial]):
    """Dated figures, visible with their company; loaded by the seed, read-only through the API."""

    model = CompanyFinancial
    sortable: ClassVar[dict[str, str]] = {"as_of": "as_of"}

    def base_statement(self) -> Select[CompanyFinancial]:
        companies = CompanyRepository(self.session, self.principal).base_statement()
        visible = companies.with_only_columns(Company.id)
        return select(CompanyFinancial).where(CompanyFinancial.company_id.in_(visible))

    def apply_filters(
        self, statement: Select[CompanyFinancial], filters: CompanyFinancialFilters
    ) -> Select[CompanyFinancial]:
        if filters.company_id:
            statement = statement.where(CompanyFinancial.company_id == filters.company_id)
        return statement


class SupplyLinkRepository(Repository[SupplyLink]):
    model = SupplyLink
    sortable: ClassVar[dict[str, str]] = {"product": "product", "confidence": "confidence"}

    def apply_filters(self, statement: Select[SupplyLink], filters: SupplyLinkFilters) -> Select[SupplyLink]:
        if filters.supplier_id:
            statement = statement.where(SupplyLink.supplier_id == filters.supplier_id)
        if filters.buyer_id:
            statement = statement.where(SupplyLink.buyer_id == filters.buyer_id)
        if filters.company_id:
            statement = statement.where(
                or_(SupplyLink.supplier_id == filters.company_id, SupplyLink.buyer_id == filters.company_id)
            )
        if filters.q:
            statement = statement.where(text_matches([SupplyLink.product], filters.q))
        return statement
