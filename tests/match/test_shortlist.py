"""parks-for-company's score, on bundles built by hand: what the move costs in the end weighs more
than how much of it the subsidies pay."""

from typing import Any, cast

from services.match.parks.shortlist import UNKNOWN_COST, Candidate, Needs, bundle
from shared.contract import ParkRecord

NEEDS = Needs(space_m2=20_000, budget=25, investment_yuan=None, years=3)


def candidate(park_id: int) -> Candidate:
    park = cast(ParkRecord, {"id": park_id, "name": f"园区{park_id}", "province": "江苏省"})
    return Candidate(park=park, factors={"industry": 0.8, "chain": 0.6, "carrier": 0.9})


def evaluation(gross: float, offset: float, other: float, space_m2: float = 20_000) -> dict[str, Any]:
    return {
        "total_eligible_yuan": offset + other,
        "other_subsidies_yuan": other,
        "policies": [],
        "location": {
            "kind": "rent",
            "gross_yuan": gross,
            "benefits_yuan": offset,
            "net_yuan": gross - offset,
            "space_m2": space_m2,
            "note": f"按 {space_m2:,.0f}㎡ 计",
        },
    }


def test_a_cheaper_move_outranks_bigger_subsidies_on_a_dearer_one() -> None:
    # Park 1 pays 900万 of subsidies on a 3,000万 location (2,100万 in the end); park 2 pays 100万
    # on 1,000万 (900万): equal on everything else, the enterprise's cheaper move comes first.
    items = bundle(
        [candidate(1), candidate(2)],
        [evaluation(30e6, 6e6, 3e6), evaluation(10e6, 1e6, 0.0)],
        NEEDS,
        limit=2,
        policy_records={},
    )
    assert [item.id for item in items] == [2, 1]
    assert [item.factors["cost"] for item in items] == [1.0, 0.0]
    assert items[0].factors["policy"] < items[1].factors["policy"]
    assert any("再减其他补贴后 2,100.0 万元" in line for line in items[1].evidence)


def test_a_park_whose_location_is_not_costed_is_neither_cheap_nor_dear() -> None:
    uncosted = {"total_eligible_yuan": 0.0, "other_subsidies_yuan": 0.0, "policies": [], "location": None}
    items = bundle(
        [candidate(1), candidate(2), candidate(3)],
        [evaluation(30e6, 0.0, 0.0), uncosted, evaluation(10e6, 0.0, 0.0)],
        NEEDS,
        limit=3,
        policy_records={},
    )
    assert {item.id: item.factors["cost"] for item in items} == {1: 0.0, 2: UNKNOWN_COST, 3: 1.0}


def test_a_carrier_too_small_for_the_need_does_not_look_cheap_for_costing_less_area() -> None:
    # Park 1 costs 300万 for the 3,000㎡ its carrier offers (1,000 元/㎡); park 2 costs 1,000万 for the
    # whole 20,000㎡ (500 元/㎡): per ㎡ the bigger bill is the cheaper move.
    items = bundle(
        [candidate(1), candidate(2)],
        [evaluation(3e6, 0.0, 0.0, space_m2=3_000), evaluation(10e6, 0.0, 0.0)],
        NEEDS,
        limit=2,
        policy_records={},
    )
    assert [item.id for item in items] == [2, 1]
    assert {item.id: item.factors["cost"] for item in items} == {1: 0.0, 2: 1.0}
    assert any(line.endswith("合每㎡ 1,000 元") for line in items[1].evidence)
