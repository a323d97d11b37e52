"""`python -m bot [run|migrate|playground]`.

With no command: runs the bot when BOT_TOKEN is set, otherwise the local playground (the
emulator, the bot and a web chat page), so a newcomer sees Jol working in one command. The bot
long-polls, or serves a webhook when WEBHOOK_URL is set (production, several instances).
"""

from __future__ import annotations

import argparse
import sys

from bot import event_loop
from bot.collector import relax_during_start_up
from bot.config import ConfigError, load_settings
from bot.logs import setup_logging
from bot.startup import run_checked

DEV_TOOLS = ("playground", "emulator")  # the jol-emulator project's packages


def main(argv: list[str] | None = None) -> int:
    relax_during_start_up()
    parser = argparse.ArgumentParser(prog="python -m bot", description=__doc__)
    parser.add_argument("command", nargs="?", choices=["run", "migrate", "playground"])
    args = parser.parse_args(argv)
    try:
        settings = load_settings()
    except ConfigError as exc:
        print(exc.message, file=sys.stderr)
        return 2
    setup_logging(settings.log_level, settings.log_format)
    command = args.command or ("run" if settings.bot_token else "playground")

    if command == "migrate":
        from bot.runtime import run_migrations

        return run_checked(settings, run_migrations(settings))
    if command == "playground":
        try:
            from playground import run_playground
        except ModuleNotFoundError as exc:
            if (exc.name or "").partition(".")[0] not in DEV_TOOLS:
                raise
            # The production wheel and image hold only the bot (tools/jol-emulator is apart).
            print("The playground is not installed here (it is for development: "
                  "pip install -e tools/jol-emulator); set BOT_TOKEN to run the bot",
                  file=sys.stderr)  # fmt: skip
            return 2
        event_loop.run(run_playground(settings), settings.event_loop)
        return 0
    if settings.bot_token is None:
        print("BOT_TOKEN is not set (use `python -m bot playground` to try Jol locally)",
              file=sys.stderr)  # fmt: skip
        return 2
    if settings.webhook_url:
        from bot.web.run import run_webhook

        return run_checked(settings, run_webhook(settings))
    from bot.app import run_polling

    return run_checked(settings, run_polling(settings))


if __name__ == "__main__":
    sys.exit(main())
