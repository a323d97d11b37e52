"""Ask the Center: a person's question reaches a consultant, and the answer comes back.

`router` must come FIRST in `handlers.feature_routers()`: while a person has an open case,
their free text and media belong to it, and the guides' free-text search (a later feature
router) must not answer them. Inside, the staff forum comes first (it swallows everything said
in STAFF_CHAT_ID, so the fallback never talks in the group), then consultants, then people.
"""

from aiogram import Router

from bot.filters import declare_scope
from handlers.ask import canned, forum, person, staff

# Fail at start-up, not at a consultant's first tap, if the ready answers are broken.
canned.answers()

# Where each part answers: topic actions only in the staff forum group; consultants' screens in
# their private chat and on the case cards posted in the forum; people only in private chats.
declare_scope(forum.router, "staff")
declare_scope(staff.router, "private", "staff")
declare_scope(person.router, "private")

router = Router(name=__name__)
router.include_routers(forum.router, staff.router, person.router)

__all__ = ["router"]
