## Booking at the Center, and the coordinators' review.

booking-weekday = { $day ->
    [0] Mon
    [1] Tue
    [2] Wed
    [3] Thu
    [4] Fri
    [5] Sat
   *[6] Sun
}
booking-weekdays = Mo Tu We Th Fr Sa Su
booking-month = { $month ->
    [1] January
    [2] February
    [3] March
    [4] April
    [5] May
    [6] June
    [7] July
    [8] August
    [9] September
    [10] October
    [11] November
   *[12] December
}
booking-language = { $code ->
    [ky] Kyrgyz
    [ru] Russian
   *[en] English
}
booking-status = { $status ->
    [requested] waiting for the Center to confirm
    [confirmed] confirmed
    [waiting] on the waiting list
    [offered] a place is held for you
    [declined] declined
    [cancelled] cancelled
    [expired] expired
    [attended] attended
   *[no_show] did not come
}

## The person's screens

booking-home = <b>📅 Booking at the Center</b>
    Choose what you need. { $count ->
        [0] {""}
        [one] You have 1 upcoming booking.
       *[other] You have { $count } upcoming bookings.
    }
booking-center-hours = 🕘 The Center is open { $schedule } (Bishkek time).
booking-btn-mine = 🗂 My bookings{ $count ->
    [0] {""}
   *[other] {" "}({ $count })
}
booking-need-start = Please send /start first — then you can book.
booking-need-consent = <b>To book, we need your consent</b>
    A booking keeps your name, the time and (if you share it) your phone number, so the Center knows who is coming. Only the Center's staff see it. You can delete it any time with /deletemydata.
booking-btn-agree = ✅ I agree — continue
booking-btn-privacy = 📖 What is stored
booking-service-card = <b>{ $name }</b>
    { $description }

    ⏱ { $minutes } min · { $capacity ->
        [1] one to one
       *[other] group, up to { $capacity } people
    }
    📍 { $place }
    🗣 { $languages }
    🎒 Bring:
    { $bring }
booking-pick-day = Choose a day (only days with free places are shown):
booking-no-days = No free times in the next { $days } days. Tap ⏳ to join a waiting list, or ask the Center.
booking-btn-full-days = ⏳ Full days — waiting list
booking-btn-ask = 💬 Ask the Center
booking-pick-time = <b>{ $service }</b> — { $day }
    Choose a time (Bishkek time):
booking-day-full = <b>{ $service }</b> — { $day }
    No free places left this day. Tap a time with ⏳ to join its waiting list, or go back and choose another day.
booking-time-free = { $time } · { $n } left
booking-time-full = ⏳ { $time }
booking-full-list = These sessions are full. Choose one to join its waiting list: if a place frees up, we hold it for you for { $hours } h and send you a message.
booking-slot-gone = This time is no longer available. Please choose another.
booking-same-time = That is the time you already have — choose another.
booking-just-taken = 😕 Sorry, someone has just taken the last place at that time. Here are the other times:
booking-already = You already have a booking for this. Change its time or cancel it:
booking-ask-name = What name should the Center write down? Type your first and last name.
booking-btn-same-name = 👤 { $name }
booking-name-invalid = Please type your name with letters only, e.g. <i>Aigul Asanova</i>.
booking-ask-phone = Share your phone number so the Center can call you if something changes. It is optional — you can skip it.
booking-ask-phone-known = Last time you shared the number { $phone }. Should the Center use it again? You can also share another one or book without a number.
booking-phone-share = 📱 Share my number
booking-phone-share-other = 📱 Share another number
booking-phone-reuse = ✅ Use the same number
booking-phone-skip = Skip
booking-phone-use-button = Please answer with one of the buttons below.
booking-phone-not-yours = This is someone else's contact. Please share your own number with the buttons below, or skip.
booking-phone-saved = 📱 Number saved.
booking-phone-skipped = OK, without a phone number.
booking-phone-stale = That booking step is over. Here is your usual keyboard again.
booking-confirm = <b>Check your booking</b>

    { $service }
    🗓 { $when } (Bishkek time)
    📍 { $place }
    👤 { $name }
    📱 { $phone }
    { $mode ->
        [wait] ⏳ This time is full. You will join its waiting list: if a place frees up, we hold it for you for { $hours } h and send you a message.
       *[other] All correct? Tap ✅ Confirm.
    }
booking-bring = 🎒 Bring: { $items }
booking-confirm-move = <b>Move booking { $code }?</b>
    { $service }
    From: { $old }
    To: { $when } (Bishkek time)
