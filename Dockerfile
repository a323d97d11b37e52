# Multi-stage: dependencies are built into a virtualenv in the first stage; the runtime stage is
# slim, has no compiler, and runs as an unprivileged user.
FROM python:3.11-slim AS build
WORKDIR /src
RUN python -m venv /opt/jol
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY handlers ./handlers
COPY content ./content
COPY db ./db
COPY domain ./domain
COPY emulator ./emulator
COPY playground ./playground
COPY locales ./locales
RUN /opt/jol/bin/pip install --no-cache-dir --upgrade pip \
 && /opt/jol/bin/pip install --no-cache-dir '.[redis]'

FROM python:3.11-slim
RUN useradd --create-home --uid 10001 jol
COPY --from=build /opt/jol /opt/jol
WORKDIR /app
# The source tree itself runs (python -m bot from /app), so locales/, content/data/ and the
# Alembic scripts sit where the code expects them.
COPY --from=build --chown=jol:jol /src /app
RUN mkdir -p /app/data && chown jol:jol /app/data
USER jol
ENV PATH=/opt/jol/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    DATABASE_URL=sqlite+aiosqlite:////app/data/jol.sqlite3
VOLUME ["/app/data"]
STOPSIGNAL SIGTERM
# `run` (not the bare command): a container without BOT_TOKEN must fail loudly, not start the
# local playground.
CMD ["python", "-m", "bot", "run"]
