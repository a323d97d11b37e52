"""Messaging methods, keyboards, callbacks, files and access rules, with a real aiogram Bot."""

from __future__ import annotations

import pytest
from aiogram import Bot
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramUnauthorizedError,
)
from aiogram.types import (
    BufferedInputFile,
    ForceReply,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
)
from emulator_support import ANN, BOB, raw_call

from emulator import EmulatorClient, EmulatorError, RunningEmulator

# A 1x1 PNG.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000100e221bc330000000049454e44ae426082"
)


def keyboard(*buttons: tuple[str, str]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text=t, callback_data=d)] for t, d in buttons]
    )


async def next_update(bot: Bot, offset: int = 0) -> object:
    updates = await bot.get_updates(offset=offset, timeout=2)
    assert updates, "expected an update"
    return updates[-1]


# --- who the bot may write to ------------------------------------------------------------


@pytest.mark.asyncio
async def test_unknown_chat_and_users_who_never_started(bot: Bot, client: EmulatorClient) -> None:
    with pytest.raises(TelegramBadRequest, match="chat not found"):
        await bot.send_message(424242, "hi")
    await client.create_user(BOB, "Bob")
    with pytest.raises(TelegramForbiddenError, match="bot can't initiate conversation"):
        await bot.send_message(BOB, "hi")
    await client.send_text(BOB, "hello")
    assert (await bot.send_message(BOB, "hi")).text == "hi"


@pytest.mark.asyncio
async def test_block_gives_403_and_my_chat_member_updates(
    bot: Bot, client: EmulatorClient, ann: int
) -> None:
    start = await next_update(bot)
    await client.block(ann)

    with pytest.raises(TelegramForbiddenError) as error:
        await bot.send_message(ann, "still there?")
    assert error.value.message == "Forbidden: bot was blocked by the user"
    with pytest.raises(TelegramForbiddenError):
        await bot.send_chat_action(ann, "typing")

    update = await next_update(bot, start.update_id + 1)  # type: ignore[attr-defined]
    member = update.my_chat_member  # type: ignore[attr-defined]
    assert member is not None
    assert member.chat.id == ann and member.from_user.id == ann
    assert member.old_chat_member.status == "member"
    assert member.new_chat_member.status == "kicked"
    assert member.new_chat_member.user.id == bot.id

    await client.unblock(ann)
    update = await next_update(bot, update.update_id + 1)  # type: ignore[attr-defined]
    assert update.my_chat_member.new_chat_member.status == "member"  # type: ignore[attr-defined]
    assert (await bot.send_message(ann, "welcome back")).text == "welcome back"


@pytest.mark.asyncio
async def test_deactivated_user(bot: Bot, client: EmulatorClient, ann: int) -> None:
    await client.update_user(ann, deactivated=True)
    with pytest.raises(TelegramForbiddenError, match="user is deactivated"):
        await bot.send_message(ann, "hi")


# --- inline keyboards and callbacks ------------------------------------------------------


@pytest.mark.asyncio
async def test_callback_data_is_limited_to_64_bytes(bot: Bot, ann: int) -> None:
    with pytest.raises(TelegramBadRequest, match="BUTTON_DATA_INVALID"):
        await bot.send_message(ann, "x", reply_markup=keyboard(("A", "a" * 65)))
    with pytest.raises(TelegramBadRequest, match="BUTTON_DATA_INVALID"):
        await bot.send_message(ann, "x", reply_markup=keyboard(("A", "ж" * 33)))  # 66 bytes
    sent = await bot.send_message(ann, "x", reply_markup=keyboard(("A", "ж" * 32)))  # 64 bytes
    assert sent.reply_markup is not None
    assert sent.reply_markup.inline_keyboard[0][0].callback_data == "ж" * 32


@pytest.mark.asyncio
async def test_inline_buttons_need_exactly_one_action(bot: Bot, ann: int) -> None:
    with pytest.raises(TelegramBadRequest, match="Text buttons are unallowed"):
        await bot.send_message(
            ann,
            "x",
            reply_markup=InlineKeyboardMarkup(
                inline_keyboard=[[InlineKeyboardButton(text="no action")]]
            ),
        )
    with pytest.raises(TelegramBadRequest, match="exactly one"):
        await bot.send_message(
            ann,
            "x",
            reply_markup=InlineKeyboardMarkup(
                inline_keyboard=[
                    [
                        InlineKeyboardButton(
                            text="two", callback_data="a", url="https://example.org"
                        )
                    ]
                ]
            ),
        )


