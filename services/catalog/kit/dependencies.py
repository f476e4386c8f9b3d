from typing import Annotated

from fastapi import Depends, Request

from shared.errors import Unauthorized
from shared.principal import INTERNAL_TOKEN_HEADER, Principal, carries_internal_token, principal_from_headers
from shared.settings import Settings


def get_settings_from_app(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_principal(request: Request) -> Principal:
    settings = get_settings_from_app(request)
    return principal_from_headers(request.headers, settings.internal_token.get_secret_value())


PrincipalDep = Annotated[Principal, Depends(get_principal)]
SettingsDep = Annotated[Settings, Depends(get_settings_from_app)]


def require_internal_token(request: Request) -> None:
    """The catalog's API answers ParkMatch services only (the gateway forwards every caller, anonymous
    ones included, with the internal token); anyone else gets 401."""
    settings = get_settings_from_app(request)
    if not carries_internal_token(request.headers, settings.internal_token.get_secret_value()):
        raise Unauthorized(
            "the catalog answers ParkMatch services only; call the gateway",
            details=[{"field": f"header.{INTERNAL_TOKEN_HEADER}", "reason": "missing or wrong"}],
        )
