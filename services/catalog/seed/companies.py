"""Seed steps: the listed companies with their products and registry facts, their dated financial
figures, and the supply links between them."""

from typing import Any

from sqlalchemy.orm import Session

from services.catalog.companies.models import Company, CompanyFinancial, SupplyLink
from services.catalog.seed.bulk import Added, add_missing, add_or_update, key_ids
from services.catalog.seed.reference import (
    FINANCIALS_SOURCE,
    REGISTRY_FIELDS,
    SEMICONDUCTOR_EDGES_SOURCE,
    Reference,
    ReferenceFinancial,
)


def load_companies(session: Session, reference: Reference) -> Added:
    """New companies are inserted; the registry fields of those already there follow the source."""
    provenance = reference.companies_source.columns()
    blank: dict[str, Any] = {
        "uscc": None,
        "industry_codes": [],
        "revenue_band": None,
        "qualifications": [],
        "description": None,
        "needs": {},
    }
    rows = [{**vars(company), **blank, **provenance} for company in reference.companies]
    return add_or_update(session, Company, ("stock_code",), rows, REGISTRY_FIELDS)


def company_ids(session: Session) -> dict[str, int]:
    """Stock code -> company id, for the companies that have one."""
    return {
        code: company_id
        for (code,), company_id in key_ids(
            session, Company, ("stock_code",), Company.stock_code.is_not(None)
        ).items()
    }


def financial_row(record: ReferenceFinancial, company_id: int) -> dict[str, Any]:
    return {
        "company_id": company_id,
        "as_of": record.as_of,
        **record.figures,
        "not_reported": record.not_reported,
        "source": FINANCIALS_SOURCE,
        "is_generated": False,
    }


def load_financials(session: Session, reference: Reference) -> Added:
    companies = company_ids(session)
    rows = [
        financial_row(record, companies[record.stock_code])
        for record in reference.financials
        if record.stock_code in companies
    ]
    follow = [name for name in rows[0] if name not in ("company_id", "as_of")] if rows else []
    return add_or_update(session, CompanyFinancial, ("company_id", "as_of"), rows, follow)


def load_supply_links(session: Session, reference: Reference) -> Added:
    companies = company_ids(session)
    rows = [
        {
            "supplier_id": companies[link.supplier_code],
            "buyer_id": companies[link.buyer_code],
            "product": link.product,
            "relationship_type": link.relationship_type,
            "confidence": link.confidence,
            "notes": link.notes,
            **SEMICONDUCTOR_EDGES_SOURCE.columns(),
        }
        for link in reference.supply_links
        if link.supplier_code in companies and link.buyer_code in companies
    ]
    return add_missing(session, SupplyLink, ("supplier_id", "buyer_id", "product"), rows)
