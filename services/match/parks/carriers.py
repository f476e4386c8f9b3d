"""Which of a park's carriers suits a company's space need and budget (the catalog's policy
calculator costs it)."""

from collections.abc import Iterable
from dataclasses import dataclass, field

from shared.contract import CarrierKind, CarrierRecord

# Carrier kinds a company of this kind would look at first.
MANUFACTURING_HINTS = (
    "制造",
    "材料",
    "设备",
    "化工",
    "电池",
    "汽车",
    "机械",
    "半导体",
    "元件",
    "器件",
    "钢",
    "医药",
)


@dataclass
class CarrierFit:
    carrier: CarrierRecord
    score: float
    reasons: list[str] = field(default_factory=list)


def preferred_kinds(profile_text: str) -> tuple[CarrierKind, ...]:
    if any(hint in profile_text for hint in MANUFACTURING_HINTS):
        return (CarrierKind.standard_factory, CarrierKind.land_parcel, CarrierKind.lab)
    return (CarrierKind.office, CarrierKind.incubator, CarrierKind.lab)


def fit(
    carrier: CarrierRecord, space_m2: float | None, budget: float | None, kinds: tuple[CarrierKind, ...]
) -> CarrierFit:
    reasons: list[str] = []
    available = carrier.get("available_area_m2") or 0.0
    rent = carrier.get("rent_yuan_m2_month")
    if space_m2:
        area_score = 1.0 if available >= space_m2 else available / space_m2
        if available >= space_m2:
            reasons.append(f"可用面积 {available:,.0f}㎡ 满足需求 {space_m2:,.0f}㎡")
        else:
            # The catalog costs what the carrier offers; the rest of the need is left to other carriers.
            reasons.append(
                f"可用面积 {available:,.0f}㎡ 不足需求 {space_m2:,.0f}㎡，按 {available:,.0f}㎡ 计，"
                f"其余 {space_m2 - available:,.0f}㎡ 需另寻载体"
            )
    else:
        area_score = 1.0 if available > 0 else 0.5
        reasons.append(f"可用面积 {available:,.0f}㎡（未给出面积需求）" if available else "可用面积未载明")
    if budget and rent:
        budget_score = 1.0 if rent <= budget else max(0.0, 1.0 - (rent - budget) / budget)
        reasons.append(f"租金 {rent:g} 元/㎡/月，预算 {budget:g}")
    else:
        budget_score = 0.7
        price = carrier.get("land_price_yuan_m2")
        if rent:
            reasons.append(f"租金 {rent:g} 元/㎡/月（未给出预算）")
        elif price:
            reasons.append(f"地价 {price:g} 元/㎡")
    kind_score = 1.0 if carrier.get("kind") in kinds else 0.6
    score = area_score * 0.5 + budget_score * 0.3 + kind_score * 0.2
    return CarrierFit(carrier=carrier, score=round(score, 4), reasons=reasons)


def best_carrier(
    carriers: Iterable[CarrierRecord],
    space_m2: float | None,
    budget: float | None,
    kinds: tuple[CarrierKind, ...],
) -> CarrierFit | None:
    fits = [
        fit(carrier, space_m2, budget, kinds)
        for carrier in carriers
        if carrier.get("kind") != CarrierKind.virtual_seat
    ]
    return max(fits, key=lambda f: (f.score, -(f.carrier.get("rent_yuan_m2_month") or 0)), default=None)
