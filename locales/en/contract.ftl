## Contract and job-offer check, licensed-agency check, register import, stats (issue #6).
## The questions themselves are in content/contract_check.yaml.

contract-intro = <b>✅ Check a job offer</b>

    Answer up to { $count } short questions about the offer you got. At the end you will see which answers are warning signs and what to do about each.

    The questions follow the fair-recruitment principles of the International Labour Organization (ILO). Your answers are not sent to anyone: the Center only sees anonymous totals.
contract-resume = You have an unfinished check: { $done } of { $total } questions answered. Continue where you stopped?
contract-btn-start = ▶ Start the check
contract-btn-continue = ▶ Continue
contract-btn-restart = 🔄 Start again
contract-btn-last-result = 📋 My last result
contract-btn-agency = 🔎 Check an agency
contract-destination-question = Which country is the job in?
contract-dest-russia = 🇷🇺 Russia
contract-dest-eaeu = 🇰🇿 Kazakhstan / another EAEU country
contract-dest-turkey = 🇹🇷 Turkey
contract-dest-korea = 🇰🇷 South Korea
contract-dest-europe = 🇪🇺 Europe and UK
contract-dest-other = 🌐 Another country
contract-question = <b>Question { $number }/{ $total }</b>

    { $text }
contract-ans-yes = Yes
contract-ans-no = No
contract-ans-unsure = Not sure
contract-btn-next = Next ▶
contract-btn-stop = ✖ Stop
contract-stopped = Stopped. Your answers are saved — send /check or press Continue to go on where you stopped.
contract-outdated = This button is from an earlier screen. Here is where you are now.

## Result
contract-result-red = 🔴 <b>Serious warning signs</b>
    Do not pay, do not hand over your passport, and do not sign or travel until you have talked to the Center.
contract-result-amber = 🟡 <b>Some things are unclear</b>
    Get these points clear, in writing, before you pay, sign or travel.
contract-result-green = 🟢 <b>No warning signs in your answers</b>
    This does not prove the job is real. Keep a copy of your contract, never pay for a job, and check the agency's permit.
contract-result-red-heading = <b>Warning signs</b>
contract-result-amber-heading = <b>To clear up</b>
contract-result-report = You can send this offer (its text or photos) to the Center for a check: press “💬 Ask the Center / report the offer”.
contract-btn-consult = 📅 Book a consultation
contract-btn-ministry-list = 🏛 The Ministry's list — official website
contract-btn-ask = 💬 Ask the Center / report the offer
contract-btn-sos = 🆘 Emergency help
contract-btn-share = 📤 Send to my family
contract-btn-change = ◀ Change an answer
contract-btn-new = 🔄 Check another offer
contract-btn-back-result = ◀ Back to the result

## Share: one message that makes sense on its own when forwarded
contract-share-title = 📋 <b>Job-offer check</b>
contract-share-meta = Country: { $destination } · { $date }
contract-share-level-red = Result: 🔴 serious warning signs
contract-share-level-amber = Result: 🟡 some things are unclear
contract-share-level-green = Result: 🟢 no warning signs in the answers
contract-share-todo-red = What to do: do not pay, do not hand over the passport, and do not sign or travel before talking to the Center.
contract-share-todo-amber = What to do: get these points in writing before paying, signing or travelling.
contract-share-todo-green = What to do: keep a copy of the contract, never pay for a job, and check the agency's permit.
contract-share-footer = Checked with the { -bot } bot. Check an offer yourself: { $link }
contract-share-footer-nolink = Checked with the { -bot } bot.
contract-share-hint = ⬆️ Forward the message above to your family: press and hold it, then choose “Forward”.

## Agency check
contract-agency-prompt = 🔎 <b>Check an agency</b>
    Type the agency's name or its permit number, as written in the contract or the advert.
contract-agency-register-date = The list of licensed agencies comes from the Ministry of Labour. Last loaded: { $date }.
contract-agency-demo-register = 🧪 <b>DEMO — not real data.</b> The list loaded here is a made-up demo list, not the Ministry's.
contract-agency-demo = 🧪 <b>DEMO — not real data.</b> This agency is made up, so that the check can be tried in the playground.
contract-agency-empty = The list of licensed agencies has not been loaded into { -bot } yet, so I cannot check this name. Check the agency in the list the Ministry of Labour, Social Security and Migration publishes on its website (button below), or ask the Center. Until you are sure, do not pay anything.
contract-agency-card = <b>{ $name }</b>
    Permit number: { $permit }
    Countries: { $countries }
    Valid until: { $until }
