"""The guard every /api/v1 route passes: match the route table, authenticate, rate-limit, authorize."""

import json
from typing import Annotated, Any

from fastapi import Depends, Request

from services.gateway.core import Call, Gateway
from services.gateway.metrics import PRINCIPAL_KEY, ROUTE_KEY
from shared.errors import Unauthorized
from shared.logging import request_id_var
from shared.principal import ANONYMOUS


async def get_gateway(request: Request) -> Gateway:  # async: a sync dependency would take a thread
    gateway: Gateway = request.app.state.gateway
    return gateway


GatewayDep = Annotated[Gateway, Depends(get_gateway)]


async def guard(request: Request, gateway: GatewayDep) -> Call:
    rule, params = gateway.table.match(request.method, request.url.path)
    request.scope[ROUTE_KEY] = rule.template
    try:
        principal = await gateway.verifier.principal(request.headers, request_id_var.get())
    except Unauthorized:
        await gateway.limit(ANONYMOUS, request)  # refused keys draw on the address's budget
        raise
    request.scope[PRINCIPAL_KEY] = principal
    await gateway.limit(principal, request)
    body = await _json_body(request) if rule.check is not None else None
    rule.authorize(principal, body)
    return Call(rule=rule, params=params, principal=principal)


async def _json_body(request: Request) -> Any:
    """The body as JSON for the rule's check; None if there is none or it isn't JSON (the check then
    names the missing field, or the upstream rejects the body)."""
    raw = await request.body()
    try:
        return json.loads(raw) if raw else None
    except ValueError:
        return None


CallDep = Annotated[Call, Depends(guard)]
