"""Reading Bot API parameters the way Telegram accepts them.

A method's parameters may come in the query string, as JSON, as a urlencoded form or as
multipart/form-data. aiogram always sends a form: scalars as strings ("123", "true"), nested
objects (`reply_markup`, `commands`, `allowed_updates`, `reply_parameters`) as JSON strings, and
files as parts referenced by `attach://<name>` (`client/session/base.py`, `prepare_value`).
A JSON body carries real JSON types instead. `Params` hides the difference.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

from aiohttp import BodyPartReader, web

from .errors import ApiError, bad_request

__all__ = ["Params", "Upload"]

_TRUE = {"true", "1", "yes", "on"}


async def named_parts(request: web.Request) -> AsyncIterator[BodyPartReader]:
    """The parts of a multipart request that have a name (nested multiparts are skipped)."""
    reader = await request.multipart()
    while (part := await reader.next()) is not None:
        if isinstance(part, BodyPartReader) and part.name is not None:
            yield part


@dataclass
class Upload:
    """A file sent as a multipart part."""

    filename: str
    content_type: str | None
    data: bytes


class Params:
    def __init__(self, values: dict[str, Any], uploads: dict[str, Upload] | None = None) -> None:
        self.values = values
        self.uploads = uploads or {}

    @classmethod
    async def from_request(cls, request: web.Request, max_upload_bytes: int) -> Params:
        values: dict[str, Any] = dict(request.query)
        uploads: dict[str, Upload] = {}
        if request.method == "POST" and request.can_read_body:
            content_type = request.content_type
            if content_type == "application/json":
                try:
                    body = await request.json()
                except ValueError as error:
                    raise bad_request("can't parse JSON encoded request parameters") from error
                if body is not None:
                    if not isinstance(body, dict):
                        raise bad_request("JSON object expected as request parameters")
                    values.update(body)
            elif content_type == "multipart/form-data":
                await cls._read_multipart(request, values, uploads, max_upload_bytes)
            elif content_type == "application/x-www-form-urlencoded":
                form = await request.post()
                values.update({k: v for k, v in form.items() if isinstance(v, str)})
        return cls(values, uploads)

    @staticmethod
    async def _read_multipart(
        request: web.Request,
        values: dict[str, Any],
        uploads: dict[str, Upload],
        max_upload_bytes: int,
    ) -> None:
        total = 0
        async for part in named_parts(request):
            assert part.name is not None
            data = bytearray()
            while chunk := await part.read_chunk(256 * 1024):
                data.extend(chunk)
                total += len(chunk)
                if total > max_upload_bytes:
                    raise ApiError(413, "Request Entity Too Large")
            if part.filename is not None:
                uploads[part.name] = Upload(
                    filename=part.filename,
                    content_type=part.headers.get("Content-Type"),
                    data=bytes(data),
                )
            else:
                values[part.name] = bytes(data).decode("utf-8", errors="replace")

    # --- typed getters --------------------------------------------------------------------

    def has(self, name: str) -> bool:
        return self.values.get(name) not in (None, "")

    def raw(self, name: str) -> Any:
        return self.values.get(name)

    def string(self, name: str, *, required: bool = False) -> str | None:
        value = self.values.get(name)
        if value is None or value == "":
            if required:
                raise bad_request(f'parameter "{name}" is required')
            return None
        if isinstance(value, (dict, list)):
            raise bad_request(f'parameter "{name}" must be a String')
        if isinstance(value, bool):
            return "true" if value else "false"
        return str(value)

    def integer(self, name: str, *, required: bool = False) -> int | None:
        value = self.values.get(name)
        if value is None or value == "":
            if required:
                raise bad_request(f'parameter "{name}" is required')
            return None
        if isinstance(value, bool):
            raise bad_request(f'parameter "{name}" must be an Integer')
        if isinstance(value, int):
            return value
        if isinstance(value, float) and value.is_integer():
            return int(value)
        try:
            return int(str(value).strip())
        except ValueError:
            raise bad_request(f'parameter "{name}" must be an Integer') from None

    def number(self, name: str) -> float | None:
        value = self.values.get(name)
        if value is None or value == "":
            return None
        try:
            return float(value)
        except (TypeError, ValueError):
            raise bad_request(f'parameter "{name}" must be a Number') from None

    def boolean(self, name: str) -> bool:
        value = self.values.get(name)
        if isinstance(value, bool):
            return value
        if value is None:
            return False
        return str(value).strip().lower() in _TRUE

    def json(self, name: str, *, what: str | None = None) -> Any:
        """A nested object: a JSON string in forms, a real object in JSON bodies."""
        value = self.values.get(name)
        if value is None or value == "":
            return None
        if isinstance(value, str):
            try:
                return json.loads(value)
            except ValueError:
                raise bad_request(f"can't parse {what or name} JSON object") from None
        return value

    def chat_id(self, name: str = "chat_id", *, required: bool = True) -> int | str | None:
        """An integer id or an `@username`; anything else is a chat that cannot exist."""
        value = self.values.get(name)
        if value is None or value == "":
            if required:
                raise bad_request(f"{name} is empty")
            return None
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        text = str(value).strip()
        if text.startswith("@"):
            return text
        try:
            return int(text)
        except ValueError:
            raise bad_request("chat not found") from None

    def input_file(self, name: str) -> Upload | str | None:
        """A file parameter: an Upload (direct part or attach://), or a file_id/URL string."""
        if name in self.uploads:
            return self.uploads[name]
        value = self.values.get(name)
        if value is None or value == "":
            return None
        if not isinstance(value, str):
            raise bad_request(f"wrong type of the {name} parameter")
        if value.startswith("attach://"):
            attached = self.uploads.get(value[len("attach://") :])
            if attached is None:
                raise bad_request(f"wrong remote file identifier specified: {value}")
            return attached
        return value
