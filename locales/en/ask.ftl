## Ask the Center: a person's question reaches a consultant, and the answer comes back.
## Arguments arrive HTML-escaped. $number is a case number (a string, never grouped).

## Labels shared by several messages
ask-topic-button = { $topic ->
    [documents] 📄 Documents
    [wages] 💰 Wages, pay
    [police] 👮 Police, detention
    [health] 🏥 Health
    [contract] 📝 Contract, job offer
    [return] 🏡 Coming home
   *[other] ❓ Something else
}
ask-language-name = { $language ->
    [ky] Kyrgyz
    [ru] Russian
   *[en] English
}
ask-destination-name = { $destination ->
    [russia] Russia
    [turkey] Turkey
    [korea] South Korea
    [europe] Europe and UK
    [other] other country
   *[none] country not given
}
ask-status-name = { $status ->
    [new] new
    [in_progress] in progress
    [waiting] waiting for the person
   *[closed] closed
}
ask-kind = { $kind ->
    [photo] 🖼 [photo]
    [document] 📎 [document]
    [voice] 🎤 [voice message]
    [audio] 🎵 [audio]
    [video] 🎬 [video]
    [video_note] 🎥 [video message]
    [sticker] [sticker]
    [location] 📍 [location]
    [contact] 👤 [contact]
   *[other] [message]
}
ask-age = { $unit ->
    [m] { $amount } min
    [h] { $amount } h
   *[d] { $amount } d
}
ask-weekday-short = { $day ->
    [1] Mon
    [2] Tue
    [3] Wed
    [4] Thu
    [5] Fri
    [6] Sat
   *[7] Sun
}

## The person: before writing
ask-topic-question = <b>💬 Ask the Center</b>
    A consultant from the Center will read your question and answer here, in this chat.

    What is your question about?
ask-urgent-question = { $topic }

    <b>Are you in danger right now, detained, or were your documents taken?</b>
ask-urgent-yes = 🔴 Yes, it is urgent
ask-urgent-no = No, not urgent
ask-consent-text = <b>Before you write</b>
    To answer you, the Center's consultants will see what you send here: text, photos, documents, voice messages, and your language. Nobody else sees it, and it is not given to employers, agencies or the police.

    You can see it with /mydata and erase it with /deletemydata at any time.

    Do you agree to share your question with the consultants?
ask-consent-yes = ✅ Yes, I agree
ask-write-prompt = ✍️ <b>Write your question here</b> — in one message or several. You can also send photos, documents or a voice message.

    A consultant will answer in this chat. You can go to the menu at any time: the answer will still come here.
ask-write-more = ✍️ Write your message for question #{ $number }: text, a photo, a document or a voice message.
ask-draft-kept = I kept what you wrote — it will go to the consultant. { $step ->
    [topic] First, choose the topic:
    [urgent] First, answer this: is it urgent?
   *[consent] First, please confirm that you agree to share it with the consultants:
}
ask-btn-sos = 🆘 Emergency help

## The person: the case
ask-case-opened = { $urgent ->
    [yes] 🔴 <b>Your question #{ $number } is marked urgent.</b> { $alerted ->
        [yes] The Center's consultants have been alerted now.
       *[no] It is first in the consultants' queue.
    }
   *[no] ✅ <b>Your question #{ $number } has reached the Center.</b>
} { $has_text ->
    [yes] A consultant will answer here, in this chat. You can add more messages, photos or documents.
   *[no] Write what happened: where you are and what you need. You can send photos or a voice message.
}
ask-received = ✓ Added to question #{ $number }. Write more if you like, or tap “✋ Done writing”.
ask-my-case = <b>Your question #{ $number }</b> · { $topic }
    { $status ->
        [new] 📨 Sent. A consultant will answer here soon.
        [in_progress] 🧑‍💼 A consultant is working on it.
        [waiting] 💬 The consultant has answered and is waiting for your reply.
       *[closed] ✅ Closed.
    }

    Anything you write here now goes to the consultant.
ask-btn-history = 📜 Our conversation
ask-btn-stop-writing = ✋ Done writing
ask-btn-write-more = ✍️ Add more
ask-stopped-writing = OK. Question #{ $number } stays open, and the answer will come here. What you type now is a search in the guides; to add to your question, tap “✍️ Add more”.
ask-btn-solved = ✅ My question is solved
ask-btn-reply = ✍️ Reply
ask-btn-ask-again = 💬 New question
ask-history-title = <b>Question #{ $number }</b>
ask-history-empty = No messages yet.
ask-history-line = { $who ->
    [you] 👤 You
   *[center] 💬 The Center
} · { $time }
ask-close-confirm = Close question #{ $number }? The consultant will see that it is solved.
ask-close-yes = ✅ Yes, close it
ask-close-no = No, keep it open
ask-closed-by-you = ✅ Question #{ $number } is closed. Thank you! If you need help again, ask a new question.
ask-person-taken = 🧑‍💼 A consultant of the Center has taken your question #{ $number } and will answer here.
ask-closed-by-center = ✅ The Center has closed your question #{ $number }. If you need help again, ask a new question.
ask-auto-closed = ✅ Your question #{ $number } is closed: we have not heard from you for { $days } days. If you still need help, ask again and a consultant will pick it up.
ask-auto-close-note = Closed automatically after { $days } days without messages while waiting for the person.
ask-case-was-closed = This question is already closed. If you still need help, ask a new question.
ask-unsupported = I can't pass this kind of message on. Please send text, a photo, a document or a voice message.
ask-reply-from-center = 💬 <b>Consultant of the Center</b> · question #{ $number }
ask-reply-media-caption = 💬 <b>Consultant of the Center</b> · question #{ $number }

