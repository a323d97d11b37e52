## Core: onboarding, menu, settings, privacy, roles, errors.
## Arguments arrive HTML-escaped; numbers and ids are never grouped ("1234", not "1,234").

-bot = Jol
-center = the Center

## Reply keyboard (always visible)
kb-menu = 🏠 Menu
kb-sos = 🆘 SOS

btn-home = 🏠 Menu
btn-back = ◀ Back

## Main menu
menu-hint = Use the buttons below. 🏠 Menu and 🆘 SOS are always at the bottom of the chat.
menu-title = <b>Main menu</b>
    What would you like to do?
menu-title-anonymous = <b>Main menu</b>
    You are using { -bot } without saving anything. Guides, the contract check and emergency help work fully. To get reminders or book at { -center }, choose ⚙️ Settings → My situation.
menu-guides = 📚 Guides
menu-check = ✅ Check a job offer
menu-booking = 📅 Book at the Center
menu-reminders = ⏰ My reminders
menu-sos = 🆘 Emergency help
menu-ask = 💬 Ask the Center
menu-settings = ⚙️ Settings
menu-coming-soon = This part of Jol is not ready yet. It is coming soon — meanwhile, the Guides and Emergency help are ready to use.

## Command menu
cmd-start = Start or restart
cmd-menu = Main menu
cmd-guides = Guides by country
cmd-sos = Emergency help
cmd-search = Search the guides
cmd-settings = Settings
cmd-language = Change language
cmd-privacy = What we store and why
cmd-mydata = See my data
cmd-deletemydata = Delete my data
cmd-cancel = Stop what I'm doing
cmd-help = How to use Jol
cmd-content-status = Sections nobody has checked and sections due for review
cmd-content-checked = Record that you checked a section against its official page
cmd-reload-content = Reload guides
cmd-check = Check a job offer
cmd-agency = Is this agency licensed?
cmd-mybookings = My bookings at the Center
cmd-reminders = My reminders
cmd-check-stats = Job-offer check: totals
cmd-import-agencies = Load the licensed agencies list
cmd-bookings = Bookings of a day
cmd-bookings-csv = Bookings as a CSV file
cmd-hours = Opening hours and closures
cmd-stats = Certification and booking figures
cmd-roles = Who has which role
cmd-grant = Give a role
cmd-revoke = Take a role away

## Onboarding
welcome = Salam, { $name }! I am <b>{ -bot }</b>, the assistant of the Center for pre-departure orientation and reintegration in Bishkek. I help you prepare for work abroad, stay safe there and come home well.
language-choose = Тилди тандаңыз · Выберите язык · Choose your language
language-changed = Done — I will speak English with you now.
welcome-back = Welcome back, { $name }!
consent-text = <b>Before we start: your privacy</b>

    To send you reminders and book appointments, { -bot } needs to remember your situation (going, abroad, returned), your country and one date.

    • We never store your passport data or your Telegram name.
    • Only the Center's staff can see it, to help you.
    • You can see everything with /mydata and erase it with /deletemydata at any time.

    Do you agree?
consent-agree = ✅ I agree
consent-decline = 🙈 Continue without saving
consent-more = 📖 What exactly is stored
privacy-full = <b>What { -bot } stores and why</b>

    <b>Before you agree:</b> only your Telegram number (id) and the language you chose, so that the bot can answer you — and, if you use the job-offer check, your answers, so that you can continue it later.

    <b>After you agree:</b>
    • your situation, destination country and one date (departure, arrival or return) — to send reminders at the right time;
    • your time zone — so messages never come at night;
    • what you enter in bookings, checks and questions to the Center — to serve you;
    • whether you want news.

    <b>Never stored:</b> your Telegram name and username, passport data, message texts in the logs.

    <b>Who sees it:</b> only the Center's staff, to help you. It is not given to employers, agencies or the police.

    <b>How long:</b> until you erase it. /mydata shows everything; /deletemydata erases it for good (only anonymous totals stay, with nothing that identifies you).
