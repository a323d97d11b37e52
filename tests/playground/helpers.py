"""Shared artifacts of the browser tests."""

from __future__ import annotations

import os
import shutil

from tests.playground.conftest import REPO, save_screenshot_path


def publish_screenshot(artifact: str, name: str) -> None:
    """Refresh the README's screenshot only when asked (JOL_UPDATE_SCREENSHOTS=1): a test run
    should not rewrite tracked files, and fonts differ between machines."""
    if os.environ.get("JOL_UPDATE_SCREENSHOTS") == "1":
        shutil.copyfile(save_screenshot_path(artifact), REPO / "docs" / name)
