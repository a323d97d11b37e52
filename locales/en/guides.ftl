## Guides by destination, the emergency card, search, staff commands.

guides-title = <b>📚 Guides</b>
    Choose a country: documents, work, your rights and where to get help.
guides-btn-search = 🔍 Search
guides-btn-search-again = 🔍 Search again
guides-btn-download = 📥 Download the whole guide
guides-btn-sos = 🆘 In an emergency
guides-btn-sos-other = 🌍 Another country
guides-btn-ask = 💬 Ask the Center
guides-btn-book = 📅 Book a consultation
guides-btn-prev = ◀ { $page }/{ $total }
guides-btn-next = { $page }/{ $total } ▶
guides-btn-prev-section = ◀ Previous
guides-btn-next-section = Next section ▶
guides-btn-link = 📖 { $title }
guides-dest-as-of = ℹ️ Information as of { $month } { $year }. Rules change: check with the Center before you travel.
guides-choose-section = Choose a section.
guides-as-of = ℹ️ Information as of { $month } { $year }
guides-checked = ✅ Checked by the Center on { $date }
guides-month = { $month ->
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
guides-sources = 📎 Sources: { $sources }
guides-page = <i>Page { $page } of { $total }</i>
guides-updated = The guide has been updated: here is the latest version.
guides-download-caption = { $title }: the whole guide in one file. Open it in your browser; it works without internet.
guides-download-sent = The file is below.

guides-search-prompt = <b>🔍 Search the guides</b>
    Type a word or two. For example: <i>patent</i>, <i>registration</i>, <i>entry ban</i>, <i>passport taken</i>.
guides-search-results = Here is what I found:
guides-search-none = Nothing in the guides matches this.

    Ask the Center or book a consultation, and a specialist will answer.
guides-search-not-text = Please type your question in words, for example <i>registration</i>.

guides-sos-center = 🏢 { $place }. Consultants answer in this chat { $schedule } (Bishkek time).
guides-sos-choose = <b>🆘 Emergency help</b>
    For which country?

guides-status-title = <b>Guides</b>: version <code>{ $version }</code>, loaded { $loaded }
guides-status-sections = Sections per destination: { $counts }
guides-status-overdue = <b>Past their review date: { $count }</b>
guides-status-soon = Due for review within 30 days: { $count }
guides-status-item = • { $dest }/{ $section } — by { $date }
guides-status-last-failed = ⚠️ The last reload failed with { $count } problem(s). The previous version is still served.
guides-status-unchecked = <b>Not yet checked by anyone at the Center: { $count }</b>
guides-status-unchecked-item = • { $item_key } — information as of { $month } { $year }
guides-status-to-check = <b>⚠ Facts that change often and need a check on the official page: { $count }</b>
guides-status-to-check-item = • { $item_key }: { $item }
guides-status-checked-item = • { $item_key } — { $name }, { $date }
guides-status-checked = Checked at the Center: { $count }
guides-status-campaigns = <b>Reminders: { $count }</b>
guides-status-campaign-item = • { $item_key } — information as of { $month } { $year }
guides-status-campaign-checked = • { $item_key } — information as of { $month } { $year }, checked { $date }
guides-checked-ok = ✅ Recorded: <code>{ $item_key }</code> checked by { $name } on { $date }. People now see “Checked by the Center on { $date }”.
guides-checked-usage = Send the section after the command, for example <code>/content_checked russia/entry_ban</code> or, for an emergency card, <code>/content_checked sos/russia</code>. /content_status lists the sections nobody has checked.
guides-checked-unknown = There is no section <code>{ $item_key }</code>. Write it as destination/section, for example <code>russia/entry_ban</code>; /content_status lists them.
guides-reload-ok = ✅ All content reloaded and published as release #{ $release }: version <code>{ $version }</code>, { $sections } guide sections, { $overdue } past review. Every copy of the bot serves it within seconds.
guides-reload-failed = ⚠️ The new files were not accepted: { $count } problem(s). People still see version <code>{ $version }</code>. Fix them and send /reload_content again.
guides-reload-more = …and { $count } more.

guides-export-contents = Contents
guides-export-sources = Sources
guides-export-emergency = In an emergency
guides-export-note = Rules change often. Before you travel, check this information with the Center or on the official website.
guides-export-generated = File created
