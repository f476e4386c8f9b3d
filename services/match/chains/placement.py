"""How a park's tenants are known to sit there, said beside every claim that rests on them.

A tenant is located from its registered or office address, reported by the news, entered by an
officer, or placed by the demo generator (示例, no address placed it); it may be registered virtually
(虚拟注册: no space taken in the park) or be a planned project not yet landed. A park's coverage of a
chain counts the tenants the catalog knows, so its basis says how many, and how each is known:
"missing" means none of these works at the node, not that the park has no such company.
"""

from collections.abc import Mapping
from typing import Any

from shared.contract import (
    ReviewStatus,
    TenancyKind,
    TenancyPlacement,
    TenancyRecord,
    TenancyStatus,
    placed_by_demo,
)

SOURCE_LABEL: Mapping[str, str] = {
    TenancyPlacement.registered_address: "据注册地址定位",
    TenancyPlacement.office_address: "据办公地址定位",
    TenancyPlacement.reported: "据新闻报道",
    TenancyPlacement.officer: "园区录入",
    TenancyPlacement.generated: "示例入驻，由演示数据生成、未经核实",
}
LOCATED = (TenancyPlacement.registered_address, TenancyPlacement.office_address)


def is_virtual(tenancy: TenancyRecord) -> bool:
    return tenancy.get("kind") == TenancyKind.virtual


def is_planned(tenancy: TenancyRecord) -> bool:
    return tenancy.get("status") == TenancyStatus.planned


def placement_note(tenancy: TenancyRecord) -> str:
    """How the tenant is known to sit in the park, in words: 据办公地址定位, 示例入驻..., 虚拟注册..."""
    source = SOURCE_LABEL[TenancyPlacement.generated] if placed_by_demo(tenancy) else None
    parts = [source or SOURCE_LABEL.get(str(tenancy.get("placement_source")), "入驻来源未载明")]
    if tenancy.get("review_status") == ReviewStatus.confirmed:
        parts.append("园区已确认")
    if is_virtual(tenancy):
        parts.append("虚拟注册，不占园区空间")
    if is_planned(tenancy):
        parts.append("计划入驻，尚未落地")
    return "；".join(parts)


def placement_details(tenancy: TenancyRecord) -> dict[str, Any]:
    """The tenancy a claim rests on, to be checked in the catalog (GET /api/v1/tenancies/{id})."""
    return {
        "tenancy_id": tenancy["id"],
        "placement_source": tenancy.get("placement_source"),
        "kind": tenancy.get("kind"),
        "status": tenancy.get("status"),
        "is_generated": placed_by_demo(tenancy),
        "confidence": tenancy.get("confidence"),
        "review_status": tenancy.get("review_status"),
        "address": tenancy.get("address"),
        "source": tenancy.get("source"),
    }


def tenant_basis(placements: Mapping[int, TenancyRecord]) -> dict[str, Any]:
    """What a park's coverage is counted over: its tenants in the catalog, by how each is known."""
    tenancies = list(placements.values())
    generated = sum(placed_by_demo(t) for t in tenancies)
    counts = {
        "total": len(tenancies),
        "located_from_address": sum(
            not placed_by_demo(t) and t.get("placement_source") in LOCATED for t in tenancies
        ),
        "reported": sum(
            not placed_by_demo(t) and t.get("placement_source") == TenancyPlacement.reported
            for t in tenancies
        ),
        "officer": sum(
            not placed_by_demo(t) and t.get("placement_source") == TenancyPlacement.officer for t in tenancies
        ),
        "generated": generated,
        "virtual": sum(is_virtual(t) for t in tenancies),
        "planned": sum(is_planned(t) for t in tenancies),
    }
    parts = [
        f"{counts[key]} 家{label}"
        for key, label in (
            ("located_from_address", "据地址定位"),
            ("reported", "据新闻报道"),
            ("officer", "园区录入"),
            ("generated", "为示例数据"),
        )
        if counts[key]
    ]
    kinds = [
        f"{counts[key]} 家{label}"
        for key, label in (("virtual", "虚拟注册"), ("planned", "计划入驻"))
        if counts[key]
    ]
    detail = "，".join(parts) + (f"；其中 {'，'.join(kinds)}" if kinds else "")
    note = (
        f"按本库所知的 {counts['total']} 家园区企业计" + (f"（{detail}）" if detail else "") + "；"
        "库外企业不计，「缺失」指这些企业都不在该环节，不等于园区没有"
    )
    return {**counts, "note": note}
