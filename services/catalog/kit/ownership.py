"""Write rules several domains share: objects a park owns, and objects that manage themselves."""

from typing import Any, ClassVar

from services.catalog.kit.repository import M, Repository
from shared.errors import Forbidden
from shared.principal import Role


class ParkScopedRepository(Repository[M]):
    """Objects of one park (`park_id`): admins, or an officer of that park, write them.

    Moving an object to another park needs both parks to be the officer's.
    """

    def check_write(self, obj: M | None, values: dict[str, Any]) -> None:
        if self.principal.role is Role.officer:
            parks = {park for park in (values.get("park_id"), getattr(obj, "park_id", None)) if park}
            foreign = sorted(parks - self.principal.park_ids)
            if foreign:
                raise Forbidden(f"park {foreign[0]} is not one of your parks")
            return
        self.require_role(Role.admin)


class SelfManagedRepository(Repository[M]):
    """Admins create and delete; the principal acting for the object itself (its company, fund or
    provider account) updates it, except its admin-only fields (kit/models.py ADMIN_ONLY)."""

    owner_role: ClassVar[Role]
    # The principal's attribute naming the object it acts for: "company_id", "fund_id", "provider_id".
    owner_claim: ClassVar[str]

    def check_write(self, obj: M | None, values: dict[str, Any]) -> None:
        if obj is not None and self.principal.role is self.owner_role:
            if getattr(self.principal, self.owner_claim) != obj.id:
                raise Forbidden(f"{self.model.entity_name} {obj.id} is not yours")
            return
        self.require_role(Role.admin)

    def check_delete(self, obj: M) -> None:
        self.require_role(Role.admin)
