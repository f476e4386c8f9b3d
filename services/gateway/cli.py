"""Gateway admin commands: `python -m services.gateway.cli COMMAND`.

create-key   make an API key and print it (shown once):
             --role admin --name ops
             --role officer --park 12 --park 13 --name "苏州工业园区招商局"
             --role enterprise --company 5 | --role fund --fund 3 | --role provider --provider 7
list-keys    list the keys (never their secrets)
revoke-key   revoke a key by id (the gateway stops accepting it within API_KEY_CACHE_SECONDS)

The commands write to the catalog's database directly (DATABASE_URL, or the SQLite file under
DATA_DIR), so the first admin key can be made before any key exists or any service runs. With a key,
admins do the same through the API: POST /api/v1/api-keys, GET /api/v1/api-keys, POST .../revoke.
"""

import argparse
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from services.catalog.api_keys import service
from services.catalog.api_keys.schemas import ApiKeyCreate, ApiKeyRead, KeyRole
from services.catalog.db import create_db_engine, create_sessionmaker
from services.catalog.models import ApiKey  # every table, so the foreign keys resolve
from shared.cli import Configure, command_parser
from shared.errors import AppError
from shared.settings import Settings, get_settings


@contextmanager
def catalog_session(settings: Settings) -> Iterator[Session]:
    engine = create_db_engine(settings)
    try:
        with create_sessionmaker(engine)() as session, session.begin():
            yield session
    finally:
        engine.dispose()


def create_key(settings: Settings, args: argparse.Namespace) -> int:
    body = ApiKeyCreate(
        name=args.name,
        role=args.role,
        park_ids=args.park or [],
        company_id=args.company,
        fund_id=args.fund,
        provider_id=args.provider,
    )
    with catalog_session(settings) as session:
        key, text = service.create_key(session, body.model_dump())
        summary = _describe(key)
    print(f"created {summary}")
    print(f"key (shown only now, store it): {text}")
    return 0


def list_keys(settings: Settings, _: argparse.Namespace) -> int:
    with catalog_session(settings) as session:
        for key in session.scalars(select(ApiKey).order_by(ApiKey.id)):
            print(_describe(key))
    return 0


def revoke_key(settings: Settings, args: argparse.Namespace) -> int:
    with catalog_session(settings) as session:
        key = session.get(ApiKey, args.id)
        if key is None:
            print(f"no API key {args.id}", file=sys.stderr)
            return 1
        service.revoke(session, key)
        summary = _describe(key)
    print(f"revoked {summary}")
    return 0


def _describe(key: ApiKey) -> str:
    read = ApiKeyRead.model_validate(key)
    scope = {
        "parks": read.park_ids,
        "company": read.company_id,
        "fund": read.fund_id,
        "provider": read.provider_id,
    }
    parts = [f"#{read.id}", f"pm_{read.public_id}_…", read.role.value]
    parts += [f"{name}={value}" for name, value in scope.items() if value]
    parts.append(repr(read.name))
    if read.revoked_at:
        parts.append(f"revoked {read.revoked_at:%Y-%m-%d %H:%M}")
    return " ".join(parts)


def _configure_create(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--role", required=True, choices=[role.value for role in KeyRole])
    parser.add_argument("--name", required=True, help="who or what uses the key")
    parser.add_argument("--park", type=int, action="append", help="an officer's park id (repeat for several)")
    parser.add_argument("--company", type=int, help="an enterprise key's company id")
    parser.add_argument("--fund", type=int, help="a fund key's fund id")
    parser.add_argument("--provider", type=int, help="a provider key's provider id")


def _configure_revoke(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("id", type=int, help="the key's id (see list-keys)")


Command = Callable[[Settings, argparse.Namespace], int]
COMMANDS: dict[str, tuple[str, Configure | None, Command]] = {
    "create-key": ("make an API key and print it once", _configure_create, create_key),
    "list-keys": ("list the API keys", None, list_keys),
    "revoke-key": ("revoke an API key", _configure_revoke, revoke_key),
}


def main(argv: list[str] | None = None, settings: Settings | None = None) -> int:
    args = command_parser("python -m services.gateway.cli", __doc__, COMMANDS).parse_args(argv)
    try:
        return COMMANDS[args.command][2](settings or get_settings(), args)
    except AppError as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        return 2
    except ValidationError as exc:
        first = exc.errors()[0]
        print(f"error: --{first['loc'][0]}: {first['msg']}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
