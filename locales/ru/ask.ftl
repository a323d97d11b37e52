## Вопрос в Центр: вопрос человека доходит до консультанта, ответ возвращается в чат.
## Аргументы приходят уже экранированными. $number — номер обращения (строка).

## Общие подписи
ask-topic-button = { $topic ->
    [documents] 📄 Документы
    [wages] 💰 Зарплата
    [police] 👮 Полиция, задержание
    [health] 🏥 Здоровье
    [contract] 📝 Договор, вакансия
    [return] 🏡 Возвращение домой
   *[other] ❓ Другое
}
ask-language-name = { $language ->
    [ky] кыргызский
    [ru] русский
   *[en] английский
}
ask-destination-name = { $destination ->
    [russia] Россия
    [turkey] Турция
    [korea] Южная Корея
    [europe] Европа и Британия
    [other] другая страна
   *[none] страна не указана
}
ask-status-name = { $status ->
    [new] новое
    [in_progress] в работе
    [waiting] ждём ответа человека
   *[closed] закрыто
}
ask-kind = { $kind ->
    [photo] 🖼 [фото]
    [document] 📎 [документ]
    [voice] 🎤 [голосовое]
    [audio] 🎵 [аудио]
    [video] 🎬 [видео]
    [video_note] 🎥 [видеосообщение]
    [sticker] [стикер]
    [location] 📍 [геопозиция]
    [contact] 👤 [контакт]
   *[other] [сообщение]
}
ask-age = { $unit ->
    [m] { $amount } мин
    [h] { $amount } ч
   *[d] { $amount } дн
}
ask-weekday-short = { $day ->
    [1] Пн
    [2] Вт
    [3] Ср
    [4] Чт
    [5] Пт
    [6] Сб
   *[7] Вс
}

## Человек: до вопроса
ask-topic-question = <b>💬 Вопрос в Центр</b>
    Консультант Центра прочитает ваш вопрос и ответит здесь, в этом чате.

    О чём ваш вопрос?
ask-urgent-question = { $topic }

    <b>Вам сейчас угрожает опасность, вас задержали или у вас забрали документы?</b>
ask-urgent-yes = 🔴 Да, это срочно
ask-urgent-no = Нет, не срочно
ask-consent-text = <b>Прежде чем написать</b>
    Чтобы ответить вам, консультанты Центра увидят то, что вы сюда отправите: текст, фото, документы, голосовые, а также ваш язык. Больше никто этого не видит, и мы не передаём это работодателям, агентствам или полиции.

    Посмотреть всё можно командой /mydata, удалить — /deletemydata, в любой момент.

    Вы согласны передать свой вопрос консультантам?
ask-consent-yes = ✅ Да, согласен(на)
ask-write-prompt = ✍️ <b>Напишите свой вопрос здесь</b> — одним сообщением или несколькими. Можно отправить фото, документ или голосовое.

    Консультант ответит в этом чате. Можно в любой момент уйти в меню — ответ всё равно придёт сюда.
ask-write-more = ✍️ Напишите сообщение по вопросу №{ $number }: текст, фото, документ или голосовое.
ask-draft-kept = Я сохранил то, что вы написали, — это уйдёт консультанту. { $step ->
    [topic] Сначала выберите тему:
    [urgent] Сначала ответьте: это срочно?
   *[consent] Сначала подтвердите, что согласны передать вопрос консультантам:
}
ask-btn-sos = 🆘 Экстренная помощь

## Человек: обращение
ask-case-opened = { $urgent ->
    [yes] 🔴 <b>Ваш вопрос №{ $number } отмечен как срочный.</b> { $alerted ->
        [yes] Консультанты Центра уже получили сигнал.
       *[no] Он первый в очереди консультантов.
    }
   *[no] ✅ <b>Ваш вопрос №{ $number } передан в Центр.</b>
} { $has_text ->
    [yes] Консультант ответит здесь, в этом чате. Можно дописать сообщения, отправить фото или документы.
   *[no] Напишите, что случилось: где вы сейчас и какая нужна помощь. Можно отправить фото или голосовое.
}
ask-received = ✓ Добавлено к вопросу №{ $number }. Можете дописать ещё или нажать «✋ Я всё написал(а)».
ask-my-case = <b>Ваш вопрос №{ $number }</b> · { $topic }
    { $status ->
        [new] 📨 Отправлен. Консультант скоро ответит здесь.
        [in_progress] 🧑‍💼 Консультант занимается вашим вопросом.
        [waiting] 💬 Консультант ответил и ждёт вашего ответа.
       *[closed] ✅ Закрыт.
    }

    Всё, что вы сейчас напишете, уйдёт консультанту.
