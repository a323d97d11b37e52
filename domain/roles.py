"""Roles and what each may do. Declared on staff routers (bot/access.py:declare_role), whose
gate checks them after a handler's filters matched and before it runs."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum


class Role(StrEnum):
    STAFF = "staff"  # broadcasts, content, cases
    COORDINATOR = "coordinator"  # bookings, follow-ups, cases
    ADMIN = "admin"  # everything, and grants roles


GRANTABLE_ROLES = (Role.STAFF, Role.COORDINATOR, Role.ADMIN)


def has_role(roles: Iterable[str], *needed: Role) -> bool:
    """True when the user holds any of `needed`; admins hold every role."""
    held = set(roles)
    return Role.ADMIN in held or any(r in held for r in needed)
