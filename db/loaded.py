"""An ORM object made from a row read or written without the ORM, as if the ORM had loaded it.

For the statements of the hot path that skip the ORM's own execution (db/queries/person.py, a
new user's row from its INSERT in db/queries/users.py): the values go into the object's dict
without attribute events, as the ORM's loading does, and the object becomes persistent in the
session with nothing changed, so what a handler changes is written back at commit.
"""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import make_transient_to_detached
from sqlalchemy.orm.attributes import instance_state

T = TypeVar("T")


def persistent(session: AsyncSession, model: type[T], fields: dict[str, Any]) -> T:
    """`model`'s object with `fields` (attribute name -> value, the primary key included),
    persistent in `session`. The caller makes sure the session holds no object of that row."""
    instance: T = model.__mapper__.class_manager.new_instance()  # type: ignore[attr-defined]
    instance_state(instance).dict.update(fields)
    make_transient_to_detached(instance)
    session.add(instance)
    return instance


__all__ = ["persistent"]
