"""Callback data of every guide button fits Telegram's 64 bytes, at the largest values."""

from __future__ import annotations

from content import load_content
from handlers.guides.callbacks import GuideCb, SosCb
from handlers.guides.render import VERSION_CHARS


def test_callback_data_fits() -> None:
    store = load_content()
    version = store.version[:VERSION_CHARS]
    for dest, section in store.iter_sections():
        for action in ("s", "d", "dl", "q"):
            packed = GuideCb(a=action, d=dest, s=section.id, p=99, v=version).pack()
            assert len(packed.encode()) <= 64, packed
    for key in store.cards:
        assert len(SosCb(key=key).pack().encode()) <= 64
    longest = "x" * 32  # validate.ID_MAX, on the longest destination code
    assert len(GuideCb(a="s", d="europe", s=longest, p=99, v=version).pack()) <= 64
