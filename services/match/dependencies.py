from typing import Annotated

from fastapi import Depends, Request
from pydantic import BaseModel

from services.match.snapshot import CatalogSnapshot
from services.match.state import MatchState
from shared import principal as principal_rules
from shared.principal import Principal, principal_from_headers
from shared.settings import Settings


def get_state(request: Request) -> MatchState:
    state: MatchState = request.app.state.match
    return state


def get_snapshot(request: Request) -> CatalogSnapshot:
    """The snapshot a request is answered from: read once, when the request arrives."""
    return get_state(request).snapshot


def get_settings(request: Request) -> Settings:
    return get_state(request).settings


def get_principal(request: Request) -> Principal:
    state = get_state(request)
    return principal_from_headers(request.headers, state.settings.internal_token.get_secret_value())


StateDep = Annotated[MatchState, Depends(get_state)]
SnapshotDep = Annotated[CatalogSnapshot, Depends(get_snapshot)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
PrincipalDep = Annotated[Principal, Depends(get_principal)]


def require_acts_for(principal: Principal, kind: str, body: BaseModel) -> None:
    """A question about one park, company, fund or provider is for those who act for it (the rule:
    shared/principal.py QUESTION_SUBJECTS; the gateway leaves this check to this service)."""
    principal_rules.require_acts_for(principal, kind, body.model_dump())
