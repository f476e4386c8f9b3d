"""Seed step: the GB/T 4754-2017 and 申万 2021 industries."""

from sqlalchemy.orm import Session

from services.catalog.industries.models import Industry
from services.catalog.seed.bulk import Added, add_missing
from services.catalog.seed.reference import GBT_SOURCE, SW_SOURCE, ReferenceIndustry

SOURCES = {"gbt4754": GBT_SOURCE, "sw2021": SW_SOURCE}


def load_industries(session: Session, industries: list[ReferenceIndustry], scheme: str) -> Added:
    rows = [
        {**vars(industry), **SOURCES[scheme].columns()}
        for industry in industries
        if industry.scheme == scheme
    ]
    return add_missing(session, Industry, ("scheme", "code"), rows, Industry.scheme == scheme)
