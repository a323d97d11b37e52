"""Domain rules as plain functions and enums: no aiogram types, easy to test alone."""
