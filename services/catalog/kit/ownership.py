"""Write rules several domains share: objects a park or a fund owns, and objects that manage themselves."""

from typing import Any, ClassVar

from services.catalog.kit.repository import M, Repository
from shared.errors import Forbidden
from shared.principal import OWNERSHIP_CLAIMS, Role


class OwnerScopedRepository(Repository[M]):
    """Objects that belong to a park, a fund... (`owner_field`): admins, or whoever acts for that owner
    (shared/principal.py OWNERSHIP_CLAIMS: a park's officer, a fund's account), write them.

    Moving an object to another owner needs both owners to be the caller's.
    """

    owner_field: ClassVar[str]
    # What a refusal says, given the foreign owner's id.
    not_yours: ClassVar[str]

    def check_write(self, obj: M | None, values: dict[str, Any]) -> None:
        role, _ = OWNERSHIP_CLAIMS[self.owner_field]
        if self.principal.role is role:
            owners = {
                owner
                for owner in (values.get(self.owner_field), getattr(obj, self.owner_field, None))
                if owner
            }
            foreign = sorted(owner for owner in owners if not self.principal.owns(self.owner_field, owner))
            if foreign:
                raise Forbidden(self.not_yours.format(foreign[0]))
            return
        self.require_role(Role.admin)


class ParkScopedRepository(OwnerScopedRepository[M]):
    """Objects of one park (`park_id`): admins, or an officer of that park, write them."""

    owner_field = "park_id"
    not_yours = "park {} is not one of your parks"


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
