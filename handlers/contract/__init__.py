"""Is this job offer safe? The contract check, the licensed-agency check, and the staff side
(register import, anonymous stats). Reporting a suspicious offer is delivered by "Ask the
Center" (`AskCb(topic="contract", source="check")`): there is one case system, not two.
"""

from aiogram import Router

from bot.aiogram_compat import module_router
from bot.features import DeepLink, Feature
from db.queries.contract import PERSONAL_DATA
from handlers.contract import agency, check, staff


def build_router() -> Router:
    router = Router(name=__name__)
    # Staff first: its commands and its waiting-for-a-file state come before the people's
    # states, so /import_agencies and /check_stats work even in the middle of an agency search.
    router.include_routers(module_router(staff), module_router(check), module_router(agency))
    return router


FEATURE = Feature(
    name="contract",
    routers=lambda: [build_router()],
    deep_links=(DeepLink("check", check.open_from_link),),
    personal_data=PERSONAL_DATA,
    text_prefixes=("contract-",),
)

__all__ = ["FEATURE", "build_router"]
