"""Webhook mode: the aiohttp app (`server`), delivery rules (`delivery`), run loop (`run`)."""
