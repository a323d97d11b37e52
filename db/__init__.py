"""Persistence: SQLAlchemy 2 models, engine factory, query functions and Alembic migrations.

Query functions take an `AsyncSession` and never commit: the per-update middleware (or the worker
that called them) owns the transaction.
"""