ask-btn-history = 📜 Наша переписка
ask-btn-stop-writing = ✋ Я всё написал(а)
ask-btn-write-more = ✍️ Дописать
ask-stopped-writing = Хорошо. Вопрос №{ $number } остаётся открытым, ответ придёт сюда. То, что вы теперь напишете, будет поиском по справочникам; чтобы дополнить вопрос, нажмите «✍️ Дописать».
ask-btn-solved = ✅ Вопрос решён
ask-btn-reply = ✍️ Ответить
ask-btn-ask-again = 💬 Новый вопрос
ask-history-title = <b>Вопрос №{ $number }</b>
ask-history-empty = Сообщений пока нет.
ask-history-line = { $who ->
    [you] 👤 Вы
   *[center] 💬 Центр
} · { $time }
ask-close-confirm = Закрыть вопрос №{ $number }? Консультант увидит, что вопрос решён.
ask-close-yes = ✅ Да, закрыть
ask-close-no = Нет, оставить открытым
ask-closed-by-you = ✅ Вопрос №{ $number } закрыт. Спасибо! Если снова понадобится помощь, задайте новый вопрос.
ask-person-taken = 🧑‍💼 Консультант Центра взял ваш вопрос №{ $number } в работу и ответит здесь.
ask-closed-by-center = ✅ Центр закрыл ваш вопрос №{ $number }. Если снова понадобится помощь, задайте новый вопрос.
ask-auto-closed = ✅ Ваш вопрос №{ $number } закрыт: вы не отвечали { $days } { $days ->
    [one] день
    [few] дня
   *[many] дней
}. Если помощь ещё нужна, задайте вопрос снова — консультант ответит.
ask-auto-close-note = Закрыто автоматически: { $days } { $days ->
    [one] день
    [few] дня
   *[many] дней
} без сообщений, пока ждали ответа человека.
ask-case-was-closed = Этот вопрос уже закрыт. Если помощь ещё нужна, задайте новый вопрос.
ask-unsupported = Такое сообщение я не могу передать. Отправьте, пожалуйста, текст, фото, документ или голосовое.
ask-reply-from-center = 💬 <b>Консультант Центра</b> · вопрос №{ $number }
ask-reply-media-caption = 💬 <b>Консультант Центра</b> · вопрос №{ $number }

## Часы работы
ask-hours-schedule = { $days }, { $start }–{ $end }
ask-hours-closed = 🕘 Консультанты работают { $schedule } (по времени Бишкека), сейчас их нет на месте. Ответ придёт { $when ->
    [today] сегодня после { $time }
    [tomorrow] завтра после { $time }
   *[later] { $weekday ->
        [1] в понедельник
        [2] во вторник
        [3] в среду
        [4] в четверг
        [5] в пятницу
        [6] в субботу
       *[7] в воскресенье
    } после { $time }
}{ $has_local ->
    [yes] {" "}({ $local_time } по вашему времени)
   *[no] {""}
}.
    Если вам угрожает опасность, откройте 🆘 Экстренная помощь прямо сейчас.
ask-hours-closed-urgent = 🕘 Сейчас нерабочее время (консультанты работают { $schedule } по времени Бишкека), поэтому ответ может прийти только { $when ->
    [today] сегодня после { $time }
    [tomorrow] завтра после { $time }
   *[later] { $weekday ->
        [1] в понедельник
        [2] во вторник
        [3] в среду
        [4] в четверг
        [5] в пятницу
        [6] в субботу
       *[7] в воскресенье
    } после { $time }
}{ $has_local ->
    [yes] {" "}({ $local_time } по вашему времени)
   *[no] {""}
}.
    Если вам угрожает опасность, не ждите — откройте 🆘 Экстренная помощь прямо сейчас.