situation-question = What is your situation now?
situation-planning = ✈️ I plan to go abroad
situation-abroad = 🌍 I am working abroad now
situation-returned = 🏡 I have come back home
destination-question = { $situation ->
    [abroad] Which country are you in?
    [returned] Which country did you work in?
   *[other] Where do you plan to go?
}
destination-russia = 🇷🇺 Russia
destination-turkey = 🇹🇷 Turkey
destination-korea = 🇰🇷 South Korea
destination-europe = 🇪🇺 Europe and UK
destination-other = 🌐 Other / not decided
destination-other-country = 🌐 Another country
date-question = { $situation ->
    [abroad] When did you arrive? Type the date, for example <code>15.03.2026</code>.
    [returned] When did you come back? Type the date, for example <code>15.03.2026</code>.
   *[other] When do you plan to leave? Type the date, for example <code>15.03.2027</code>.
}
    It lets { -bot } remind you of the right things at the right time.
date-skip = { $situation ->
    [planning] I don't know yet — skip
   *[other] I don't remember exactly — skip
}
date-unreadable = I could not read that date. Please type it like <code>15.03.2027</code> (day.month.year) or <code>15 March 2027</code>, or press "skip".
date-problem = { $problem ->
    [must-be-future] This date has already passed. Please type the date you plan to leave.
    [must-be-past] This date is in the future. Please type the date that has already happened.
    [too-far-future] That is more than 3 years away. Please check the year.
   *[other] That date looks too far back. Please check the year.
}
onboarding-done = <b>All set!</b> { $situation ->
    [abroad] You are working in
    [returned] You have come back from
   *[other] You plan to go to
} { $destination ->
    [russia] Russia
    [turkey] Turkey
    [korea] South Korea
    [europe] Europe or the UK
   *[other] another country
}{ $has_date ->
    [yes] {" "}({ $date })
   *[other] {""}
}. You can change this any time in ⚙️ Settings.
onboarding-anonymous-done = Fine — nothing about you is saved. Guides, the contract check and emergency help are all open to you.
deeplink-unknown = That link is out of date. Here is the main menu.
deeplink-needs-profile = That link needs your profile. Please agree to the privacy notice first (⚙️ Settings → My situation).

## /mydata and /deletemydata
mydata-nothing = { -bot } stores nothing about you.
mydata-title = <b>What { -bot } stores about you</b>
mydata-telegram-id = Telegram id: <code>{ $value }</code>
mydata-language = Language: { $value }
mydata-language-name = { $code ->
    [ky] Kyrgyz
    [ru] Russian
    [en] English
   *[other] { $code }
}
mydata-consent = Agreed to the privacy notice: { $value }
mydata-situation = Situation: { $value ->
    [planning] planning to go
    [abroad] working abroad
    [returned] back home
   *[other] { $value }
}
mydata-destination = Country: { $value ->
    [russia] Russia
    [turkey] Turkey
    [korea] South Korea
    [europe] Europe and UK
    [other] other / not decided
   *[unknown] { $value }
}
mydata-departure = Departure date: { $value }
mydata-arrival = Arrival date: { $value }
mydata-return = Return date: { $value }
mydata-timezone = Time zone: { $value }
mydata-news = Wants news: { $value ->
    [True] yes
   *[other] no
}
mydata-first-seen = First message: { $value }
mydata-section = { $section }: { $count } record(s)
mydata-section-roles = Roles at the Center
mydata-section-conversation = Unfinished steps
mydata-section-scheduled-messages = Messages waiting to be sent
mydata-section-contract-check = Job-offer checks
mydata-section-agency-imports = Agency list uploads
mydata-section-bookings = Bookings
mydata-section-broadcasts = News messages
mydata-section-cases = Questions to the Center
mydata-section-reminders = Reminders and answers
mydata-section-content-checks = Guide sections you checked
mydata-section-content-releases = Content versions you published
mydata-footer = The attached file has everything, complete. To erase it: /deletemydata
mydata-json-caption = All your data in one file (JSON).
erase-confirm = <b>Delete all your data?</b>
    Your profile, bookings, reminders and questions to the Center will be erased for good. This cannot be undone.
