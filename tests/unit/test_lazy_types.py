"""bot/lazy_types.py: aiogram's types are built on first use, and then work as before."""

from __future__ import annotations

import subprocess
import sys
import textwrap

PROBE = textwrap.dedent(
    """
    import bot  # installs the deferral, as every Jol process does
    from aiogram.methods import SendMessage
    from aiogram.methods.base import Response
    from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message, Sticker, Update

    # Nothing built at import: not even the update, let alone stickers.
    assert not Update.__pydantic_complete__, "Update built at import"
    assert not Sticker.__pydantic_complete__, "Sticker built at import"
    assert not SendMessage.__pydantic_complete__, "SendMessage built at import"
    update = Update.model_validate({
        "update_id": 1,
        "callback_query": {
            "id": "7", "chat_instance": "c", "data": "m:home",
            "from": {"id": 5, "is_bot": False, "first_name": "A"},
            "message": {
                "message_id": 3, "date": 1, "text": "hi",
                "chat": {"id": 5, "type": "private"},
                "reply_markup": {"inline_keyboard": [[{"text": "x", "callback_data": "y"}]]},
            },
        },
    })
    assert isinstance(update.callback_query, CallbackQuery)
    assert update.callback_query.message.reply_markup.inline_keyboard[0][0].callback_data == "y"
    sticker = {"file_id": "f", "file_unique_id": "u", "type": "regular",
               "width": 1, "height": 1, "is_animated": False, "is_video": False}
    chat = {"id": 5, "type": "private"}
    answer = {"ok": True, "result": {"message_id": 9, "date": 1, "chat": chat, "sticker": sticker}}
    sent = Response[Message].model_validate(answer).result
    assert sent.message_id == 9 and isinstance(sent.sticker, Sticker)
    markup = InlineKeyboardMarkup.model_validate(
        {"inline_keyboard": [[{"text": "x", "callback_data": "y"}]]}
    )
    send = SendMessage(chat_id=5, text="hi", reply_markup=markup)
    dumped = send.model_dump(exclude_none=True)
    assert dumped["reply_markup"]["inline_keyboard"][0][0]["text"] == "x"
    print("ok")
    """
)


def test_aiogram_types_are_built_on_first_use_and_validate_nested_objects() -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.stdout.strip() == "ok", done.stderr[-2000:]


SCHEMAS_BUILT = textwrap.dedent(
    """
    import sys
    import bot
    from pydantic._internal._generate_schema import GenerateSchema
    from aiogram.methods.base import Response
    from aiogram.types import Message, Update

    if sys.argv[1] == "shared-first":  # what build_runtime does at the end of start-up
        from aiogram import Router
        from bot.aiogram_compat import tune_for_throughput
        tune_for_throughput(Router())
    built = []
    model_schema = GenerateSchema._model_schema
    def counted(self, cls):
        built.append(cls.__name__)
        return model_schema(self, cls)
    GenerateSchema._model_schema = counted
    Update.model_validate({"update_id": 1})
    Response[Message].model_validate({"ok": True, "result": {
        "message_id": 1, "date": 0, "chat": {"id": 1, "type": "private"}}})
    Response[Message | bool].model_validate({"ok": True, "result": True})
    print(len(built))
    """
)


def _schemas_built(mode: str) -> int:
    done = subprocess.run(
        [sys.executable, "-c", SCHEMAS_BUILT, mode],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    return int(done.stdout.strip())


def test_message_is_built_once_and_reused_by_what_contains_it() -> None:
    """Counted, not timed: model schemas pydantic generates for the update, the answer to a
    send and the answer to an edit. Left deferred, `Message` and its nested types were built
    again inside each of them (70-85 ms of CPU apiece, the first press after a start)."""
    lazy, shared_first = _schemas_built("lazy"), _schemas_built("shared-first")
    print(f"\nmodel schemas generated: {lazy} with Message deferred, {shared_first} built first")
    assert lazy > 1000  # Message's ~60 nested types, three times over
    assert shared_first < 200, shared_first
