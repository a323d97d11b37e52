# The two commands in the README: `make run` and `make test`. Both set everything up first.
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: run test lint bench services browser clean

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

## Run the bot: with BOT_TOKEN set, the real bot; without it, the local playground.
run: $(STAMP)
	$(PY) -m bot

## The whole test suite, on SQLite and PostgreSQL (PostgreSQL tests may not be skipped),
## in two worker processes (each with its own databases and emulators).
test: $(STAMP) services browser
	JOL_REQUIRE_POSTGRES=1 $(PY) -m pytest -n 2

lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy .

services:
	bash .ci/ensure-services

browser:
	bash .ci/ensure-chromium

clean:
	rm -rf $(VENV) data
