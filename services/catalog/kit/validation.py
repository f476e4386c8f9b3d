"""Helpers for a resource's `validate` hook: rules that look at an object as it will be after the write."""

from typing import Any

from shared.errors import ValidationFailed


def value_after(values: dict[str, Any], obj: Any, field: str) -> Any:
    """The value `field` will have once the write is done: the new one if given, else the stored one."""
    if field in values:
        return values[field]
    return getattr(obj, field) if obj is not None else None


def require_ordered(values: dict[str, Any], obj: Any, lower: str, upper: str) -> None:
    """After the write, `lower` may not exceed `upper` (when both are set); the error names `lower`."""
    low, high = value_after(values, obj, lower), value_after(values, obj, upper)
    if low is not None and high is not None and low > high:
        raise ValidationFailed.field(f"body.{lower}", f"{low:g} exceeds {upper} {high:g}")
