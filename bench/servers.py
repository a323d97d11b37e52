"""Where the benches find PostgreSQL and Redis.

By default, the role and the Redis that `make services` sets up for the tests (`tests/dbs.py`:
a password login with CREATEDB; `JOL_TEST_POSTGRES_URL`, `JOL_TEST_REDIS_URL`), so a bench runs
on any machine the README's commands have set up, with no trust authentication and no
variables to set. Each bench's own variable still overrides (`JOL_BENCH_UPDATES_DB_URL` and the
like); each bench drops and re-creates only its own database.
"""

from __future__ import annotations

from tests.dbs import REDIS_URL, SERVER_URL, libpq_url

# The server for asyncpg.connect and libpq (`postgresql://…`), without a database.
LIBPQ_SERVER = libpq_url(SERVER_URL)


def database_url(name: str) -> str:
    """A bench database's SQLAlchemy URL on the tests' server."""
    return f"{SERVER_URL}/{name}"


__all__ = ["LIBPQ_SERVER", "REDIS_URL", "database_url"]
