"""What is new since the caller last looked: each of their saved searches is run against the match
service (as them, under the same rules as a direct question), its result ids are compared with those
stored at the last look, the new set is stored, and only the results not seen before are returned."""

import asyncio
from typing import Any

from fastapi import APIRouter
from pydantic import Field

from services.gateway.access import CATALOG, MATCH
from services.gateway.core import Gateway, answer_error
from services.gateway.dependencies import CallDep, GatewayDep
from shared.errors import AppError, Forbidden
from shared.logging import get_logger
from shared.principal import Principal
from shared.schemas import Schema

log = get_logger(__name__)
router = APIRouter(prefix="/api/v1", tags=["alerts"])

MAX_SAVED_SEARCHES = 200
CONCURRENT_SEARCHES = 4


class Alert(Schema):
    saved_search_id: int
    name: str
    kind: str
    new: list[dict[str, Any]] = Field(description="results the search did not give at the last look")
    results: int = Field(description="how many results it gives now")
    first_look: bool = Field(description="never looked at before: every result is new")


class SearchError(Schema):
    saved_search_id: int
    name: str
    status: int
    code: str
    message: str


class Alerts(Schema):
    items: list[Alert] = Field(description="the saved searches with new results")
    checked: int = Field(description="how many saved searches were run")
    errors: list[SearchError] = Field(description="saved searches that could not be run or recorded")


async def saved_searches(gateway: Gateway, principal: Principal) -> list[dict[str, Any]]:
    params = {"owner_key_id": principal.key_id, "limit": MAX_SAVED_SEARCHES}
    response = await gateway.call(CATALOG, "GET", "/api/v1/saved-searches", principal, params=params)
    if response.status_code != 200:
        raise answer_error(response, CATALOG)
    items: list[dict[str, Any]] = response.json()["items"]
    return items


async def look(gateway: Gateway, principal: Principal, search: dict[str, Any]) -> Alert:
    """Run one saved search and record what it gave; raises AppError when it can't be run."""
    path = f"/api/v1/match/{search['kind']}"
    gateway.table.match("POST", path)[0].authorize(principal)  # the match service checks the object
    response = await gateway.call(MATCH, "POST", path, principal, json=search["query"])
    if response.status_code != 200:
        raise answer_error(response, MATCH)
    results: list[dict[str, Any]] = response.json()["items"]
    seen = set(search["last_result_ids"] or [])
    ids = [item["id"] for item in results]
    record = await gateway.call(
        CATALOG,
        "POST",
        f"/api/v1/saved-searches/{search['id']}/seen",
        principal,
        json={"version": search["version"], "result_ids": ids},
    )
    if record.status_code != 200:
        # Another look raced this one (409) or the search just went; what is new now is still new.
        log.warning(
            "alert look not recorded", extra={"saved_search": search["id"], "status": record.status_code}
        )
    return Alert(
        saved_search_id=search["id"],
        name=search["name"],
        kind=search["kind"],
        new=[item for item in results if item["id"] not in seen],
        results=len(ids),
        first_look=search["last_result_ids"] is None,
    )


@router.get(
    "/alerts", response_model=Alerts, summary="New results of your saved searches since you last looked"
)
async def alerts(call: CallDep, gateway: GatewayDep) -> Alerts:
    principal = call.principal
    if principal.key_id is None:
        raise Forbidden("alerts belong to an API key; this caller has none")
    searches = await saved_searches(gateway, principal)
    limit = asyncio.Semaphore(CONCURRENT_SEARCHES)

    async def run(search: dict[str, Any]) -> Alert | SearchError:
        async with limit:
            try:
                return await look(gateway, principal, search)
            except AppError as exc:
                status, code, message = exc.status_code, exc.code, exc.message
            except (KeyError, TypeError, ValueError):
                status, code, message = (
                    502,
                    "upstream_error",
                    "the match service answered in an unknown shape",
                )
            return SearchError(
                saved_search_id=search["id"], name=search["name"], status=status, code=code, message=message
            )

    outcomes = await asyncio.gather(*(run(search) for search in searches))
    return Alerts(
        items=[outcome for outcome in outcomes if isinstance(outcome, Alert) and outcome.new],
        checked=len(searches),
        errors=[outcome for outcome in outcomes if isinstance(outcome, SearchError)],
    )
