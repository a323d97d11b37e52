"""Ask the Center: a person's question reaches a consultant, and the answer comes back.

Its router must come FIRST among the feature routers (`handlers.FEATURES`): while a person has
an open case, their free text and media belong to it, and the guides' free-text search (a
later feature router) must not answer them. Inside, the staff forum comes first (it swallows
everything said in STAFF_CHAT_ID, so the fallback never talks in the group), then consultants,
then people.
"""

from aiogram import Router

from bot.aiogram_compat import module_router
from bot.features import DeepLink, Feature
from bot.filters import declare_scope
from db.queries.cases import PERSONAL_DATA
from handlers.ask import forum, jobs, person, staff


def build_router() -> Router:
    # Where each part answers: topic actions only in the staff forum group; consultants'
    # screens in their private chat and on the case cards posted in the forum; people only in
    # private chats.
    router = Router(name=__name__)
    router.include_routers(
        declare_scope(module_router(forum), "staff"),
        declare_scope(module_router(staff), "private", "staff"),
        declare_scope(module_router(person), "private"),
    )
    return router


FEATURE = Feature(
    name="ask",
    routers=lambda: [build_router()],
    scopes=("private", "staff"),  # the forum's topic actions too
    jobs=jobs.JOBS + forum.JOBS,
    deep_links=(DeepLink("ask", person.open_from_link),),
    personal_data=PERSONAL_DATA,
    text_prefixes=("ask-",),
)

__all__ = ["FEATURE", "build_router"]
