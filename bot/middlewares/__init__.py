"""Outer middlewares that every update goes through, in this order:
logging → DB transaction → user and language."""
