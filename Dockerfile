# Multi-stage: dependencies are built into a virtualenv in the first stage; the runtime stage is
# slim, has no compiler, and runs as an unprivileged user that can write only /app/data.
# Only the bot: the emulator and the playground (tools/jol-emulator) are for development and
# never enter the image (.dockerignore keeps tools/ out of the build context).
FROM python:3.11-slim AS build
WORKDIR /src
RUN python -m venv /opt/jol
COPY pyproject.toml README.md constraints.txt ./
COPY bot ./bot
COPY handlers ./handlers
COPY content ./content
COPY db ./db
COPY domain ./domain
COPY locales ./locales
RUN /opt/jol/bin/pip install --no-cache-dir --upgrade pip \
 && /opt/jol/bin/pip install --no-cache-dir -c constraints.txt '.[redis]'

FROM python:3.11-slim
RUN useradd --create-home --uid 10001 jol
COPY --from=build /opt/jol /opt/jol
WORKDIR /app
# The source tree itself runs (python -m bot from /app), so locales/, content/guides/ and the
# Alembic scripts sit where the code expects them. Copied from the build context (not from the
# build stage, whose pip run leaves build/ and *.egg-info behind) and owned by root: the app
# cannot change its own code.
COPY bot ./bot
COPY handlers ./handlers
COPY content ./content
COPY db ./db
COPY domain ./domain
COPY locales ./locales
# Compiled here, once: the app may not write its own bytecode cache (the code is root's, and
# PYTHONDONTWRITEBYTECODE below), so without this every start compiled all ~215 modules again:
# 0.5-0.7 s of the start-up CPU that bench/updates.py measures (issue 17 wants under 3 s).
RUN python -m compileall -q bot handlers content db domain
RUN mkdir -p /app/data && chown jol:jol /app/data
USER jol
# No DATABASE_URL here: without one the bot uses SQLite in /app/data (its default, relative to
# /app); docker-compose.yml gives PostgreSQL as POSTGRES_* (one or the other, never both).
ENV PATH=/opt/jol/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1
VOLUME ["/app/data"]
STOPSIGNAL SIGTERM
# `run` (not the bare command): a container without BOT_TOKEN must fail loudly, not start the
# local playground.
CMD ["python", "-m", "bot", "run"]
