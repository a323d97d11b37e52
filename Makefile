# The two commands in the README: `make run` and `make test`. Both set everything up first; on
# a bare Debian 12 (git, make, python3) `make test` installs what is missing, as root, with one
# line per step — or, without root, says which apt-get command to run and stops.
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
# Every library at the version in constraints.txt, the set the suite last passed with (empty
# only for `make constraints`, which looks for newer releases).
PINNED = -c constraints.txt
# The role .ci/ensure-services creates (password login); tests/dbs.py has the same default.
JOL_PG_PORT ?= 5432
JOL_TEST_POSTGRES_URL ?= postgresql+asyncpg://jol_test:jol_test@127.0.0.1:$(JOL_PG_PORT)/postgres
JOL_REDIS_PORT ?= 6379
JOL_TEST_REDIS_URL ?= redis://127.0.0.1:$(JOL_REDIS_PORT)/0
# Every wait in the tests is multiplied by this (tools/jol-emulator/emulator/timeouts.py): a
# busy machine is slow, not broken. The run takes as long as it takes; only deadlines stretch.
JOL_TEST_TIMEOUT_SCALE ?= 3
export JOL_PG_PORT JOL_TEST_POSTGRES_URL JOL_REDIS_PORT JOL_TEST_REDIS_URL JOL_TEST_TIMEOUT_SCALE

.PHONY: run test lint bench bench-broadcast services browser venv constraints clean

# The bot, and beside it the emulator and the playground: a project of their own
# (tools/jol-emulator) that the production wheel and image leave out.
$(STAMP): pyproject.toml tools/jol-emulator/pyproject.toml constraints.txt
	@bash .ci/ensure-venv
	@echo "==> creating $(VENV) and installing Jol, its emulator and their dependencies (pip)" >&2
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet $(PINNED) -e tools/jol-emulator -e '.[dev]'
	touch $(STAMP)

venv: $(STAMP)

## Run the bot: with BOT_TOKEN set, the real bot; without it, the local playground.
run: $(STAMP)
	$(PY) -m bot

## The whole test suite, on SQLite and PostgreSQL (PostgreSQL and browser tests may not be
## skipped), in two worker processes (each with its own databases and emulators).
test: $(STAMP) services browser
	JOL_REQUIRE_POSTGRES=1 JOL_REQUIRE_BROWSER=1 $(PY) -m pytest -n 2

lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy .

## The issue-17 speed run: Jol against a bare aiogram echo bot, 100 people x 15 steps, on
## PostgreSQL and Redis (README, "Speed"); under a minute. Other benches: python -m bench.<name>.
## Every bench logs in as the tests do (no trust authentication needed), to a database of its
## own on the same server (bench/servers.py).
bench: $(STAMP) services
	$(PY) -m bench.updates --people 100 --steps 15

## The issue-17 broadcast run: 100,000 recipients at 1,000/s while 300 people press 30 times a
## second, handled by the same process; about three minutes.
bench-broadcast: $(STAMP) services
	$(PY) -m bench.broadcast --mixed --recipients 100000 --rate 1000

## Newer libraries: the newest releases pyproject.toml allows, installed as `make venv` installs
## them but unpinned, in a virtualenv of their own, and written to constraints.txt
## (tools/freeze_constraints.py; its comment kept). Then `make test` and `make bench`, and
## commit what passes.
NEW_VENV := .venv-constraints
constraints:
	rm -rf $(NEW_VENV)
	$(MAKE) --no-print-directory venv VENV=$(NEW_VENV) PINNED=
	$(NEW_VENV)/bin/python tools/freeze_constraints.py constraints.txt
	rm -rf $(NEW_VENV)

services:
	@bash .ci/ensure-services

browser:
	@bash .ci/ensure-chromium

clean:
	rm -rf $(VENV) $(NEW_VENV) data