@pytest.mark.asyncio
async def test_callback_query_round_trip_and_double_answer(
    bot: Bot, client: EmulatorClient, ann: int
) -> None:
    start = await next_update(bot)
    sent = await bot.send_message(ann, "Pick", reply_markup=keyboard(("English", "lang:en")))
    pressed = await client.press_button(ann, "English")
    assert pressed["message_id"] == sent.message_id

    update = await next_update(bot, start.update_id + 1)  # type: ignore[attr-defined]
    query = update.callback_query  # type: ignore[attr-defined]
    assert query is not None
    assert query.id == pressed["callback_query_id"]
    assert query.data == "lang:en"
    assert query.from_user.id == ann
    assert query.chat_instance
    assert query.message is not None and query.message.message_id == sent.message_id

    assert (await client.stats())["unanswered_callbacks_count"] == 1
    assert await bot.answer_callback_query(query.id, text="Saved", show_alert=True)
    answer = await client.wait_for_callback_answer(query.id)
    assert answer["text"] == "Saved" and answer["show_alert"] is True
    assert (await client.stats())["unanswered_callbacks_count"] == 0

    with pytest.raises(TelegramBadRequest, match="query is too old"):
        await bot.answer_callback_query(query.id)
    with pytest.raises(TelegramBadRequest, match="query ID is invalid"):
        await bot.answer_callback_query("123")


@pytest.mark.asyncio
async def test_late_callback_answer_and_long_answer_text(
    bot: Bot, client: EmulatorClient, ann: int
) -> None:
    await bot.send_message(ann, "Pick", reply_markup=keyboard(("A", "a"), ("B", "b")))
    late = await client.press_button(ann, callback_data="a")
    await client.advance_clock(16)  # Telegram gives up after about 15 s
    stats = await client.stats()
    assert stats["unanswered_callbacks"][0]["expired"] is True
    with pytest.raises(TelegramBadRequest, match="query is too old"):
        await bot.answer_callback_query(late["callback_query_id"])

    fresh = await client.press_button(ann, "B")
    with pytest.raises(TelegramBadRequest, match="MESSAGE_TOO_LONG"):
        await bot.answer_callback_query(fresh["callback_query_id"], text="x" * 201)
    assert await bot.answer_callback_query(fresh["callback_query_id"], text="x" * 200)


@pytest.mark.asyncio
async def test_pressing_buttons_that_do_not_exist_is_refused(
    bot: Bot, client: EmulatorClient, ann: int
) -> None:
    markup = InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text="Site", url="https://example.org")]]
    )
    sent = await bot.send_message(ann, "x", reply_markup=markup)
    with pytest.raises(EmulatorError) as error:
        await client.press_button(ann, "Nope")
    assert error.value.status == 404
    with pytest.raises(EmulatorError, match="url button"):
        await client.press_button(ann, "Site", message_id=sent.message_id)
    await bot.delete_message(ann, sent.message_id)
    with pytest.raises(EmulatorError):
        await client.press_button(ann, "Site", message_id=sent.message_id)


