"""Jol (Жол): the Telegram bot process — configuration, composition and run modes."""
