## Staff broadcasts: /broadcast (compose, audience, preview, send), progress, approval,
## /broadcasts (history); and the news switch people see under every broadcast.

## Under every broadcast (what recipients see)
broadcast-news-off = 🔕 Turn off news
broadcast-news-on = 🔔 Turn news back on
broadcast-news-changed = { $news ->
    [off] News is off. Booking reminders still come. You can turn news back on in ⚙️ Settings.
   *[on] News is on again.
}
broadcast-news-unknown = This setting is in ⚙️ Settings once you have agreed to the privacy notice (/start).

## The draft
broadcast-draft-title = 📣 <b>Broadcast #{ $id }</b> · draft
broadcast-audience-line = 👥 Audience: { $segment }
broadcast-languages-line = 🗣 Languages: { $languages }
broadcast-recipients-line = 📬 Recipients: <b>{ $count }</b>
broadcast-text-one-line = 📝 One text for everyone: { $mark }
broadcast-texts-line = 📝 Texts: { $texts }
broadcast-media-line = 📎 Attachment: { $kind ->
    [photo] photo
    [document] file
   *[none] none
}
broadcast-when-line = 🕒 When: { $when }
broadcast-when-now = right after confirmation
broadcast-when-at = { $time } (Bishkek time)
broadcast-problem = { $problem ->
    [missing-text] No text in { $language } yet: write it, or exclude { $language } in 👥 Audience.
    [too-long] The { $language } text is too long for a caption (1024 characters with an attachment).
    [no-recipients] Nobody matches this audience.
   *[no-language] Choose at least one language in 👥 Audience.
}
broadcast-ready = ✅ Ready to send. Check it with 👁 Preview first.
broadcast-needs-approval = More than { $threshold } recipients: another staff member will have to approve it.

broadcast-btn-text-one = ✏️ Text for everyone
broadcast-btn-mode = { $mode ->
    [one] 🌐 A text per language
   *[each] 🌐 One text for everyone
}
broadcast-btn-audience = 👥 Audience
broadcast-btn-media = 📎 Attachment
broadcast-btn-when = 🕒 When
broadcast-btn-preview = 👁 Preview
broadcast-btn-send = 📤 Send…
broadcast-btn-discard = 🗑 Discard draft
broadcast-btn-media-remove = ✖️ Remove the attachment
broadcast-btn-now = ⚡ Send right away instead
broadcast-btn-open = ✏️ Open the draft

broadcast-gone = This broadcast no longer exists.
broadcast-not-draft = This broadcast can no longer be changed (it is { $status ->
    [approval] waiting for approval
    [scheduled] scheduled
    [running] being sent
    [paused] paused
    [done] finished
    [cancelled] cancelled
   *[other] gone
}).
broadcast-discarded = Draft #{ $id } deleted. /broadcast starts a new one.

## Texts and attachment
broadcast-text-prompt = Send the text for <b>{ $language }</b> (up to { $limit } characters).
    Format it in Telegram (bold, italics, links) or type HTML: &lt;b&gt;bold&lt;/b&gt;, &lt;i&gt;italics&lt;/i&gt;, &lt;a href="https://…"&gt;link&lt;/a&gt;.
    A photo or a file with a caption works too.{ $has_current ->
        [yes] {" "}The current text follows, to copy and correct.
       *[no] {""}
    }