# --- edits -------------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_edit_not_modified_and_history(bot: Bot, client: EmulatorClient, ann: int) -> None:
    markup = keyboard(("A", "a"))
    sent = await bot.send_message(ann, "<b>v1</b>", parse_mode="HTML", reply_markup=markup)

    with pytest.raises(TelegramBadRequest, match="message is not modified"):
        await bot.edit_message_text(
            "<b>v1</b>",
            chat_id=ann,
            message_id=sent.message_id,
            parse_mode="HTML",
            reply_markup=markup,
        )
    with pytest.raises(TelegramBadRequest, match="message is not modified"):
        await bot.edit_message_reply_markup(
            chat_id=ann, message_id=sent.message_id, reply_markup=markup
        )
    # Same text, different formatting: modified.
    edited = await bot.edit_message_text(
        "v1", chat_id=ann, message_id=sent.message_id, reply_markup=markup
    )
    assert not isinstance(edited, bool) and edited.edit_date is not None
    # An edit without reply_markup drops the inline keyboard, as on Telegram.
    edited = await bot.edit_message_text("v2", chat_id=ann, message_id=sent.message_id)
    assert not isinstance(edited, bool) and edited.reply_markup is None

    message = (await client.bot_messages(ann))[-1]
    assert message.text == "v2" and message.reply_markup is None
    assert [v["text"] for v in message["edits"]] == ["v1", "v1"]
    assert message["edits"][0]["source"] == "<b>v1</b>"
    assert message["edits"][0]["entities"] == [{"type": "bold", "offset": 0, "length": 2}]

    with pytest.raises(TelegramBadRequest, match="message to edit not found"):
        await bot.edit_message_text("v3", chat_id=ann, message_id=9999)
    with pytest.raises(TelegramBadRequest, match="message can't be edited"):
        await bot.edit_message_text("v3", chat_id=ann, message_id=1)  # Ann's /start


@pytest.mark.asyncio
async def test_wait_for_message_sees_edits(bot: Bot, client: EmulatorClient, ann: int) -> None:
    sent = await bot.send_message(ann, "Loading…")
    first = await client.wait_for_message(ann)
    assert first.message_id == sent.message_id
    await bot.edit_message_text("Done", chat_id=ann, message_id=sent.message_id)
    edited = await client.wait_for_message(ann, lambda m: m.text == "Done")
    assert edited.message_id == sent.message_id and edited["edits"][0]["text"] == "Loading…"


# --- reply keyboards ---------------------------------------------------------------------


@pytest.mark.asyncio
async def test_reply_keyboard_is_tracked_and_contact_button_shares_own_contact(
    bot: Bot, client: EmulatorClient, ann: int
) -> None:
    start = await next_update(bot)
    markup = ReplyKeyboardMarkup(
        keyboard=[
            [KeyboardButton(text="Share phone", request_contact=True)],
            [KeyboardButton(text="Guides")],
        ],
        resize_keyboard=True,
        one_time_keyboard=True,
        input_field_placeholder="Choose",
    )
    await bot.send_message(ann, "Menu", reply_markup=markup)
    shown = await client.reply_keyboard(ann)
    assert shown is not None
    assert shown["markup"]["keyboard"][0][0] == {"text": "Share phone", "request_contact": True}
    assert shown["markup"]["input_field_placeholder"] == "Choose"

    await client.press_reply_button(ann, "Share phone")
    update = await next_update(bot, start.update_id + 1)  # type: ignore[attr-defined]
    contact = update.message.contact  # type: ignore[attr-defined]
    assert contact.user_id == ann and contact.first_name == "Ann"
    assert contact.phone_number.isdigit()  # no "+", as many clients send it

    await client.press_reply_button(ann, "Guides")
    update = await next_update(bot, update.update_id + 1)  # type: ignore[attr-defined]
    assert update.message.text == "Guides"  # type: ignore[attr-defined]

    await bot.send_message(ann, "Bye keyboard", reply_markup=ReplyKeyboardRemove())
    assert await client.reply_keyboard(ann) is None
    with pytest.raises(EmulatorError, match="no reply keyboard"):
        await client.press_reply_button(ann, "Guides")


@pytest.mark.asyncio
async def test_force_reply_and_reply_markup_validation(
    emu: RunningEmulator, bot: Bot, ann: int
) -> None:
    asked = await bot.send_message(
        ann, "Your name?", reply_markup=ForceReply(input_field_placeholder="Name")
    )
    chat = await emu.client.chat(ann)
    assert chat["force_reply"]["message_id"] == asked.message_id

    reply_keyboard = {"keyboard": [["a"]]}
    status, body = await raw_call(
        emu.base_url,
        "editMessageReplyMarkup",
        json={"chat_id": ann, "message_id": asked.message_id, "reply_markup": reply_keyboard},
    )
    assert (status, body["description"]) == (400, "Bad Request: inline keyboard expected")
    status, body = await raw_call(
        emu.base_url, "sendMessage", data={"chat_id": ann, "text": "x", "reply_markup": "{oops"}
    )
    assert status == 400 and "can't parse reply keyboard markup JSON object" in body["description"]
    status, body = await raw_call(
        emu.base_url,
        "sendMessage",
        json={"chat_id": ann, "text": "x", "reply_markup": {"keyboard": []}},
    )
    assert (status, body["description"]) == (400, "Bad Request: keyboard must be non-empty")


