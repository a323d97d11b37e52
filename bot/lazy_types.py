"""Build aiogram's Telegram types and methods when first used instead of all at import.

`aiogram/types/__init__.py` ends with a loop calling `model_rebuild()` on each of its ~450
pydantic models, so importing `aiogram.types` builds every validator, even for payments,
stickers and business accounts that Jol never sees: about 3 s of a 4.7 s start-up (python -X
importtime; `bench/updates.py` prints the start-up). The models are declared with
`defer_build=True`, so pydantic can build each one on its first use, provided it can then
resolve the forward references the loop would have resolved. `defer_aiogram_type_builds()`
makes that loop record those names instead of building: on the model (its parent namespace)
and in its module (where pydantic looks for the names of nested models, e.g. when it builds
`Response[Message]`). The models a bot uses are built on its first update (~0.1 s).

The ~170 Bot API method models (`aiogram.methods`) have no `defer_build`, so each built its
validator when its class was made, each again building the (now deferred) types it takes:
0.5 s more. `TelegramMethod` gets `defer_build=True` as it is made, which its subclasses
inherit; their names resolve from their modules, which import the types they use.

Must run before anything imports `aiogram.types`; `bot/__init__.py` calls it, so the tests,
the benches and every run mode take the same path. Relies on aiogram's rebuild loop passing
`_types_namespace=` (aiogram 3.x); if that changes, the loop builds eagerly as before.
"""

from __future__ import annotations

import sys
from typing import Any

from pydantic import BaseModel
from pydantic._internal._model_construction import ModelMetaclass

_AIOGRAM_TYPES = "aiogram.types"


def _importing_aiogram_types() -> bool:
    module = sys.modules.get(_AIOGRAM_TYPES)
    spec = getattr(module, "__spec__", None)
    return bool(getattr(spec, "_initializing", False))


def defer_aiogram_type_builds() -> None:
    """Install once; does nothing when aiogram.types is already imported (built eagerly)."""
    _defer_method_builds()
    build = BaseModel.model_rebuild.__func__  # type: ignore[attr-defined]
    if getattr(build, "_jol_deferring", False) or _AIOGRAM_TYPES in sys.modules:
        return

    def model_rebuild(cls: type[BaseModel], *args: Any, **kwargs: Any) -> bool | None:
        names = kwargs.get("_types_namespace")
        if (
            names is not None
            and not args
            and len(kwargs) == 1
            and cls.__module__.startswith(_AIOGRAM_TYPES + ".")
            and _importing_aiogram_types()
        ):
            cls.__pydantic_parent_namespace__ = names
            module_names = vars(sys.modules[cls.__module__])
            for name, value in names.items():
                module_names.setdefault(name, value)
            return None
        return build(cls, *args, **kwargs)

    model_rebuild._jol_deferring = True  # type: ignore[attr-defined]
    BaseModel.model_rebuild = classmethod(model_rebuild)  # type: ignore[method-assign,assignment]


def _defer_method_builds() -> None:
    """Give `aiogram.methods.base.TelegramMethod` `defer_build=True` as it is made (its
    subclasses inherit it); the hook then removes itself."""
    if "aiogram.methods.base" in sys.modules:
        return
    make = ModelMetaclass.__new__

    def new(
        mcs: type[ModelMetaclass],
        name: str,
        bases: tuple[type[Any], ...],
        namespace: dict[str, Any],
        *args: Any,
        **kwargs: Any,
    ) -> type:
        if name == "TelegramMethod" and namespace.get("__module__") == "aiogram.methods.base":
            namespace["model_config"] = {**namespace.get("model_config", {}), "defer_build": True}
            ModelMetaclass.__new__ = make  # type: ignore[method-assign]
        return make(mcs, name, bases, namespace, *args, **kwargs)

    ModelMetaclass.__new__ = new  # type: ignore[method-assign,assignment]


def build_shared_models() -> None:
    """Build `Message`, then the edit every button press makes, on their own: at the end of
    start-up, before the first update.

    A model that contains a deferred one builds the deferred one's schema inline, without
    keeping it on that model. `Message` is in nearly everything a bot validates (the update,
    a callback's message, the answer to a send or an edit), so each of those rebuilt all of
    `Message`'s ~60 nested types the first time it was used: `Update`, `Response[Message]` and
    `Response[Message | bool]` cost 70-85 ms of CPU each (pydantic 2.13). Built first, `Message`
    is reused by them as it is: 5-19 ms each. The first button press after a start had held
    the event loop for ~120 ms, and every update waiting behind it with it (in bench/updates.py
    the slowest tenth of a run's first second set the whole run's p99). `Message` costs 68 ms
    once, and start-up as a whole gets cheaper, since the first update needs `Update` and
    `Response[Message]` anyway. The edit a press makes is `bot/ui.py:EditScreen`; aiogram's own
    `EditMessageText` is left to its first use (only the broadcast's progress message, a
    background job, edits with it now)."""
    from aiogram.types import Message

    from bot.ui import EditScreen

    Message.model_rebuild()
    EditScreen.model_rebuild()
