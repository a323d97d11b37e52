"""The console's guide editor (issue 18, item 2): pages.py (routes and `SECTION`), service.py
(what the pages call), preview.py (the bot's own rendering, shown in the browser); the YAML
editing itself is content/editing.py and the working copy db/queries/content_drafts.py."""
