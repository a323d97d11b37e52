"""The session of the update being handled, for code that aiogram calls without our arguments
(the FSM storage). Set by the per-update DB middleware."""

from __future__ import annotations

from contextvars import ContextVar

from sqlalchemy.ext.asyncio import AsyncSession

current_session: ContextVar[AsyncSession | None] = ContextVar("current_session", default=None)