contract-agency-none = not given
contract-agency-licensed = ✅ <b>On the list: the permit is valid.</b>
    Compare: the name and the permit number in your contract must be exactly these. The permit covers only the countries listed.
contract-agency-suspended = ⛔ <b>The permit is suspended.</b>
    Do not pay or sign anything with this agency now. Ask the Center.
contract-agency-expired = ⚠️ <b>The permit ended on { $date }.</b>
    Sending people to work abroad needs a valid state permit. Do not pay; ask the Center.
contract-agency-also = Similar names on the list are below. A similar name can be a different company.
contract-agency-candidates = I found no agency called exactly:
contract-agency-candidates-hint = Did you mean one of these? Compare carefully: a similar name can be a different company.
contract-agency-not-found = ❌ <b>This name is not on the list of licensed agencies:</b>
contract-agency-not-found-hint =
    What this means:
    • Do not pay and do not give your passport.
    • Check the spelling, or type the permit number from the contract.
    • Sending Kyrgyz citizens to work abroad needs a state permit. The Ministry of Labour publishes the list of companies that have one: check there, or ask the Center.
contract-agency-again = Type another name to check, or press 🏠 Menu.
contract-agency-not-text = Please type the agency's name or permit number.
contract-agency-too-short = Please type at least 2 letters of the name, or the permit number.
contract-agency-outdated = The list has been updated since. Please type the name again.

## Staff: register import
contract-import-help = <b>Import the list of licensed agencies</b>
    Send the Ministry of Labour's list as a CSV file (📎 → File). The first row names the columns:
    <code>name;permit_number;countries;valid_until;status</code>
    • <b>name</b> — required
    • <b>permit_number</b> — identifies the agency
    • <b>countries</b> — separated by | or ,
    • <b>valid_until</b> — 2027-01-31 or 31.01.2027
    • <b>status</b> — active or suspended (empty means active)
    Separator ; or , — UTF-8 or Windows-1251 (Excel). Russian or Kyrgyz column names work too: название, номер разрешения, страны, действует до, статус.
    The whole list is replaced by the file. You will see a preview before anything changes. /cancel stops.
contract-import-send-file = Please send the CSV file as a document (📎 → File), or /cancel.
contract-import-download-failed = I could not download the file. Please send it again.
contract-import-problem = { $problem ->
    [too-big] The file is too big (2 MB at most). Is it the right file?
    [not-text] This is not a text (CSV) file. In Excel choose “Save as” → “CSV”.
    [no-header] The file is empty.
    [no-name-column] I found no “name” column in the first row. Please add the header row (see above).
    [too-many-rows] The file has more than 5000 rows. Is it the right file?
   *[no-rows] The file has a header but no agencies.
}
contract-import-preview = <b>Preview</b> — nothing has changed yet.
    Valid agencies in the file: { $total }
    ➕ new: { $new }
    ✏️ changed: { $updated }
    ▫️ unchanged: { $unchanged }
    ➖ to be removed: { $removed }
    ⚠️ bad rows (skipped): { $bad }
contract-import-removed-list = <b>Will be removed from the list:</b>
contract-import-bad-list = <b>Bad rows:</b>
contract-import-bad-line = line { $line }: { $reason } { $value }
contract-import-bad-no-name = no name
contract-import-bad-name-too-long = name longer than 200 characters
contract-import-bad-bad-date = date not understood (use 2027-01-31 or 31.01.2027)
contract-import-bad-bad-status = unknown status (use active or suspended)
contract-import-bad-duplicate = same agency as line { $other }
contract-import-more = … and { $count } more
contract-import-apply = ✅ Replace the list
contract-import-cancel = ✖ Cancel
contract-import-nothing-valid = There are no valid rows, so nothing can be imported. Please fix the file and send it again with /import_agencies.
contract-import-done = Done. The list now has { $count } agencies.
contract-import-cancelled = Cancelled. The list has not changed.
contract-import-stale = The list changed after this preview (another import). Nothing was changed: please send the file again with /import_agencies.
contract-import-gone = This preview is no longer valid: it was applied, cancelled or replaced by a newer file.

## Staff: anonymous stats
contract-stats-title = <b>Job-offer checks</b>: { $total }
contract-stats-since = Since { $date }:
contract-stats-none = No finished checks yet.
contract-stats-levels = 🔴 { $red } · 🟡 { $amber } · 🟢 { $green }
contract-stats-dest = <b>{ $destination }</b>: { $total }
contract-stats-top-red = Most common warning signs:
contract-stats-top-amber = Most common unclear points:
contract-stats-line = { $n }. { $topic } — { $count }
contract-stats-note = Anonymous totals: results are stored without user ids.
