"""A SQLAlchemy statement compiled once and sent to asyncpg directly, as SQLAlchemy would send
it: the pieces the person's statement (db/queries/person.py) and the hot writes
(db/direct_write.py) share.

The SQL and each parameter's conversion are SQLAlchemy's own, from the statement compiled for
the asyncpg dialect; `announce` lets `before_cursor_execute` listeners (the statement counts
of the tests and benchmarks) see the statement as they see any other.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.sql.compiler import Compiled


@dataclass(frozen=True)
class DriverSQL:
    sql: str
    # In asyncpg's order ($1, $2, …): each parameter's name and SQLAlchemy's conversion of its
    # value (None: sent as it is).
    parameters: list[tuple[str, Any]]
    # The values the statement carries itself (literals), for names the caller does not give.
    carried: dict[str, Any]

    @classmethod
    def of(cls, compiled: Compiled, dialect: Dialect) -> DriverSQL:
        binds: Any = compiled.binds  # type: ignore[attr-defined]
        names: list[str] = compiled.positiontup or []  # type: ignore[attr-defined]
        return cls(
            str(compiled),
            [(name, binds[name].type._cached_bind_processor(dialect)) for name in names],
            {name: binds[name].effective_value for name in names},
        )

    def arguments(self, params: dict[str, Any]) -> list[Any]:
        values = [
            (params.get(name, self.carried[name]), convert) for name, convert in self.parameters
        ]
        return [value if convert is None else convert(value) for value, convert in values]


def announce(connection: Connection, sql: str, arguments: list[Any]) -> None:
    """Tell `before_cursor_execute` listeners about a statement sent to asyncpg directly.
    Nothing in production listens; tests and benchmarks count statements so."""
    if connection.dispatch.before_cursor_execute:
        connection.dispatch.before_cursor_execute(connection, None, sql, arguments, None, False)


__all__ = ["DriverSQL", "announce"]
