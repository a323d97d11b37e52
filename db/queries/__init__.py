"""Query functions per aggregate. They take a session and never commit."""
