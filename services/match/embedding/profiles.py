"""Company profile texts, the passages the match service embeds for listed companies.

A profile is ``full name + industry + main products``: the Shenwan 2021 industry without its level
marker (``电子化学品Ⅲ`` -> ``电子化学品``) and the product names of ``top_products``
(``name:share|name:share``) without their revenue shares, joined by ``、``.
"""

from __future__ import annotations

import csv
from pathlib import Path

from shared.settings import Settings

_LEVEL_MARKERS = "ⅠⅡⅢ"


def listed_companies_csv(settings: Settings) -> Path:
    return settings.reference_data_dir / "companies" / "listed_companies.csv"


def product_names(top_products: str) -> list[str]:
    names = (item.rpartition(":")[0] or item for item in top_products.split("|"))
    return [name.strip() for name in names if name.strip()]


def company_profile(full_name: str, industry: str, top_products: str) -> str:
    parts = [
        full_name.strip(),
        industry.strip().rstrip(_LEVEL_MARKERS),
        "、".join(product_names(top_products)),
    ]
    return " ".join(part for part in parts if part)


def load_company_profiles(path: Path) -> list[str]:
    """One profile per row of ``listed_companies.csv``, in file order."""
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            company_profile(row["full_name"], row["sw2021_industry_name"], row["top_products"])
            for row in csv.DictReader(handle)
        ]