booking-btn-confirm = ✅ Confirm
booking-btn-join = ⏳ Join the waiting list
booking-btn-other-time = 🔁 Another time
booking-btn-quit = ✖ Cancel
booking-quit = OK, nothing was booked.
booking-done = ✅ <b>Booked!</b> Your code: <code>{ $code }</code>
    The Center will confirm it.
booking-done-reminders = { $reminders ->
    [both] We will remind you a day before and 2 hours before.
    [two-hours] We will remind you 2 hours before.
   *[none] It starts soon, so there will be no reminder — please come on time.
}
booking-done-waiting = ⏳ <b>You are on the waiting list.</b> Your code: <code>{ $code }</code>
    If a place frees up, we will send you a message right away.
booking-summary = { $icon } <b>{ $service }</b>
    🗓 { $when }
    📍 { $place }
    🔖 <code>{ $code }</code> · { $status }
booking-moved = ✅ <b>Time changed.</b> The Center will confirm the new time.
booking-not-found = This booking is no longer here.
booking-not-movable = This booking can no longer be changed.

## My bookings

booking-mine-title = <b>🗂 My bookings</b>
booking-mine-empty = You have no upcoming bookings.
booking-btn-book = 📅 Book
booking-btn-reschedule = 🔁 Change the time
booking-btn-cancel = ❌ Cancel the booking
booking-btn-leave-waitlist = ❌ Leave the waiting list
booking-btn-take = ✅ Take the place
booking-btn-pass = ✖ I don't need it
booking-btn-new-time = 📅 Choose a new time
booking-btn-open = 📋 Open
booking-cancel-ask = Cancel this booking? Your place will go to someone else.
booking-btn-cancel-yes = Yes, cancel
booking-btn-cancel-no = No, keep it
booking-cancelled = Booking { $code } is cancelled. Thank you for telling us — your place goes to someone who is waiting.
booking-passed = OK, we are offering the place to the next person.
booking-already-closed = This booking is already closed.
booking-move-note = 🔁 Choose a new time for booking <code>{ $code }</code>.
booking-offer-gone = Sorry, the time to take this place has run out, or it is already taken.
booking-offer-taken = ✅ <b>The place is yours!</b> The Center will confirm it.

## Messages the bot sends by itself

booking-reminder = ⏰ { $day ->
    [tomorrow] Reminder: tomorrow at { $time } (Bishkek time) you are expected at the Center.
   *[other] Reminder: today at { $time } (Bishkek time) you are expected at the Center.
}
    Can't come? Cancel or change the time, so someone else can have the place.
booking-offer = 🎟 <b>A place has freed up for you!</b>
    It is held for you until { $until } (Bishkek time). Take it?
booking-offer-expired = ⌛ The place we held for you has gone to the next person. You can choose another time.
booking-waitlist-lapsed = ⌛ No place freed up for this session. You can choose another time.
booking-approved = ✅ <b>The Center has confirmed your booking.</b>
booking-declined = ❌ <b>The Center could not accept your booking.</b>
    Reason:
booking-moved-by-center = 🔁 <b>The Center moved your booking to a new time.</b> If it does not suit you, change or cancel it.
booking-no-show = We missed you today. If you still need it, choose a new time.
booking-result-passed = 🎓 <b>Congratulations — you passed the catering skills certification!</b>
    Certificate number: <code>{ $number }</code>
    Level:
booking-result-failed = This time the certification was not passed. You can practise and book again.

## Coordinators

booking-staff-new = 🆕 <b>New booking</b> <code>{ $code }</code>
    { $service } — { $when }
    👤 { $name } · 📱 { $phone }
booking-staff-moved = 🔁 <b>Booking moved by the person</b> <code>{ $code }</code>
    { $service } — { $when }
    👤 { $name } · 📱 { $phone }
booking-staff-cancelled = ✖ <b>Booking cancelled by the person</b> <code>{ $code }</code>
    { $service } — { $when }
    👤 { $name } · 📱 { $phone }
booking-day-title = <b>📋 Bookings — { $day }</b> ({ $count }), Bishkek time
booking-day-more = …and { $count } more — see the CSV.
booking-day-empty = No bookings this day.
booking-day-usage = Usage: /bookings today, /bookings tomorrow or /bookings 2026-12-15
booking-staff-line = { $icon } { $time } · { $service } · <code>{ $code }</code> · { $name } · { $phone }
booking-btn-csv = ⬇️ CSV
booking-btn-today = 📋 Today's bookings
booking-card = { $icon } <b>{ $service }</b> — <code>{ $code }</code>
    🗓 { $when }
    👤 { $name } · 📱 { $phone }
    Status: { $status }
    Booked: { $created }
