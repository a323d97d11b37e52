"""Outer middlewares that every update goes through, in this order:
logging → DB transaction → user and language (which also builds the update's `ctx`,
bot/context.py). The role gate is an inner middleware that staff routers install themselves
(bot/access.py:declare_role)."""
