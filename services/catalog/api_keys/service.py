"""Making, checking and revoking API keys: `pm_<public_id>_<secret>`, only the secret's hash kept.

The secret is 256 random bits, so a plain SHA-256 is enough to make a stolen table useless;
comparing with `hmac.compare_digest` keeps the check constant-time.
"""

import hashlib
import hmac
import secrets
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.catalog.api_keys.models import ApiKey
from services.catalog.api_keys.schemas import KeyRole
from services.catalog.changes import writes
from services.catalog.kit.endpoints import check_references
from services.catalog.kit.models import utcnow
from services.catalog.parks.models import Park
from shared.errors import ValidationFailed

KEY_PREFIX = "pm"
# Which scope field each role needs; every other scope field must stay empty.
SCOPE_FIELD: dict[KeyRole, str | None] = {
    KeyRole.admin: None,
    KeyRole.officer: "park_ids",
    KeyRole.enterprise: "company_id",
    KeyRole.fund: "fund_id",
    KeyRole.provider: "provider_id",
}


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def format_key(public_id: str, secret: str) -> str:
    return f"{KEY_PREFIX}_{public_id}_{secret}"


def parse_key(key: str) -> tuple[str, str] | None:
    """(public_id, secret) of a well-formed key, else None."""
    prefix, _, rest = key.partition("_")
    public_id, _, secret = rest.partition("_")
    if prefix != KEY_PREFIX or not public_id or not secret:
        return None
    return public_id, secret


def check_scope(session: Session, values: dict[str, Any]) -> None:
    """The role's scope field is set (and names existing objects); the other scope fields are empty."""
    role = KeyRole(values["role"])
    needed = SCOPE_FIELD[role]
    for field in SCOPE_FIELD.values():
        if field is None:
            continue
        given = values.get(field)
        if field == needed and not given:
            raise ValidationFailed.field(f"body.{field}", f"a {role} key needs {field}")
        if field != needed and given:
            raise ValidationFailed.field(f"body.{field}", f"a {role} key has no {field}")
    park_ids = sorted(set(values.get("park_ids") or []))
    if park_ids:
        found = set(session.scalars(select(Park.id).where(Park.id.in_(park_ids))))
        missing = [park_id for park_id in park_ids if park_id not in found]
        if missing:
            raise ValidationFailed.field("body.park_ids", f"park {missing[0]} does not exist")
    values["park_ids"] = park_ids
    check_references(session, ApiKey, values)


def create_key(session: Session, values: dict[str, Any]) -> tuple[ApiKey, str]:
    """Store a new key for `values` (name, role and scope); returns it with the key text, shown once."""
    check_scope(session, values)
    public_id, secret = secrets.token_hex(6), secrets.token_urlsafe(32)
    key = ApiKey(public_id=public_id, secret_hash=hash_secret(secret), **values)
    writes.create(session, [key])
    return key, format_key(public_id, secret)


def find_valid(session: Session, key: str) -> ApiKey | None:
    """The stored key `key` stands for, unless it is malformed, unknown, wrong or revoked."""
    parsed = parse_key(key)
    if parsed is None:
        return None
    public_id, secret = parsed
    stored = session.scalar(select(ApiKey).where(ApiKey.public_id == public_id))
    if stored is None or stored.revoked_at is not None:
        return None
    if not hmac.compare_digest(stored.secret_hash, hash_secret(secret)):
        return None
    return stored


def revoke(session: Session, key: ApiKey) -> ApiKey:
    """Revoked keys stay listed (who had access, until when); revoking twice changes nothing."""
    if key.revoked_at is None:
        writes.update(session, [(key, {"revoked_at": utcnow()})])
    return key
