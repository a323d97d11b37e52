"""The rule that marks a webhook update handled, in one place: bot/web/delivery.py:claim runs it
on its own, db/queries/person.py runs it inside the person's statement (PostgreSQL)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from sqlalchemy import Table

from db.models import WebhookUpdate

DELIVERIES = cast(Table, WebhookUpdate.__table__)


def claim_statement(insert: Callable[[Table], Any], **values: Any) -> Any:
    """Mark the update (`bot_id`, `update_id`, `created_at` in `values`) handled unless it
    already was; it returns a row only when this delivery handles it. A row left by failed
    tries (`done` false) is claimed. `insert` is the dialect's (PostgreSQL's or SQLite's)."""
    return (
        insert(DELIVERIES)
        .values(done=True, failures=0, **values)
        .on_conflict_do_update(
            index_elements=["bot_id", "update_id"],
            set_={"done": True},
            where=DELIVERIES.c.done.is_(False),
        )
        .returning(DELIVERIES.c.update_id)
    )


__all__ = ["DELIVERIES", "claim_statement"]
