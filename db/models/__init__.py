"""All ORM models. Import every model module here so Alembic and `Base.metadata` see them."""

from db.base import Base
from db.models.audit import AuditEvent, Counter
from db.models.fsm import FsmRecord
from db.models.outbox import OutboxMessage, OutboxStatus
from db.models.users import User, UserRole

__all__ = [
    "AuditEvent",
    "Base",
    "Counter",
    "FsmRecord",
    "OutboxMessage",
    "OutboxStatus",
    "User",
    "UserRole",
]