# --- files -------------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_send_document_multipart_round_trip(
    bot: Bot, client: EmulatorClient, ann: int
) -> None:
    payload = "Договор\n".encode() * 100
    sent = await bot.send_document(
        ann,
        BufferedInputFile(payload, filename="contract.pdf"),
        caption="<b>Your contract</b>",
        parse_mode="HTML",
    )
    assert sent.document is not None
    assert sent.document.file_name == "contract.pdf"
    assert sent.document.mime_type == "application/pdf"
    assert sent.document.file_size == len(payload)
    assert sent.caption == "Your contract"

    stored = (await client.bot_messages(ann))[-1]
    assert stored.document is not None
    assert await client.download(stored.document["file_id"]) == payload

    file = await bot.get_file(sent.document.file_id)
    assert file.file_path is not None
    downloaded = await bot.download_file(file.file_path)
    assert downloaded is not None and downloaded.read() == payload

    again = await bot.send_document(ann, sent.document.file_id)
    assert again.document is not None and again.document.file_id == sent.document.file_id
    with pytest.raises(TelegramBadRequest, match="wrong file identifier"):
        await bot.send_document(ann, "no-such-file-id")
    with pytest.raises(TelegramBadRequest, match="message caption is too long"):
        await bot.send_document(ann, sent.document.file_id, caption="x" * 1025)


@pytest.mark.asyncio
async def test_user_document_and_photo_can_be_downloaded_by_the_bot(
    bot: Bot, client: EmulatorClient, ann: int
) -> None:
    start = await next_update(bot)
    await client.send_document(ann, "passport.jpg", b"\xff\xd8fake-jpeg", caption="scan")
    update = await next_update(bot, start.update_id + 1)  # type: ignore[attr-defined]
    document = update.message.document  # type: ignore[attr-defined]
    assert document.file_name == "passport.jpg" and document.mime_type == "image/jpeg"
    assert update.message.caption == "scan"  # type: ignore[attr-defined]
    file = await bot.get_file(document.file_id)
    assert file.file_path is not None
    downloaded = await bot.download_file(file.file_path)
    assert downloaded is not None and downloaded.read() == b"\xff\xd8fake-jpeg"

    await client.send_photo(ann, PNG)
    update = await next_update(bot, update.update_id + 1)  # type: ignore[attr-defined]
    photo = update.message.photo[-1]  # type: ignore[attr-defined]
    assert (photo.width, photo.height) == (1, 1)
    with pytest.raises(TelegramBadRequest, match="can't use file of type Photo as Document"):
        await bot.send_document(ann, photo.file_id)
    with pytest.raises(EmulatorError, match="must be a PNG"):
        await client.send_photo(ann, b"%PDF-1.4")


@pytest.mark.asyncio
async def test_send_photo_checks_the_image(bot: Bot, ann: int) -> None:
    sent = await bot.send_photo(ann, BufferedInputFile(PNG, filename="p.png"))
    assert sent.photo is not None and sent.photo[-1].width == 1
    with pytest.raises(TelegramBadRequest, match="IMAGE_PROCESS_FAILED"):
        await bot.send_photo(ann, BufferedInputFile(b"%PDF-1.4", filename="x.pdf"))


# --- delete, copy, forward, pin, actions, topics -----------------------------------------