## Консультанты: уведомления
ask-staff-new-case = { $urgent ->
    [yes] 🔴 <b>СРОЧНО</b> · новое обращение <b>№{ $number }</b>
   *[no] 📥 Новое обращение <b>№{ $number }</b>
}
    { $topic } · { $language } · { $destination }
ask-staff-open-case = Открыть №{ $number }
ask-staff-person-wrote = 💬 Новое сообщение от человека в №{ $number }.
ask-staff-person-closed = ✅ Человек отметил №{ $number } как решённый и закрыл его.
ask-staff-assigned-to-you = { $urgent ->
    [yes] 🔴
   *[no] 📥
} Обращение №{ $number } передано вам.
ask-staff-delivery-failed = ⚠️ Ваш ответ в №{ $number } не дошёл до человека ({ $error }). Откройте обращение, чтобы попробовать ещё раз или отметить это.

## Консультанты: /cases
ask-staff-list-title = <b>📥 Обращения: { $view ->
    [mine] мои
    [free] без исполнителя
    [closed] закрытые
   *[open] открытые
}</b> ({ $count })
ask-staff-list-empty = Здесь пока пусто.
ask-staff-list-line = { $urgent ->
    [yes] 🔴
   *[no] ▫️
} <b>№{ $number }</b> · { $topic } · { $status } · { $language } · { $age }{ $assignee ->
    [me] {" "}· 🙋 я
    [other] {" "}· 👤
   *[none] {""}
}
ask-staff-list-button = { $urgent ->
    [yes] 🔴{" "}
   *[no] {""}
}№{ $number } · { $topic } · { $status }
ask-staff-prev = ◀ Новее
ask-staff-next = Старее ▶
ask-staff-view = { $current ->
    [yes] •{" "}
   *[no] {""}
}{ $view ->
    [mine] Мои
    [free] Свободные
    [closed] Закрытые
   *[open] Открытые
}
ask-staff-duty-button = { $on ->
    [yes] 🟢 На дежурстве — выключить
   *[no] ⚪ Не дежурю — включить
}
ask-staff-duty-changed = { $on ->
    [on] Вы на дежурстве: срочные обращения будут приходить вам.
   *[off] Дежурство выключено.
}
ask-staff-card = <b>Обращение №{ $number }</b>{ $urgent ->
    [yes] {" "}🔴 <b>СРОЧНО</b>
   *[no] {""}
}
    { $topic } · { $status }
    Исполнитель: { $assignee ->
        [me] вы
        [other] { $assignee_id }
       *[none] не назначен
    }
    Язык: { $language } · { $destination } · { $situation ->
        [planning] собирается уехать
        [abroad] работает за рубежом
        [returned] вернулся(лась)
       *[none] ситуация не указана
    }
    Открыто: { $opened } (Бишкек) · { $turn ->
        [center] ждёт нас { $age }
       *[person] ждём человека { $age }
    }
    Сообщений: { $count }
ask-staff-card-failed = ⚠️ Не доставлено человеку ответов: { $count }.
ask-staff-card-closed = ✅ Закрыто { $closed }{ $has_note ->
    [yes] :
   *[no] {""}
}
ask-staff-btn-thread = 📜 Переписка
ask-staff-btn-reply = ✍️ Ответить
ask-staff-btn-canned = 📋 Готовые ответы
ask-staff-btn-take = 🙋 Взять себе
ask-staff-btn-assign = 👥 Передать…
ask-staff-btn-status = { $status ->
    [waiting] ⏳ Ждём человека
   *[in_progress] ▶ Снова в работу
}
ask-staff-btn-close = ✅ Закрыть
ask-staff-btn-reopen = ↩ Открыть снова
ask-staff-btn-list = ◀ Все обращения
ask-staff-btn-back-case = ◀ К обращению
ask-staff-btn-done = ✅ Готово
ask-staff-case-gone = Этого обращения больше нет (возможно, человек удалил свои данные).
ask-staff-thread-title = <b>№{ $number }: переписка</b> (последние { $shown } из { $total })
ask-staff-thread-line = { $who ->
    [person] 👤 Человек
    [me] 🧑‍💼 Вы
    [colleague] 🧑‍💼 Консультант { $author_id }
   *[system] 📝 Заметка
} · { $time }{ $delivery ->
    [failed] {" "}⚠️ не доставлено
    [pending] {" "}⏳ отправляется
    [sent] {" "}✓
   *[none] {""}
}
ask-staff-file-gone = (этот файл больше недоступен)
ask-staff-reply-prompt = ✍️ Напишите ответ для №{ $number }. Всё, что вы сейчас отправите — текст, фото, документы, голосовые, — уйдёт человеку. Его язык: { $language }. Когда закончите, нажмите ✅ Готово.
ask-staff-reply-queued = ⏳ Ответ для №{ $number } поставлен в очередь. Я сообщу здесь, когда он будет доставлен или если доставить его не удастся.
ask-staff-reply-delivered = ✓ Ваш ответ для №{ $number } доставлен.
ask-staff-reply-closed = Обращение №{ $number } закрыто. Чтобы ответить, откройте его снова.
ask-staff-canned-title = 📋 Готовые ответы для №{ $number } — уйдут на языке: { $language }.
ask-staff-canned-preview = Это уйдёт в №{ $number } ({ $language }):

    { $text }
