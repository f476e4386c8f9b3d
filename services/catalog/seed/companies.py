"""Seed steps: the listed companies with their products, and the supply links between them."""

from typing import Any

from sqlalchemy.orm import Session

from services.catalog.companies.models import Company, SupplyLink
from services.catalog.seed.bulk import Added, add_missing, key_ids
from services.catalog.seed.reference import SEMICONDUCTOR_EDGES_SOURCE, Reference


def load_companies(session: Session, reference: Reference) -> Added:
    provenance = reference.companies_source.columns()
    blank: dict[str, Any] = {
        "uscc": None,
        "industry_codes": [],
        "registered_capital_yuan": None,
        "revenue_band": None,
        "headcount": None,
        "founded_year": None,
        "qualifications": [],
        "description": None,
        "needs": {},
    }
    rows = [{**vars(company), **blank, **provenance} for company in reference.companies]
    return add_missing(session, Company, ("stock_code",), rows)


def company_ids(session: Session) -> dict[str, int]:
    """Stock code -> company id, for the companies that have one."""
    return {
        code: company_id
        for (code,), company_id in key_ids(
            session, Company, ("stock_code",), Company.stock_code.is_not(None)
        ).items()
    }


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