@pytest.mark.asyncio
async def test_delete_copy_forward_pin_and_chat_action(
    bot: Bot, client: EmulatorClient, ann: int
) -> None:
    await client.create_user(BOB, "Bob")
    await client.start(BOB)
    original = await bot.send_message(ann, "<i>Note</i>", parse_mode="HTML")

    copied = await bot.copy_message(BOB, ann, original.message_id)
    forwarded = await bot.forward_message(BOB, ann, original.message_id)
    assert forwarded.forward_origin is not None
    bob_messages = await client.bot_messages(BOB)
    assert [m.message_id for m in bob_messages] == [copied.message_id, forwarded.message_id]
    assert bob_messages[0].entities == [{"type": "italic", "offset": 0, "length": 4}]

    assert await bot.pin_chat_message(ann, original.message_id)
    chat = await bot.get_chat(ann)
    assert chat.pinned_message is not None
    assert chat.pinned_message.message_id == original.message_id
    assert chat.first_name == "Ann"

    assert await bot.send_chat_action(ann, "typing")
    action = await client.wait_for_event(lambda e: e["type"] == "chat.action")
    assert action["action"] == "typing" and action["chat_id"] == ann
    with pytest.raises(TelegramBadRequest, match="wrong parameter action"):
        await bot.send_chat_action(ann, "dancing")

    assert await bot.delete_message(ann, original.message_id)
    with pytest.raises(TelegramBadRequest, match="message to delete not found"):
        await bot.delete_message(ann, original.message_id)
    history = await client.messages(ann)
    assert next(m for m in history if m.message_id == original.message_id).deleted

    old = await bot.send_message(ann, "old")
    await client.advance_clock(49 * 3600)
    with pytest.raises(TelegramBadRequest, match="message can't be deleted"):
        await bot.delete_message(ann, old.message_id)


@pytest.mark.asyncio
async def test_forum_topics_and_threads(emu: RunningEmulator, bot: Bot) -> None:
    client = emu.client
    group = await client.create_group("Coordinators", is_forum=True)
    await client.create_user(ANN, "Ann")
    await client.send_text(ANN, "hello", chat_id=group["id"])
    topic = await bot.create_forum_topic(group["id"], "Ann Lee #42")
    sent = await bot.send_message(
        group["id"], "New booking", message_thread_id=topic.message_thread_id
    )
    assert sent.message_thread_id == topic.message_thread_id and sent.is_topic_message
    document = await bot.send_document(
        group["id"], BufferedInputFile(b"x", "a.txt"), message_thread_id=topic.message_thread_id
    )
    assert document.message_thread_id == topic.message_thread_id
    with pytest.raises(TelegramBadRequest, match="message thread not found"):
        await bot.send_message(group["id"], "x", message_thread_id=777)

    plain = await client.create_group("Plain")
    await client.send_text(ANN, "hi", chat_id=plain["id"])
    with pytest.raises(TelegramBadRequest, match="not a forum"):
        await bot.create_forum_topic(plain["id"], "t")
    with pytest.raises(TelegramBadRequest, match="not a forum"):
        await client.start(ANN)
        await bot.create_forum_topic(ANN, "private topics are off unless enabled")


@pytest.mark.asyncio
async def test_remaining_methods_return_objects_aiogram_accepts(
    bot: Bot, client: EmulatorClient, ann: int
) -> None:
    document = await bot.send_document(
        ann, BufferedInputFile(b"x", "a.txt"), caption="old", reply_markup=keyboard(("A", "a"))
    )
    edited = await bot.edit_message_caption(
        chat_id=ann,
        message_id=document.message_id,
        caption="<b>new</b>",
        parse_mode="HTML",
        reply_markup=keyboard(("A", "a")),
    )
    assert not isinstance(edited, bool) and edited.caption == "new"
    assert edited.caption_entities is not None and edited.caption_entities[0].type == "bold"
    with pytest.raises(TelegramBadRequest, match="there is no text in the message to edit"):
        await bot.edit_message_text("x", chat_id=ann, message_id=document.message_id)
    text = await bot.send_message(ann, "t")
    with pytest.raises(TelegramBadRequest, match="no caption"):
        await bot.edit_message_caption(chat_id=ann, message_id=text.message_id, caption="c")

    assert await bot.pin_chat_message(ann, text.message_id)
    assert await bot.unpin_chat_message(ann)
    assert (await bot.get_chat(ann)).pinned_message is None
    assert await bot.delete_messages(ann, [document.message_id, text.message_id, 9999])
    assert await client.bot_messages(ann) == []

    member = await bot.get_chat_member(ann, ann)
    assert member.status == "member" and member.user.id == ann
    assert (await bot.get_chat_menu_button()).type == "default"
    assert await bot.close()
    assert await bot.log_out()
    with pytest.raises(TelegramUnauthorizedError):
        await bot.get_me()