ask-staff-canned-send = 📤 Отправить
ask-staff-taken = 🙋 Вы взяли №{ $number }.
ask-staff-already-taken = №{ $number } уже взял коллега.
ask-staff-assign-title = Кому передать №{ $number }?
ask-staff-assign-nobody = Пока ни у кого нет роли консультанта. Администратор может выдать её: /grant &lt;id&gt; staff
ask-staff-colleague = { $on ->
    [yes] 🟢
   *[no] ⚪
} { $me ->
    [yes] я
   *[no] { $user_id }
}
ask-staff-assigned = №{ $number } теперь у { $me ->
    [yes] вас
   *[no] { $user_id }
}.
ask-staff-close-prompt = Закрываем №{ $number }. Напишите короткую заметку для коллег (человек её не увидит) или закройте без заметки.
ask-staff-close-no-note = ✅ Закрыть без заметки
ask-staff-closed = ✅ №{ $number } закрыто, человек получил уведомление.
ask-staff-already-closed = №{ $number } уже было закрыто.
ask-staff-reopened = ↩ №{ $number } снова открыто.
ask-staff-reopen-refused = №{ $number } нельзя открыть снова: у человека уже есть новый открытый вопрос.

## Консультанты: режим форума (STAFF_CHAT_ID)
ask-forum-topic-name = { $urgent ->
    [yes] 🔴{" "}
   *[no] {""}
}№{ $number } { $topic } · { $language } · { $destination }
ask-forum-intro = <b>Обращение №{ $number }</b>{ $urgent ->
    [yes] {" "}🔴 <b>СРОЧНО</b>
   *[no] {""}
}
    { $topic } · { $language } · { $destination }

    Всё, что вы напишете в этой теме, уйдёт человеку. Только для коллег: <code>/note текст</code>. Ещё: <code>/take</code>, <code>/close заметка</code>, <code>/reopen</code>.
ask-forum-person-closed = ✅ Человек отметил №{ $number } как решённый и закрыл его.
ask-forum-closed = ✅ №{ $number } закрыто{ $has_note ->
    [yes] :
   *[no] .
}
ask-forum-staff-said = 🧑‍💼 Отправлено человеку:
ask-forum-erased = 🗑 Человек из №{ $number } удалил свои данные (/deletemydata). Пожалуйста, удалите эту тему.

## /content_gaps
ask-gaps-title = <b>📊 Чего люди не нашли — за 3 месяца</b>
ask-gaps-search-title = <b>Поиск без ответа</b>
ask-gaps-cases-title = <b>Вопросы в Центр</b>
ask-gaps-line = { $count } · { $topic } · { $destination }{ $source ->
    [search] {""}
    [case] {""}
   *[other] {" "}({ $source })
}
ask-gaps-none = — пока ничего
ask-gaps-known-title = <b>Темы, на которые справочники пока не отвечают</b> (фактов не найдено; людям советуют спросить в Центре)
ask-gaps-known-line = • { $item_key }: { $topic }

## Меню команд (для bot/commands.py)
cmd-ask = Задать вопрос Центру
cmd-cases = Вопросы людей (обращения)
cmd-content-gaps = Чего люди не нашли
