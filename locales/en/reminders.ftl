## Reminders: lifecycle campaigns, /reminders, follow-up surveys, coordinators' alerts and digest.
## Campaign texts themselves are in content/campaigns.yaml (ky, ru, en side by side).

reminders-manage = ⏰ Reminder settings
reminders-book = { $service ->
    [consultation] 📅 Book a consultation
    [certification] 📅 Book skills certification
    [reintegration] 📅 Book support after return
    [orientation] 📅 Book pre-departure orientation
   *[other] 📅 Book at the Center
}

## Follow-up surveys (buttons under a reminder)
reminders-survey-thanks = Thank you! Your answers are saved.
reminders-survey-alerted = A coordinator at { -center } will see your answer. If you want to talk, book a time:
reminders-survey-offer = If you like, book a time at { -center }:
reminders-survey-gone = This question is no longer asked. Open ⏰ My reminders to see what is coming.
reminders-need-consent-short = First agree to store your dates: ⚙️ Settings → 🧭 My situation and dates.

## /reminders
reminders-title = <b>⏰ My reminders</b>
reminders-zone = Times are in your time zone: { $zone }.
reminders-item = • { $when } — { $title }
reminders-none = Nothing is planned right now. New reminders will show up here.
reminders-need-date = Reminders follow your date (departure, arrival or return). Add it in 🧭 My situation and dates.
reminders-need-consent = <b>⏰ My reminders</b>
    { -bot } can remind you what to prepare before you leave, check in while you are abroad and ask how you are after you return. For that it needs your consent to store your situation and one date.
reminders-paused-until = ⏸ Paused until { $until }.
reminders-stopped = ⏹ Reminders are off.
reminders-pause = ⏸ Pause for { $days } days
reminders-resume = ▶️ Turn reminders on
reminders-stop = ⏹ Turn off
reminders-changed = { $action ->
    [pause] Reminders paused.
    [stop] Reminders turned off.
   *[other] Reminders are on again.
}

## For coordinators
reminders-destination = { $destination ->
    [russia] Russia
    [turkey] Turkey
    [korea] South Korea
    [europe] Europe / UK
    [other] other country
   *[none] country not given
}
reminders-alert = 🔔 <b>A follow-up answer needs attention</b>
    Person: <code>{ $user }</code> · { $destination }
    { $campaign }: { $question } — <b>{ $answer }</b>
    They were offered a booking at { -center }.
reminders-digest-header = <b>📋 Daily digest — { $day }</b>
reminders-digest-followups = <b>Follow-up answers that need attention: { $count }</b>
reminders-digest-line = • <code>{ $user }</code> · { $destination } — { $campaign }: { $question } — <b>{ $answer }</b>
reminders-digest-more = …and { $count } more.