## Working hours
ask-hours-schedule = { $days }, { $start }–{ $end }
ask-hours-closed = 🕘 Consultants work { $schedule } (Bishkek time), and they are off now. You will get an answer { $when ->
    [today] today after { $time }
    [tomorrow] tomorrow after { $time }
   *[later] { $weekday ->
        [1] on Monday
        [2] on Tuesday
        [3] on Wednesday
        [4] on Thursday
        [5] on Friday
        [6] on Saturday
       *[7] on Sunday
    } after { $time }
}{ $has_local ->
    [yes] {" "}({ $local_time } your time)
   *[no] {""}
}.
    If you are in danger, open 🆘 Emergency help now.
ask-hours-closed-urgent = 🕘 It is outside working hours now (consultants work { $schedule }, Bishkek time), so an answer may only come { $when ->
    [today] today after { $time }
    [tomorrow] tomorrow after { $time }
   *[later] { $weekday ->
        [1] on Monday
        [2] on Tuesday
        [3] on Wednesday
        [4] on Thursday
        [5] on Friday
        [6] on Saturday
       *[7] on Sunday
    } after { $time }
}{ $has_local ->
    [yes] {" "}({ $local_time } your time)
   *[no] {""}
}.
    If you are in danger, do not wait: open 🆘 Emergency help now.

## Consultants: notices
ask-staff-new-case = { $urgent ->
    [yes] 🔴 <b>URGENT</b> · new case <b>#{ $number }</b>
   *[no] 📥 New case <b>#{ $number }</b>
}
    { $topic } · { $language } · { $destination }
ask-staff-open-case = Open #{ $number }
ask-staff-person-wrote = 💬 New message from the person in #{ $number }.
ask-staff-person-closed = ✅ The person marked #{ $number } as solved and closed it.
ask-staff-assigned-to-you = { $urgent ->
    [yes] 🔴
   *[no] 📥
} Case #{ $number } has been given to you.
ask-staff-delivery-failed = ⚠️ Your answer in #{ $number } was not delivered to the person ({ $error }). Open the case to try again or to note it.

## Consultants: /cases
ask-staff-list-title = <b>📥 Cases: { $view ->
    [mine] mine
    [free] not assigned
    [closed] closed
   *[open] open
}</b> ({ $count })
ask-staff-list-empty = No cases here.
ask-staff-list-line = { $urgent ->
    [yes] 🔴
   *[no] ▫️
} <b>#{ $number }</b> · { $topic } · { $status } · { $language } · { $age }{ $assignee ->
    [me] {" "}· 🙋 me
    [other] {" "}· 👤
   *[none] {""}
}
ask-staff-list-button = { $urgent ->
    [yes] 🔴{" "}
   *[no] {""}
}#{ $number } · { $topic } · { $status }
ask-staff-prev = ◀ Newer
ask-staff-next = Older ▶
ask-staff-view = { $current ->
    [yes] •{" "}
   *[no] {""}
}{ $view ->
    [mine] Mine
    [free] Free
    [closed] Closed
   *[open] Open
}
ask-staff-duty-button = { $on ->
    [yes] 🟢 On duty — switch off
   *[no] ⚪ Off duty — switch on
}
ask-staff-duty-changed = { $on ->
    [on] You are on duty: urgent cases will alert you.
   *[off] You are off duty.
}
ask-staff-card = <b>Case #{ $number }</b>{ $urgent ->
    [yes] {" "}🔴 <b>URGENT</b>
   *[no] {""}
}
    { $topic } · { $status }
    Assigned: { $assignee ->
        [me] you
        [other] { $assignee_id }
       *[none] nobody
    }
    Language: { $language } · { $destination } · { $situation ->
        [planning] planning to go
        [abroad] working abroad
        [returned] back home
       *[none] situation not given
    }
    Opened: { $opened } (Bishkek) · { $turn ->
        [center] our turn for { $age }
       *[person] their turn for { $age }
    }
    Messages: { $count }