broadcast-all-languages = all languages
broadcast-text-expected = Please send text (or a photo or file with a caption).
broadcast-html-error = Telegram would not accept this text: { $kind ->
    [ampersand] write “&amp;amp;” instead of a lone “&amp;”
    [bare-lt] write “&amp;lt;” instead of a lone “&lt;”
    [tag] the tag “{ $detail }” is not allowed (allowed: b, i, u, s, a, code, pre, blockquote, tg-spoiler)
    [unclosed] the tag “{ $detail }” is not closed
    [unexpected-close] “{ $detail }” is closed but was never opened
    [mismatched] the tags “{ $detail }” are closed in the wrong order
    [link] the link “{ $detail }” must start with https:// (or tg://, mailto:)
    [empty] the text is empty
    [too-long] it is too long ({ $detail } characters)
   *[attribute] the tag “{ $detail }” has an attribute Telegram does not accept
}. Please send the corrected text.
broadcast-text-saved = ✅ Text saved.
broadcast-media-prompt = Send the photo or the file (PDF, document) to attach to the broadcast. { $kind ->
    [photo] Now attached: a photo.
    [document] Now attached: a file.
   *[none] {""}
}
broadcast-media-expected = Please send a photo or a file.
broadcast-media-saved = ✅ { $kind ->
    [photo] Photo
   *[document] File
} attached. With an attachment, each text can be at most 1024 characters.

## When
broadcast-when-prompt = When should it go out? Type the Bishkek time: <b>18:30</b> (today or tomorrow) or <b>25.12 18:30</b>.
broadcast-when-unreadable = I could not read that time. Examples: 18:30 or 25.12 18:30.
broadcast-when-problem = { $problem ->
    [past] That time has already passed (or is less than a minute away).
   *[too-far] That is more than a month ahead.
} Please type another time.

## Audience
broadcast-audience-title = 👥 <b>Audience of broadcast #{ $id }</b>
broadcast-audience-rules = Only people who agreed to the privacy notice, have not blocked the bot and have news turned on receive broadcasts. Tap a language to include or exclude it.
broadcast-any = anyone
broadcast-segment-everyone = everyone
broadcast-segment-service = booked: { $service }
broadcast-segment-since = active since { $day }
broadcast-destination = { $value ->
    [russia] 🇷🇺 Russia
    [turkey] 🇹🇷 Turkey
    [korea] 🇰🇷 South Korea
    [europe] 🇪🇺 Europe and the UK
   *[other] 🌐 Other country
}
broadcast-situation = { $value ->
    [planning] ✈️ preparing to leave
    [abroad] 🌍 working abroad
   *[returned] 🏡 back home
}
broadcast-btn-destination = Country: { $value }
broadcast-btn-situation = Situation: { $value }
broadcast-btn-service = Booked: { $value }
broadcast-btn-since = Active since: { $value }
broadcast-btn-everyone = ♻️ Everyone, all languages
broadcast-pick = { $field ->
    [destination] Which country?
    [situation] Which situation?
   *[service] People who booked which service?
}
broadcast-since-prompt = Active since which day? Type it like 01.03.2026. (Activity: any step in the bot or a change to the profile.)
broadcast-since-unreadable = I could not read that date. Example: 01.03.2026.

## Preview
broadcast-preview-header = 👁 Preview of #{ $id } · <b>{ $language }</b> · { $count } recipients{ $missing ->
    [yes] {" "}· ⚠️ no text yet
   *[no] {""}
}
broadcast-preview-failed = ⚠️ Telegram refused this message: { $error }. It would fail for every recipient; please correct it.

## Sending
broadcast-confirm = 📤 <b>Send broadcast #{ $id }?</b>
    Recipients: <b>{ $count }</b>
    When: { $when }{ $approval ->
        [yes] {"\u000A"}It goes to another staff member for approval first.
       *[no] {""}
    }
broadcast-btn-confirm = { $approval ->
    [yes] ✅ Ask for approval
   *[no] ✅ Yes, send
}
broadcast-quiet-warning = 🌙 <b>This would arrive at night</b> for { $count } of { $total } recipients (quiet hours in their local time){ $center ->
    [yes] {" "}and in Bishkek
   *[no] {""}
}. Schedule it for { $morning } (Bishkek time), or send anyway.
broadcast-btn-quiet-schedule = 🕘 Schedule for { $morning }
broadcast-refused = { $reason ->
    [own] Another staff member has to approve it, not the author.
    [blocked] It cannot be sent yet: open the draft to see what is missing.
    [past] The chosen time has passed: choose a new one.
   *[state] This was already done, or no longer applies.
}
broadcast-awaiting-approval = 🕓 Broadcast #{ $id } ({ $count } recipients) is waiting for another staff member's approval. You will get a message when it is decided.
broadcast-approval-request = 📣 <b>Broadcast #{ $id } needs approval</b>
    Author: { $author }
    Recipients: <b>{ $count }</b> · { $segment }
    Languages: { $languages }
    When: { $when }
    Check it with 👁 Preview before approving.
