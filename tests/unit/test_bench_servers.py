"""The benches find PostgreSQL and Redis where `make services` put them for the tests
(bench/servers.py), so `python -m bench.updates` and `python -m bench.broadcast` run on a
machine set up by the README's commands: a password login, no trust authentication."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHOW = """
import json
import bench.broadcast as broadcast, bench.outbox as outbox, bench.updates as updates
print(json.dumps({"updates": updates.DB_URL, "updates_redis": updates.REDIS_URL,
                  "outbox": outbox.DB_URL, "broadcast": broadcast.SERVER,
                  "broadcast_redis": broadcast.REDIS_URL}))
"""


def _defaults(**env: str) -> dict[str, str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("JOL_BENCH_", "JOL_TEST_"))}
    done = subprocess.run(
        [sys.executable, "-c", SHOW], cwd=ROOT, env={**clean, **env},
        capture_output=True, text=True, check=True, timeout=120,
    )  # fmt: skip
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def test_the_benches_use_the_tests_role_and_redis_by_default() -> None:
    found = _defaults()
    role = "jol_test:jol_test@127.0.0.1:5432"
    assert found["updates"] == f"postgresql+asyncpg://{role}/jol_bench_updates"
    assert found["outbox"] == f"postgresql+asyncpg://{role}/jol_bench"
    assert found["broadcast"] == f"postgresql://{role}"
    assert found["updates_redis"] == found["broadcast_redis"] == "redis://127.0.0.1:6379/0"


def test_they_follow_the_tests_servers_and_their_own_variables() -> None:
    found = _defaults(
        JOL_TEST_POSTGRES_URL="postgresql+asyncpg://me:secret@db.example:6543/postgres",
        JOL_TEST_REDIS_URL="redis://cache.example:6380/1",
    )
    assert found["updates"] == "postgresql+asyncpg://me:secret@db.example:6543/jol_bench_updates"
    assert found["broadcast"] == "postgresql://me:secret@db.example:6543"
    assert found["broadcast_redis"] == "redis://cache.example:6380/1"
    own = _defaults(JOL_BENCH_UPDATES_DB_URL="postgresql+asyncpg://x@h/db")
    assert own["updates"] == "postgresql+asyncpg://x@h/db"
