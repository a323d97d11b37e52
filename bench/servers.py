"""Where the benches find PostgreSQL and Redis.

By default, the role and the Redis that `make services` sets up for the tests (`tests/dbs.py`:
a password login with CREATEDB; `JOL_TEST_POSTGRES_URL`, `JOL_TEST_REDIS_URL`), so a bench runs
on any machine the README's commands have set up, with no trust authentication and no
variables to set. Each bench's own variable still overrides (`JOL_BENCH_UPDATES_DB_URL` and the
like); each bench drops and re-creates only its own database.
"""

from __future__ import annotations

import os

from tests.dbs import SERVER_URL

# The server as asyncpg takes it from SQLAlchemy (`postgresql+asyncpg://…`), without a database.
ASYNCPG_SERVER = SERVER_URL
# The same server for asyncpg.connect and libpq (`postgresql://…`).
LIBPQ_SERVER = SERVER_URL.replace("postgresql+asyncpg://", "postgresql://", 1)
REDIS_URL = os.environ.get("JOL_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def database_url(name: str) -> str:
    """A bench database's SQLAlchemy URL on the default server."""
    return f"{ASYNCPG_SERVER}/{name}"


__all__ = ["ASYNCPG_SERVER", "LIBPQ_SERVER", "REDIS_URL", "database_url"]