broadcast-btn-approve = ✅ Approve
broadcast-btn-reject = ↩️ Send back
broadcast-approved-by-you = ✅ You approved broadcast #{ $id }. { $status ->
    [scheduled] It goes out at the chosen time.
   *[running] It is being sent now; the author sees the progress.
}
broadcast-rejected-by-you = ↩️ Broadcast #{ $id } went back to its author as a draft.
broadcast-decision = { $decision ->
    [approved] ✅ Broadcast #{ $id } was approved. { $status ->
        [scheduled] It goes out at the chosen time.
       *[running] Sending starts now.
    }
   *[rejected] ↩️ Broadcast #{ $id } was sent back without approval. It is a draft again: /broadcast.
}

## Progress
broadcast-progress-title = { $icon } <b>Broadcast #{ $id }</b>
broadcast-status = Status: { $status ->
    [draft] draft
    [approval] waiting for approval
    [scheduled] scheduled
    [running] sending
    [paused] paused
    [done] finished
   *[cancelled] cancelled
}
broadcast-progress-counts = ✅ Sent: { $sent } · ❌ Failed: { $failed } · 🚫 Blocked the bot: { $blocked } · ⏳ Remaining: { $remaining }
broadcast-progress-eta = About { $hours ->
    [0] { $minutes } min
   *[other] { $hours } h { $minutes } min
} left.
broadcast-progress-skipped = Not sent: { $count } (news turned off, blocked the bot or cancelled before their turn).
broadcast-progress-retried = Sent again after an interruption: { $count } (these people may have received it twice).
broadcast-btn-pause = ⏸ Pause
broadcast-btn-resume = ▶️ Resume
broadcast-btn-cancel = ⏹ Cancel
broadcast-btn-cancel-yes = ⏹ Yes, cancel it
broadcast-btn-withdraw = ✏️ Back to the draft
broadcast-btn-progress = 📊 Progress
broadcast-cancel-confirm = Cancel broadcast #{ $id }? Messages already sent stay; nobody else receives it.

## History
broadcast-history-title = 📚 <b>Broadcasts</b> ({ $count })
broadcast-history-empty = No broadcasts yet. /broadcast writes one.
broadcast-history-line = { $icon } <b>#{ $id }</b> · { $time } · { $status ->
    [draft] draft
    [approval] waiting for approval
    [scheduled] scheduled
    [running] sending
    [paused] paused
    [done] finished
   *[cancelled] cancelled
}
    Author: { $author } · { $count } recipients · { $segment }{ $figures }
broadcast-history-figures = {"\u000A"}✅ { $sent } · ❌ { $failed } · 🚫 { $blocked }
broadcast-card-title = { $icon } <b>Broadcast #{ $id }</b>
broadcast-card-author = Author: { $author }
broadcast-card-news-off = 🔕 Turned news off with its button: { $count }
broadcast-card-approved = Approved by: { $who }
broadcast-card-trail = <b>History:</b>
broadcast-trail-line = { $time } — { $action ->
    [create] created
    [submit] submitted
    [approve] approved
    [reject] sent back
    [withdraw] back to draft
    [start] started
    [pause] paused
    [resume] resumed
    [cancel] cancelled
    [finish] finished
   *[other] { $action }
} · { $who }
broadcast-trail-system = the bot

## Command menu (staff)
cmd-broadcast = Write a broadcast
cmd-broadcasts = Broadcasts: history and progress
