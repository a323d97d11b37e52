"""All ORM models. Import every model module here so Alembic and `Base.metadata` see them."""

from db.base import Base
from db.models.audit import AuditEvent, Counter
from db.models.booking import (
    Booking,
    BookingDraft,
    BookingException,
    BookingSchedule,
    BookingSlot,
    CertificationResult,
)
from db.models.broadcast import Broadcast
from db.models.cases import Case, CaseAgent, CaseMessage
from db.models.console import ConsoleLoginToken, ConsoleSession
from db.models.content import ContentCheck, ContentRelease
from db.models.content_drafts import ContentDraft
from db.models.contract import (
    Agency,
    AgencyImport,
    ContractCheck,
    ContractCheckFlag,
    ContractCheckResult,
)
from db.models.fsm import FsmRecord
from db.models.groups import GroupNotice
from db.models.outbox import OutboxMessage, OutboxStatus
from db.models.reminders import CampaignAnswer, ReminderPlan
from db.models.users import User, UserRole
from db.models.webhook import WebhookUpdate

__all__ = [
    "Agency",
    "AgencyImport",
    "AuditEvent",
    "Base",
    "Booking",
    "BookingDraft",
    "BookingException",
    "BookingSchedule",
    "BookingSlot",
    "Broadcast",
    "CampaignAnswer",
    "Case",
    "CaseAgent",
    "CaseMessage",
    "CertificationResult",
    "ConsoleLoginToken",
    "ConsoleSession",
    "ContentCheck",
    "ContentDraft",
    "ContentRelease",
    "ContractCheck",
    "ContractCheckFlag",
    "ContractCheckResult",
    "Counter",
    "FsmRecord",
    "GroupNotice",
    "OutboxMessage",
    "OutboxStatus",
    "ReminderPlan",
    "User",
    "UserRole",
    "WebhookUpdate",
]
