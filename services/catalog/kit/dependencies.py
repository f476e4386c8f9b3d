from typing import Annotated

from fastapi import Depends, Request

from shared.principal import Principal, principal_from_headers
from shared.settings import Settings


def get_settings_from_app(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_principal(request: Request) -> Principal:
    settings = get_settings_from_app(request)
    return principal_from_headers(request.headers, settings.internal_token.get_secret_value())


PrincipalDep = Annotated[Principal, Depends(get_principal)]
SettingsDep = Annotated[Settings, Depends(get_settings_from_app)]
