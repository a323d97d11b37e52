"""Validation and normalisation of `reply_markup`.

The emulator stores markups in a canonical form (no null/false fields, string buttons turned
into objects) so that "message is not modified" compares what Telegram would compare, and so a
UI can draw buttons without re-implementing the rules.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from .errors import bad_request

__all__ = ["markup_kind", "parse_reply_markup"]

# Exactly one of these must be set on an inline button (Bot API, InlineKeyboardButton).
_INLINE_ACTIONS = (
    "url",
    "callback_data",
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
)
# At most one of these on a reply-keyboard button.
_REPLY_REQUESTS = (
    "request_users",
    "request_chat",
    "request_contact",
    "request_location",
    "request_poll",
    "web_app",
    "request_user",
    "request_managed_bot",
)
_MAX_INLINE_BUTTONS = 100
_MAX_REPLY_BUTTONS = 300
_URL_RE = re.compile(r"^(https?|tg)://\S+$", re.IGNORECASE)


def _clean(obj: Any) -> Any:
    """Drop null and false members recursively: Telegram treats them as absent."""
    if isinstance(obj, dict):
        return {k: _clean(v) for k, v in obj.items() if v is not None and v is not False}
    if isinstance(obj, list):
        return [_clean(v) for v in obj]
    return obj


def _button_error(reason: str) -> Exception:
    return bad_request(f"can't parse inline keyboard button: {reason}")


def _inline_button(raw: Any) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise _button_error("InlineKeyboardButton must be an Object")
    button = _clean(raw)
    text = button.get("text")
    if not isinstance(text, str):
        raise _button_error('Field "text" must be of type String')
    if not text:
        raise bad_request("BUTTON_TEXT_INVALID")
    actions = [name for name in _INLINE_ACTIONS if name in button]
    if not actions:
        raise _button_error("Text buttons are unallowed in the inline keyboard")
    if len(actions) > 1:
        # Telegram documents "exactly one of the optional fields"; the live server quietly
        # picks one, which hides a bug, so the emulator refuses.
        raise _button_error(
            "exactly one of the optional fields must be used, got " + ", ".join(actions)
        )
    if "callback_data" in button:
        data = button["callback_data"]
        if not isinstance(data, str) or not 1 <= len(data.encode("utf-8")) <= 64:
            raise bad_request("BUTTON_DATA_INVALID")
    if "url" in button and (
        not isinstance(button["url"], str) or not _URL_RE.match(button["url"])
    ):
        raise bad_request("BUTTON_URL_INVALID")
    return button


def _button_rows(
    raw: dict[str, Any],
    field: str,
    markup_type: str,
    parse_button: Callable[[Any], dict[str, Any]],
    most_buttons: int,
) -> list[list[dict[str, Any]]]:
    """The non-empty rows of parsed buttons of an inline or a reply keyboard, refused as Telegram
    does when the field is not an array of arrays or holds too many buttons."""
    rows = raw.get(field)
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad_request(f'field "{field}" of the {markup_type} should be an Array of Arrays')
    keyboard = [[parse_button(button) for button in row] for row in rows]
    keyboard = [row for row in keyboard if row]
    if sum(len(row) for row in keyboard) > most_buttons:
        raise bad_request("reply markup is too long")
    return keyboard


def _inline_keyboard(raw: dict[str, Any]) -> dict[str, Any]:
    keyboard = _button_rows(
        raw, "inline_keyboard", "InlineKeyboardMarkup", _inline_button, _MAX_INLINE_BUTTONS
    )
    return {"inline_keyboard": keyboard}


def _reply_button(raw: Any) -> dict[str, Any]:
    if isinstance(raw, str):
        raw = {"text": raw}
    if not isinstance(raw, dict):
        raise bad_request(
            "can't parse keyboard button: KeyboardButton must be a String or an Object"
        )
    button = _clean(raw)
    if not isinstance(button.get("text"), str) or not button["text"]:
        raise bad_request('can\'t parse keyboard button: Field "text" must be a non-empty String')
    requests = [name for name in _REPLY_REQUESTS if name in button]
    if len(requests) > 1:
        raise bad_request(
            "can't parse keyboard button: at most one of the optional fields can be used, got "
            + ", ".join(requests)
        )
    return button


def _placeholder(raw: dict[str, Any], out: dict[str, Any]) -> None:
    placeholder = raw.get("input_field_placeholder")
    if placeholder is None:
        return
    if not isinstance(placeholder, str) or not 1 <= len(placeholder) <= 64:
        raise bad_request("input field placeholder must be 1-64 characters long")
    out["input_field_placeholder"] = placeholder


def _reply_keyboard(raw: dict[str, Any]) -> dict[str, Any]:
    keyboard = _button_rows(
        raw, "keyboard", "ReplyKeyboardMarkup", _reply_button, _MAX_REPLY_BUTTONS
    )
    if not keyboard:
        raise bad_request("keyboard must be non-empty")
    out: dict[str, Any] = {"keyboard": keyboard}
    for flag in ("is_persistent", "resize_keyboard", "one_time_keyboard", "selective"):
        if raw.get(flag):
            out[flag] = True
    _placeholder(raw, out)
    return out


def parse_reply_markup(raw: Any, *, inline_only: bool = False) -> dict[str, Any] | None:
    """Validate a reply_markup (already JSON-decoded) and return its canonical form."""
    if raw is None or raw == "":
        return None
    if not isinstance(raw, dict):
        raise bad_request("can't parse reply keyboard markup JSON object")
    if "inline_keyboard" in raw:
        return _inline_keyboard(raw)
    if inline_only:
        raise bad_request("inline keyboard expected")
    if "keyboard" in raw:
        return _reply_keyboard(raw)
    if "remove_keyboard" in raw:
        if raw["remove_keyboard"] is not True:
            raise bad_request('field "remove_keyboard" must be true')
        out: dict[str, Any] = {"remove_keyboard": True}
        if raw.get("selective"):
            out["selective"] = True
        return out
    if "force_reply" in raw:
        if raw["force_reply"] is not True:
            raise bad_request('field "force_reply" must be true')
        out = {"force_reply": True}
        if raw.get("selective"):
            out["selective"] = True
        _placeholder(raw, out)
        return out
    raise bad_request("can't parse reply keyboard markup JSON object")


def markup_kind(markup: dict[str, Any] | None) -> str | None:
    """ "inline", "reply", "remove", "force_reply" or None."""
    if not markup:
        return None
    if "inline_keyboard" in markup:
        return "inline"
    if "keyboard" in markup:
        return "reply"
    if "remove_keyboard" in markup:
        return "remove"
    return "force_reply"


def inline_buttons(markup: dict[str, Any] | None) -> list[dict[str, Any]]:
    """All buttons of an inline keyboard, row by row."""
    if not markup or "inline_keyboard" not in markup:
        return []
    return [button for row in markup["inline_keyboard"] for button in row]


def reply_buttons(markup: dict[str, Any] | None) -> list[dict[str, Any]]:
    if not markup or "keyboard" not in markup:
        return []
    return [button for row in markup["keyboard"] for button in row]
