"""Appointment booking at the Center, and the coordinators' review."""
