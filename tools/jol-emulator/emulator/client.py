"""An async client for the control API, for tests.

    client = EmulatorClient("http://127.0.0.1:8081")
    await client.create_user(1001, first_name="Ann", language_code="ru")
    await client.send_text(1001, "/start")
    reply = await client.wait_for_message(1001)
    await client.press_button(1001, text="English")
    edited = await client.wait_for_message(1001, lambda m: "Welcome" in (m.text or ""))

Waiting is event driven (the control API's long-poll endpoint), never a fixed sleep. The client
keeps a cursor in the emulator's event sequence: every action moves it to "just after this
action", and every successful wait moves it past the event it returned. So consecutive
`wait_for_message` calls return the bot's replies one after another, and a reply that arrived
before the wait started is not missed.
"""

from __future__ import annotations

import asyncio
import base64
from collections.abc import Callable
from typing import Any

import aiohttp

from .timeouts import scaled

__all__ = ["ChatMessage", "EmulatorClient", "EmulatorError"]


class EmulatorError(Exception):
    """The control API refused a request (e.g. pressing a button that does not exist)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(f"{status}: {message}")
        self.status = status
        self.message = message


class ChatMessage(dict[str, Any]):
    """A message snapshot from the control API, with shortcuts for the common fields."""

    @property
    def message_id(self) -> int:
        return int(self["message_id"])

    @property
    def chat_id(self) -> int:
        return int(self["chat_id"])

    @property
    def text(self) -> str | None:
        return self.get("text")

    @property
    def caption(self) -> str | None:
        return self.get("caption")

    @property
    def entities(self) -> list[dict[str, Any]]:
        return list(self.get("entities") or [])

    @property
    def from_bot(self) -> bool:
        return bool(self.get("from_bot"))

    @property
    def deleted(self) -> bool:
        return bool(self.get("deleted"))

    @property
    def reply_markup(self) -> dict[str, Any] | None:
        return self.get("reply_markup")

    @property
    def inline_buttons(self) -> list[dict[str, Any]]:
        markup = self.reply_markup or {}
        return [button for row in markup.get("inline_keyboard", []) for button in row]

    @property
    def button_texts(self) -> list[str]:
        """Texts of the inline buttons, or of the reply keyboard sent with the message."""
        markup = self.reply_markup or {}
        rows = markup.get("inline_keyboard") or markup.get("keyboard") or []
        return [button["text"] for row in rows for button in row]

    @property
    def callback_data(self) -> list[str]:
        return [b["callback_data"] for b in self.inline_buttons if "callback_data" in b]

    @property
    def document(self) -> dict[str, Any] | None:
        return self.get("document")


Predicate = Callable[[ChatMessage], bool]


class EmulatorClient:
    def __init__(
        self,
        base_url: str,
        *,
        bot_id: int | None = None,
        session: aiohttp.ClientSession | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        # Needed only when several bots use the emulator.
        self.bot_id = bot_id
        self.cursor = 0
        self._session = session
        self._own_session = session is None

    async def __aenter__(self) -> EmulatorClient:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    async def close(self) -> None:
        if self._own_session and self._session is not None and not self._session.closed:
            await self._session.close()
        self._session = None

    def _http(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession()
            self._own_session = True
        return self._session

    async def _call(
        self,
        http_method: str,
        path: str,
        *,
        json: dict[str, Any] | None = None,
        params: dict[str, Any] | None = None,
        data: aiohttp.FormData | None = None,
        seconds: float = 30.0,
        raw: bool = False,
    ) -> Any:
        if json is not None:
            json = {k: v for k, v in json.items() if v is not None}
            if self.bot_id is not None:
                json.setdefault("bot_id", self.bot_id)
        query = {k: str(v) for k, v in (params or {}).items() if v is not None}
        if self.bot_id is not None:
            query.setdefault("bot_id", str(self.bot_id))
        async with self._http().request(
            http_method,
            f"{self.base_url}/__control{path}",
            json=json,
            params=query,
            data=data,
            timeout=aiohttp.ClientTimeout(total=seconds),
        ) as response:
            if raw and response.status < 400:
                body: Any = await response.read()
            elif response.content_type != "application/json":
                body = await response.read()
            else:
                body = await response.json()
            if response.status >= 400:
                message = body.get("error") if isinstance(body, dict) else str(body)
                raise EmulatorError(response.status, str(message))
        if isinstance(body, dict) and isinstance(body.get("seq"), int):
            self.cursor = max(self.cursor, body["seq"])
        return body

    # --- setup ----------------------------------------------------------------------------

    async def health(self) -> dict[str, Any]:
        result: dict[str, Any] = await self._call("GET", "/health")
        return result

    async def register_bot(
        self,
        token: str,
        *,
        username: str | None = None,
        first_name: str | None = None,
        has_topics_enabled: bool = False,
    ) -> dict[str, Any]:
        result: dict[str, Any] = await self._call(
            "POST",
            "/bots",
            json={
                "token": token,
                "username": username,
                "first_name": first_name,
                "has_topics_enabled": has_topics_enabled,
            },
        )
        return result

    async def create_user(
        self,
        user_id: int,
        first_name: str | None = None,
        *,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = None,
        phone_number: str | None = None,
        is_premium: bool | None = None,
        deactivated: bool | None = None,
    ) -> dict[str, Any]:
        """Create or update a simulated user (only the given fields change on update)."""
        result: dict[str, Any] = await self._call(
            "POST",
            "/users",
            json={
                "id": user_id,
                "first_name": first_name,
                "last_name": last_name,
                "username": username,
                "language_code": language_code,
                "phone_number": phone_number,
                "is_premium": is_premium,
                "deactivated": deactivated,
            },
        )
        return result

    update_user = create_user

    async def users(self) -> list[dict[str, Any]]:
        return list((await self._call("GET", "/users"))["users"])

    async def create_group(
        self,
        title: str,
        *,
        group_id: int | None = None,
        is_forum: bool = False,
        type: str = "supergroup",
        username: str | None = None,
    ) -> dict[str, Any]:
        result: dict[str, Any] = await self._call(
            "POST",
            "/groups",
            json={
                "id": group_id,
                "title": title,
                "is_forum": is_forum,
                "type": type,
                "username": username,
            },
        )
        return result

    # --- user actions ---------------------------------------------------------------------

    async def send_text(
        self,
        user_id: int,
        text: str,
        *,
        chat_id: int | None = None,
        message_thread_id: int | None = None,
        reply_to_message_id: int | None = None,
    ) -> dict[str, Any]:
        """The user writes `text` (a `/command` gets its bot_command entity)."""
        result: dict[str, Any] = await self._call(
            "POST",
            "/send_text",
            json={
                "user_id": user_id,
                "text": text,
                "chat_id": chat_id,
                "message_thread_id": message_thread_id,
                "reply_to_message_id": reply_to_message_id,
            },
        )
        return result

    async def start(self, user_id: int, payload: str | None = None) -> dict[str, Any]:
        """The user opens t.me/<bot>?start=<payload> (or just presses Start)."""
        result: dict[str, Any] = await self._call(
            "POST", "/start", json={"user_id": user_id, "payload": payload}
        )
        return result

    async def send_contact(
        self,
        user_id: int,
        *,
        phone_number: str | None = None,
        first_name: str | None = None,
        last_name: str | None = None,
        contact_user_id: int | None = None,
        chat_id: int | None = None,
    ) -> dict[str, Any]:
        """Share a contact; without arguments the user's own (contact.user_id = sender)."""
        result: dict[str, Any] = await self._call(
            "POST",
            "/send_contact",
            json={
                "user_id": user_id,
                "phone_number": phone_number,
                "first_name": first_name,
                "last_name": last_name,
                "contact_user_id": contact_user_id,
                "chat_id": chat_id,
            },
        )
        return result

    async def send_document(
        self,
        user_id: int,
        filename: str,
        data: bytes,
        mime: str | None = None,
        *,
        caption: str | None = None,
        chat_id: int | None = None,
    ) -> dict[str, Any]:
        return await self._upload(
            "/send_document", user_id, filename, data, mime, caption, chat_id
        )

    async def send_photo(
        self,
        user_id: int,
        data: bytes,
        *,
        filename: str = "photo.jpg",
        caption: str | None = None,
        chat_id: int | None = None,
    ) -> dict[str, Any]:
        return await self._upload("/send_photo", user_id, filename, data, None, caption, chat_id)

    async def _upload(
        self,
        path: str,
        user_id: int,
        filename: str,
        data: bytes,
        mime: str | None,
        caption: str | None,
        chat_id: int | None,
    ) -> dict[str, Any]:
        result: dict[str, Any] = await self._call(
            "POST",
            path,
            json={
                "user_id": user_id,
                "file_name": filename,
                "data_base64": base64.b64encode(data).decode("ascii"),
                "mime_type": mime,
                "caption": caption,
                "chat_id": chat_id,
            },
        )
        return result

    async def press_button(
        self,
        user_id: int,
        text: str | None = None,
        *,
        callback_data: str | None = None,
        message_id: int | None = None,
        chat_id: int | None = None,
        forged: bool = False,
    ) -> dict[str, Any]:
        """Press an inline button, found by text and/or callback_data (with `forged=True`: send
        any callback_data on the given or latest bot message, as a tampered client could).

        Without message_id the latest bot message carrying such a button is used. Returns
        `{"callback_query_id", "message_id", "data", "update_id", "seq"}`.
        """
        result: dict[str, Any] = await self._call(
            "POST",
            "/press_button",
            json={
                "user_id": user_id,
                "text": text,
                "callback_data": callback_data,
                "message_id": message_id,
                "chat_id": chat_id,
                "forged": forged or None,
            },
        )
        return result

    async def press_reply_button(
        self, user_id: int, text: str, *, chat_id: int | None = None
    ) -> dict[str, Any]:
        """Press a button of the reply keyboard shown in the chat (text or shared contact)."""
        result: dict[str, Any] = await self._call(
            "POST",
            "/press_reply_button",
            json={"user_id": user_id, "text": text, "chat_id": chat_id},
        )
        return result

    async def block(self, user_id: int) -> dict[str, Any]:
        result: dict[str, Any] = await self._call("POST", "/block", json={"user_id": user_id})
        return result

    async def unblock(self, user_id: int) -> dict[str, Any]:
        result: dict[str, Any] = await self._call("POST", "/unblock", json={"user_id": user_id})
        return result

    # --- inspection -----------------------------------------------------------------------

    async def chat(self, chat_id: int) -> dict[str, Any]:
        result: dict[str, Any] = await self._call("GET", f"/chats/{chat_id}")
        return result

    async def chats(self) -> list[dict[str, Any]]:
        return list((await self._call("GET", "/chats"))["chats"])

    async def messages(
        self, chat_id: int, *, include_deleted: bool = True, limit: int | None = None
    ) -> list[ChatMessage]:
        """The chat's messages, oldest first; with `limit`, only the newest that many."""
        params = {"include_deleted": "1" if include_deleted else "0"}
        if limit is not None:
            params["limit"] = str(limit)
        result = await self._call("GET", f"/chats/{chat_id}/messages", params=params)
        return [ChatMessage(m) for m in result["messages"]]

    async def bot_messages(self, chat_id: int) -> list[ChatMessage]:
        """The bot's messages in the chat that are not deleted, oldest first."""
        messages = await self.messages(chat_id, include_deleted=False)
        return [m for m in messages if m.from_bot and m.get("kind") != "service"]

    async def reply_keyboard(self, chat_id: int) -> dict[str, Any] | None:
        return (await self.chat(chat_id)).get("reply_keyboard")

    async def commands(
        self, *, user_id: int | None = None, language_code: str | None = None
    ) -> dict[str, Any]:
        """All command menus; with user_id also `effective`, the menu that user sees."""
        result: dict[str, Any] = await self._call(
            "GET", "/commands", params={"user_id": user_id, "language_code": language_code}
        )
        return result

    async def bot_profile(self) -> dict[str, Any]:
        result: dict[str, Any] = await self._call("GET", "/bot")
        return result

    async def stats(self) -> dict[str, Any]:
        result: dict[str, Any] = await self._call("GET", "/stats")
        return result

    async def pending_updates(self) -> list[dict[str, Any]]:
        return list((await self._call("GET", "/updates"))["updates"])

    async def download(self, file_id: str) -> bytes:
        # raw: a JSON file is still returned as its bytes, not parsed.
        data: bytes = await self._call("GET", f"/files/{file_id}", raw=True)
        return data

    # --- configuration --------------------------------------------------------------------

    async def set_flood_limits(self, enabled: bool = True, **limits: Any) -> dict[str, Any]:
        """E.g. set_flood_limits(chat_limit=1, chat_window=1.0, global_limit=30, retry_after=3)."""
        result: dict[str, Any] = await self._call(
            "POST", "/flood", json={"enabled": enabled, **limits}
        )
        return result

    async def script_fault(
        self,
        method: str | None = None,
        *,
        chat_id: int | None = None,
        count: int = 1,
        kind: str = "error",
        status: int | None = None,
        description: str | None = None,
        retry_after: int | None = None,
        delay: float = 0.0,
        body: str | None = None,
    ) -> dict[str, Any]:
        """Make the next `count` matching calls fail.

        kind "error": answer `status` (429 when retry_after is given) with a Telegram-style
        description; "reset": drop the connection; "garbage": an HTML body (default 502);
        "delay": answer normally after `delay` seconds. A rule without `method` does not
        hit getUpdates/getMe/getWebhookInfo.
        """
        result: dict[str, Any] = await self._call(
            "POST",
            "/faults",
            json={
                "method": method,
                "chat_id": chat_id,
                "count": count,
                "kind": kind,
                "status": status,
                "description": description,
                "retry_after": retry_after,
                "delay": delay,
                "body": body,
            },
        )
        return result

    async def clear_faults(self) -> None:
        await self._call("DELETE", "/faults")

    async def set_config(self, **changes: Any) -> dict[str, Any]:
        """E.g. set_config(callback_answer_timeout=1.0, strict_ampersand=False)."""
        result: dict[str, Any] = await self._call("POST", "/config", json=changes)
        return result

    async def advance_clock(self, seconds: float) -> dict[str, Any]:
        result: dict[str, Any] = await self._call("POST", "/clock", json={"seconds": seconds})
        return result

    async def reset(self) -> None:
        await self._call("POST", "/reset")
        self.cursor = 0

    # --- waiting --------------------------------------------------------------------------

    async def events(
        self, after: int | None = None, *, wait: float = 0.0, chat_id: int | None = None
    ) -> tuple[list[dict[str, Any]], int]:
        """Events after a sequence number, long-polling up to `wait` seconds for the first."""
        result = await self._call(
            "GET",
            "/events/poll",
            params={
                "after": self.cursor if after is None else after,
                "timeout": wait,
                "chat_id": chat_id,
            },
            seconds=wait + 30.0,
        )
        return list(result["events"]), int(result["last_seq"])

    async def wait_for_event(
        self,
        predicate: Callable[[dict[str, Any]], bool],
        *,
        timeout: float = 10.0,  # noqa: ASYNC109 - a deadline for the whole wait, by design
        since: int | None = None,
        chat_id: int | None = None,
    ) -> dict[str, Any]:
        """The first event after `since` (default: the cursor) that satisfies `predicate`."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + scaled(timeout)
        cursor = self.cursor if since is None else since
        seen: list[str] = []
        while True:
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise TimeoutError(
                    f"no matching event within {scaled(timeout)} s; "
                    f"events seen: {', '.join(seen) or 'none'}"
                )
            events, _ = await self.events(cursor, wait=min(remaining, 25.0), chat_id=chat_id)
            for event in events:
                cursor = event["seq"]
                if predicate(event):
                    self.cursor = max(self.cursor, cursor)
                    return event
                seen.append(_describe(event))

    async def wait_for_message(
        self,
        chat_id: int,
        predicate: Predicate | None = None,
        *,
        timeout: float = 10.0,  # noqa: ASYNC109 - a deadline for the whole wait, by design
        since: int | None = None,
        after: int | None = None,
        include_edits: bool = True,
    ) -> ChatMessage:
        """Wait for a new bot message (or an edit) in `chat_id` that satisfies `predicate`.

        `since` is an event sequence number (default: the client's cursor, i.e. after the
        last action or the last message returned); `after` additionally ignores new messages
        whose message_id is not above it. Raises TimeoutError, listing what did arrive.
        """
        types = {"message.created", "message.edited"} if include_edits else {"message.created"}

        def matches(event: dict[str, Any]) -> bool:
            if event["type"] not in types or event.get("chat_id") != chat_id:
                return False
            message = ChatMessage(event["message"])
            if not message.from_bot or message.get("kind") == "service":
                return False
            if (
                after is not None
                and event["type"] == "message.created"
                and message.message_id <= after
            ):
                return False
            return predicate is None or predicate(message)

        event = await self.wait_for_event(matches, timeout=timeout, since=since, chat_id=chat_id)
        return ChatMessage(event["message"])

    async def wait_for_callback_answer(
        self,
        callback_query_id: str | None = None,
        *,
        timeout: float = 10.0,  # noqa: ASYNC109 - a deadline for the whole wait, by design
        since: int | None = None,
    ) -> dict[str, Any]:
        """Wait for answerCallbackQuery; the event has text, show_alert, url, cache_time."""

        def matches(event: dict[str, Any]) -> bool:
            return event["type"] == "callback.answered" and (
                callback_query_id is None or event.get("callback_query_id") == callback_query_id
            )

        return await self.wait_for_event(matches, timeout=timeout, since=since)


def _describe(event: dict[str, Any]) -> str:
    if event["type"].startswith("message.") and "message" in event:
        message = event["message"]
        text = message.get("text") or message.get("caption") or message.get("kind")
        return f"{event['type']}({event.get('chat_id')}: {str(text)[:40]!r})"
    if event["type"] == "api.error":
        return f"api.error({event.get('method')}: {event.get('description')})"
    return str(event["type"])