booking-card-reason = Reason:
booking-result-line = 🎓 Result: { $passed ->
    [yes] passed
   *[other] not passed
} · certificate { $number } · level:
booking-act = { $action ->
    [approve] ✅ Approve
    [decline] ❌ Decline
    [attended] ✔️ Came
    [no_show] 🚫 Did not come
    [reschedule] 🔁 Reschedule
   *[result] 🎓 Record the result
}
booking-note-done = ✅ Done.
booking-note-changed = ⚠️ This booking has changed meanwhile — here it is now.
booking-note-too-early = ⏳ This session starts on { $when }. Attendance and results can be recorded only from its start.
booking-decline-ask = Why is booking <code>{ $code }</code> declined? Choose a reason or type your own (the person will see it):
booking-decline-length = Please type a reason of at least 3 characters.
booking-reason-full = The session is full.
booking-reason-closed = The Center is closed at that time.
booking-reason-other-service = Another service suits your situation better — please book it or ask the Center.
booking-staff-pick-day = Choose the new day for booking <code>{ $code }</code>:
booking-staff-pick-time = New time for <code>{ $code }</code> — { $day }:
booking-staff-move-ask = Move <code>{ $code }</code> from { $old } to { $when }? The person will be told.
booking-btn-move-yes = ✅ Move
booking-result-ask = Result of the certification for <code>{ $code }</code> ({ $name }):
booking-btn-passed = 🎓 Passed
booking-btn-failed = Not passed
booking-btn-no-level = — No level
booking-level-ask = Type the level, or tap “No level”.
booking-certificate-ask = Type the certificate number.
booking-certificate-invalid = Please type the certificate number on one line (up to 64 characters).
booking-csv-caption = Bookings { $first } – { $last }: { $count }
booking-csv-usage = Usage: /bookings_csv 2026-12-01 2026-12-31 (at most a year); without dates — this month.
booking-csv-column = { $column ->
    [code] Code
    [service] Service
    [date] Date
    [time] Time
    [status] Status
    [name] Name
    [phone] Phone
    [booked_at] Booked at
    [decided_by] Decided by
    [decline_reason] Reason for declining
    [passed] Passed
    [level] Level
   *[certificate_no] Certificate no.
}
booking-csv-passed = { $passed ->
    [true] Yes
   *[false] No
}
booking-csv-staff-unknown = (name not available)
booking-stats = <b>📊 Catering skills certification, { $year }</b>
    Certified: <b>{ $certified }</b> of { $target } ({ $progress }%)
    Passed { $passed } of { $results } results ({ $rate }%)

    Next 7 days: { $week } bookings, { $pending } waiting for approval.

## Opening hours and closures

booking-hours-title = <b>🕘 Opening hours</b>
    Choose a service, or set holidays and closures for the whole Center.
booking-hours-service = <b>{ $service }</b> ({ $minutes } min per session) — { $custom ->
    [yes] hours set by coordinators
   *[other] default hours
}
booking-hours-closed = closed
booking-hours-whole-center = the whole Center
booking-btn-closures = 🗓 Holidays and closures
booking-btn-closures-all = 🗓 Holidays and closures (whole Center)
booking-btn-hours-reset = ↩️ Back to default hours
booking-btn-day-closed = 🚫 Closed this day
booking-hours-ask = Type the opening hours ({ $day }), e.g. <code>9:00-12:00, 14:00-17:00</code> (each part at least { $minutes } min), or tap “Closed this day”.
booking-hours-problem = { $problem ->
    [order] The end must be after the start.
    [overlap] The periods overlap.
    [too-short] Each period must be at least { $minutes } min — one session.
   *[other] Could not read that.
} Type like this: <code>9:00-12:00, 14:00-17:00</code>
booking-hours-saved = ✅ Saved. Bookings already made are kept.
booking-closures-title = <b>🗓 Holidays and closures — { $scope }</b>
booking-closures-none = None planned.
booking-btn-closure-add = ➕ Add a day
booking-closure-ask = Type the date: <code>31.12.2026</code> — closed all day, or <code>31.12.2026 10:00-13:00</code> — a short day.
booking-closure-problem = { $problem ->
    [range] The date must be today or later, within a year.
    [hours] Could not read the hours; e.g. <code>31.12.2026 10:00-13:00</code>.
   *[other] Could not read the date; e.g. <code>31.12.2026</code>.
}
booking-closure-saved = ✅ Saved for { $day }. { $count ->
    [0] No bookings that day.
   *[other] Bookings that day: { $count } — check them with /bookings { $date }.
}

## Daily digest

booking-digest-title = <b>📅 Bookings</b>: { $count } new
booking-digest-line = • { $service }: { $count }
booking-digest-pending = ⚠️ Waiting for approval: { $count } — /bookings