ask-staff-card-failed = ⚠️ { $count } answer(s) were not delivered to the person.
ask-staff-card-closed = ✅ Closed { $closed }{ $has_note ->
    [yes] :
   *[no] {""}
}
ask-staff-btn-thread = 📜 Conversation
ask-staff-btn-reply = ✍️ Reply
ask-staff-btn-canned = 📋 Ready answers
ask-staff-btn-take = 🙋 Take it
ask-staff-btn-assign = 👥 Give to…
ask-staff-btn-status = { $status ->
    [waiting] ⏳ Waiting for the person
   *[in_progress] ▶ Back to in progress
}
ask-staff-btn-close = ✅ Close
ask-staff-btn-reopen = ↩ Reopen
ask-staff-btn-list = ◀ All cases
ask-staff-btn-back-case = ◀ Back to the case
ask-staff-btn-done = ✅ Done
ask-staff-case-gone = This case no longer exists (the person may have deleted their data).
ask-staff-thread-title = <b>#{ $number }: conversation</b> (last { $shown } of { $total })
ask-staff-thread-line = { $who ->
    [person] 👤 Person
    [me] 🧑‍💼 You
    [colleague] 🧑‍💼 Consultant { $author_id }
   *[system] 📝 Note
} · { $time }{ $delivery ->
    [failed] {" "}⚠️ not delivered
    [pending] {" "}⏳ sending
    [sent] {" "}✓
   *[none] {""}
}
ask-staff-file-gone = (this file is no longer available)
ask-staff-reply-prompt = ✍️ Write your answer to #{ $number }. Everything you send now — text, photos, documents, voice — goes to the person, who reads { $language }. Press ✅ Done when you finish.
ask-staff-reply-queued = ⏳ The answer to #{ $number } is queued. I will tell you here once it has been delivered, or if it could not be.
ask-staff-reply-delivered = ✓ Your answer to #{ $number } has been delivered.
ask-staff-reply-closed = Case #{ $number } is closed. Reopen it to answer.
ask-staff-canned-title = 📋 Ready answers for #{ $number } — sent in { $language }:
ask-staff-canned-preview = This goes to #{ $number } in { $language }:

    { $text }
ask-staff-canned-send = 📤 Send
ask-staff-taken = 🙋 You took #{ $number }.
ask-staff-already-taken = #{ $number } has already been taken by a colleague.
ask-staff-assign-title = Give #{ $number } to:
ask-staff-assign-nobody = Nobody has a consultant role yet. An admin can give one: /grant &lt;id&gt; staff
ask-staff-colleague = { $on ->
    [yes] 🟢
   *[no] ⚪
} { $me ->
    [yes] me
   *[no] { $user_id }
}
ask-staff-assigned = #{ $number } is now with { $me ->
    [yes] you
   *[no] { $user_id }
}.
ask-staff-close-prompt = Closing #{ $number }. Write a short note for colleagues (the person won't see it), or close without a note.
ask-staff-close-no-note = ✅ Close without a note
ask-staff-closed = ✅ #{ $number } is closed, and the person has been told.
ask-staff-already-closed = #{ $number } was already closed.
ask-staff-reopened = ↩ #{ $number } is open again.
ask-staff-reopen-refused = #{ $number } can't be reopened: the person already has a new open question.

## Consultants: forum mode (STAFF_CHAT_ID)
ask-forum-topic-name = { $urgent ->
    [yes] 🔴{" "}
   *[no] {""}
}#{ $number } { $topic } · { $language } · { $destination }
ask-forum-intro = <b>Case #{ $number }</b>{ $urgent ->
    [yes] {" "}🔴 <b>URGENT</b>
   *[no] {""}
}
    { $topic } · { $language } · { $destination }

    Whatever you write in this topic goes to the person. Only for colleagues: <code>/note text</code>. Also <code>/take</code>, <code>/close note</code>, <code>/reopen</code>.
ask-forum-person-closed = ✅ The person marked #{ $number } as solved and closed it.
ask-forum-closed = ✅ #{ $number } closed{ $has_note ->
    [yes] :
   *[no] .
}
ask-forum-staff-said = 🧑‍💼 Sent to the person:
ask-forum-erased = 🗑 The person behind #{ $number } deleted their data (/deletemydata). Please delete this topic.

## /content_gaps
ask-gaps-title = <b>📊 What people could not find — last 3 months</b>
ask-gaps-search-title = <b>Searches with no answer</b>
ask-gaps-cases-title = <b>Questions asked to the Center</b>
ask-gaps-line = { $count } · { $topic } · { $destination }{ $source ->
    [search] {""}
    [case] {""}
   *[other] {" "}({ $source })
}
ask-gaps-none = — nothing yet
ask-gaps-known-title = <b>Topics the guides cannot answer yet</b> (no facts found; people are told to ask the Center)
ask-gaps-known-line = • { $item_key }: { $topic }

## Command menu (for bot/commands.py: "ask" in USER_COMMANDS, "cases" and "content_gaps" in
## STAFF_COMMANDS)
cmd-ask = Ask the Center a question
cmd-cases = Questions from people (cases)
cmd-content-gaps = What people could not find
