from tests.booking.helpers import onboard, to_confirm, tr, bookings_of
from tests.harness import Harness


async def test_smoke(jol: Harness) -> None:
    u = await onboard(jol, "ru")
    await to_confirm(jol, u, "ru", "consultation")
    for m in (await jol.chat(u))[-6:]:
        print("----", m.text, m.button_texts)
    await jol.click(u, tr(jol, "ru")("booking-btn-confirm"))
    for m in (await jol.chat(u))[-2:]:
        print("----", m.text, m.button_texts)
    print(await bookings_of(jol, u))