erase-yes = 🗑 Yes, delete everything
erase-no = No, keep it
erase-done = Your data has been deleted. Only anonymous totals remain, with nothing that identifies you.
erase-restart = If you want to use { -bot } again, send /start.
erase-cancelled = Nothing was deleted.

## Settings
settings-anonymous = <b>Settings</b>
    Language: { $language }
    Nothing else is saved about you.
settings-title = <b>Settings</b>
    Language: { $language }
    Situation: { $situation ->
        [planning] planning to go
        [abroad] working abroad
        [returned] back home
       *[other] not set
    }
    Country: { $destination ->
        [russia] Russia
        [turkey] Turkey
        [korea] South Korea
        [europe] Europe and UK
        [other] other / not decided
       *[none] not set
    }
    Time zone: { $timezone }
    News from the Center: { $news ->
        [on] on
       *[off] off
    }
settings-language = 🌐 Language
settings-profile = 🧭 My situation and dates
settings-timezone = 🕒 Time zone
settings-news = { $news ->
    [on] 🔕 Turn news off
   *[off] 🔔 Turn news on
}
settings-mydata = 📄 See my data
settings-delete = 🗑 Delete my data
settings-timezone-question = Where are you? Reminders will come in your local daytime.
settings-needs-consent = This needs your agreement to the privacy notice: ⚙️ Settings → My situation.
settings-news-changed = { $news ->
    [on] News turned on.
   *[off] News turned off. Your own booking reminders still come.
}
tz-bishkek = Bishkek
tz-moscow = Moscow
tz-yekaterinburg = Yekaterinburg
tz-novosibirsk = Novosibirsk
tz-krasnoyarsk = Krasnoyarsk
tz-irkutsk = Irkutsk
tz-vladivostok = Vladivostok
tz-samara = Samara
tz-istanbul = Istanbul
tz-seoul = Seoul
tz-london = London
tz-berlin = Berlin
tz-warsaw = Warsaw
tz-almaty = Almaty

## Roles
access-denied = Sorry, this is only for the Center's staff.
roles-title = <b>Roles</b>
roles-line = <code>{ $user_id }</code> — { $role }
roles-help = Give a role: /grant &lt;id&gt; · take it away: /revoke &lt;id&gt; &lt;role&gt;
roles-none = Nobody has a role yet (admins from ADMIN_IDS always have every right).
roles-usage = Write the person's Telegram id: <code>/grant 123456789</code> or <code>/grant 123456789 staff</code>. Roles: staff, coordinator, admin.
roles-choose = Roles for <code>{ $user_id }</code>:
roles-grant-button = ➕ { $role }
roles-revoke-button = ➖ { $role }
roles-unknown = There is no role "{ $role }". Roles: staff, coordinator, admin.
roles-grant-done = <code>{ $user_id }</code> is now { $role }.
roles-revoke-done = <code>{ $user_id }</code> is no longer { $role }.

## Errors and fallbacks
error-generic = Sorry, something went wrong on our side, and what you just sent was not saved. Your earlier answers are kept. Please send it again, or open the menu: /menu
cancelled = Stopped. Nothing you saved was lost.
help-text = <b>How to use { -bot }</b>
    • Press the buttons — there is no need to type.
    • 🏠 Menu and 🆘 SOS are always at the bottom.
    • /language changes the language, /settings your details.
    • /privacy tells what is stored; /mydata shows it; /deletemydata erases it.
    • /cancel stops whatever you are doing.
unknown-command = I don't know that command. Here is the menu.
not-understood = I did not understand that. Please choose from the menu.
button-outdated = This button is out of date. Please open the menu again.
