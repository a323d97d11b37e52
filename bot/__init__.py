"""Jol (Жол): the Telegram bot process — configuration, composition and run modes."""

from bot.lazy_types import defer_aiogram_type_builds

# Before anything imports aiogram.types: ~3 s less start-up (see bot/lazy_types.py).
defer_aiogram_type_builds()
