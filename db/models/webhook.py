"""Webhook deliveries: which updates were handled, and how often an update failed.

Telegram redelivers an update when the answer to its webhook request is lost, late or not 2xx,
possibly to another instance. A row is written in the update's own transaction when it is
handled (so it commits exactly when the handler's effects do): a redelivery of an update that
was already handled is recognised and not handled again. Failures are counted in a transaction
of their own, so an update that always fails is given up after WEBHOOK_MAX_DELIVERIES. Rows are
kept two days (Telegram keeps an update at most 24 hours) and hold no personal data.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base
from db.types import utcnow


class WebhookUpdate(Base):
    __tablename__ = "webhook_updates"

    bot_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    update_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    # True once handled (or given up): any later delivery of it is a duplicate.
    done: Mapped[bool] = mapped_column(default=False)
    failures: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


__all__ = ["WebhookUpdate"]
