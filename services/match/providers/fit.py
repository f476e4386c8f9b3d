"""Fit between a service provider and a company, from public signals and the company's own needs.

A company's `needs.services_wanted` is private: it is used only when the company itself (or an
admin) asks for providers, never to rank companies for a provider.
"""

from typing import Any

from services.match.factors import UNKNOWN


def wanted_fit(provider: dict[str, Any], company: dict[str, Any]) -> tuple[float, str | None]:
    wanted = (company.get("needs") or {}).get("services_wanted") or []
    if not wanted:
        return UNKNOWN, None
    if provider.get("category") in wanted:
        return 1.0, f"企业需要的服务包含「{provider['category']}」"
    return 0.3, None
