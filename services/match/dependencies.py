from typing import Annotated

from fastapi import Depends, Request

from services.match.state import MatchState
from shared.errors import Forbidden, Unauthorized
from shared.principal import Principal, Role, principal_from_headers


def get_state(request: Request) -> MatchState:
    state: MatchState = request.app.state.match
    return state


def get_principal(request: Request) -> Principal:
    state = get_state(request)
    return principal_from_headers(request.headers, state.settings.internal_token.get_secret_value())


StateDep = Annotated[MatchState, Depends(get_state)]
PrincipalDep = Annotated[Principal, Depends(get_principal)]


def require_acts_for(principal: Principal, id_field: str, value: int) -> None:
    """Questions about one park, company, fund or provider are for its own users (and admins)."""
    if principal.role is Role.anonymous:
        raise Unauthorized("authentication required")
    if not principal.acts_for(id_field, value):
        noun = id_field.removesuffix("_id")
        raise Forbidden(
            f"{noun} {value} is not yours",
            details=[{"field": f"body.{id_field}", "reason": f"not one of your {noun}s"}],
        )
