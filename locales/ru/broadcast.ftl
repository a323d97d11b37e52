## Рассылки сотрудников: /broadcast (текст, аудитория, предпросмотр, отправка), ход отправки,
## одобрение, /broadcasts (история); и переключатель новостей под каждой рассылкой.

## Под каждой рассылкой (это видят получатели)
broadcast-news-off = 🔕 Отключить новости
broadcast-news-on = 🔔 Снова получать новости
broadcast-news-changed = { $news ->
    [off] Новости отключены. Напоминания о ваших записях по-прежнему будут приходить. Включить новости снова можно в ⚙️ Настройках.
   *[on] Новости снова включены.
}
broadcast-news-unknown = Эта настройка появится в ⚙️ Настройках, когда вы дадите согласие на хранение данных (/start).

## Черновик
broadcast-draft-title = 📣 <b>Рассылка №{ $id }</b> · черновик
broadcast-audience-line = 👥 Кому: { $segment }
broadcast-languages-line = 🗣 Языки: { $languages }
broadcast-recipients-line = 📬 Получателей: <b>{ $count }</b>
broadcast-text-one-line = 📝 Один текст для всех: { $mark }
broadcast-texts-line = 📝 Тексты: { $texts }
broadcast-media-line = 📎 Вложение: { $kind ->
    [photo] фото
    [document] файл
   *[none] нет
}
broadcast-when-line = 🕒 Когда: { $when }
broadcast-when-now = сразу после подтверждения
broadcast-when-at = { $time } (по Бишкеку)
broadcast-problem = { $problem ->
    [missing-text] Нет текста для языка «{ $language }»: напишите его или исключите этот язык в разделе 👥 Кому.
    [too-long] Текст для языка «{ $language }» слишком длинный для подписи (с вложением — не больше 1024 символов).
    [no-recipients] Под эти условия никто не подходит.
   *[no-language] Выберите хотя бы один язык в разделе 👥 Кому.
}
broadcast-ready = ✅ Можно отправлять. Сначала проверьте через 👁 Предпросмотр.
broadcast-needs-approval = Получателей больше { $threshold }: рассылку должен одобрить другой сотрудник.

broadcast-btn-text-one = ✏️ Текст для всех
broadcast-btn-mode = { $mode ->
    [one] 🌐 Отдельный текст для каждого языка
   *[each] 🌐 Один текст для всех
}
broadcast-btn-audience = 👥 Кому
broadcast-btn-media = 📎 Вложение
broadcast-btn-when = 🕒 Когда
broadcast-btn-preview = 👁 Предпросмотр
broadcast-btn-send = 📤 Отправить…
broadcast-btn-discard = 🗑 Удалить черновик
broadcast-btn-media-remove = ✖️ Убрать вложение
broadcast-btn-now = ⚡ Нет, отправить сразу
broadcast-btn-open = ✏️ Открыть черновик

broadcast-gone = Этой рассылки больше нет.
broadcast-not-draft = Эту рассылку уже нельзя изменить ({ $status ->
    [approval] ждёт одобрения
    [scheduled] запланирована
    [running] отправляется
    [paused] на паузе
    [done] завершена
    [cancelled] отменена
   *[other] удалена
}).
broadcast-discarded = Черновик №{ $id } удалён. /broadcast — начать новый.

## Тексты и вложение
broadcast-text-prompt = Язык: <b>{ $language }</b>. Пришлите текст (до { $limit } символов).
    Оформите его прямо в Telegram (жирный, курсив, ссылки) или напишите HTML: &lt;b&gt;жирный&lt;/b&gt;, &lt;i&gt;курсив&lt;/i&gt;, &lt;a href="https://…"&gt;ссылка&lt;/a&gt;.
    Можно прислать и фото или файл с подписью.{ $has_current ->
        [yes] {" "}Ниже — текущий текст: скопируйте и исправьте.
       *[no] {""}
    }
broadcast-all-languages = все языки
broadcast-text-expected = Пришлите, пожалуйста, текст (или фото или файл с подписью).
broadcast-html-error = Telegram не примет такой текст: { $kind ->
    [ampersand] вместо одиночного «&amp;» напишите «&amp;amp;»
    [bare-lt] вместо одиночного «&lt;» напишите «&amp;lt;»
    [tag] тег «{ $detail }» не поддерживается (можно: b, i, u, s, a, code, pre, blockquote, tg-spoiler)
    [unclosed] тег «{ $detail }» не закрыт
    [unexpected-close] тег «{ $detail }» закрыт, но не был открыт
    [mismatched] теги «{ $detail }» закрыты не в том порядке
    [link] ссылка «{ $detail }» должна начинаться с https:// (или tg://, mailto:)
    [empty] текст пустой
    [too-long] он слишком длинный ({ $detail } символов)
   *[attribute] у тега «{ $detail }» атрибут, который Telegram не принимает
}. Пришлите исправленный текст.
broadcast-text-saved = ✅ Текст сохранён.
broadcast-media-prompt = Пришлите фото или файл (PDF, документ), который нужно приложить к рассылке. { $kind ->
    [photo] Сейчас приложено фото.
    [document] Сейчас приложен файл.
   *[none] {""}
}
broadcast-media-expected = Пришлите, пожалуйста, фото или файл.
broadcast-media-saved = ✅ { $kind ->
    [photo] Фото приложено.
   *[document] Файл приложен.
} С вложением каждый текст может быть не длиннее 1024 символов.

## Когда
broadcast-when-prompt = Когда отправить? Напишите время по Бишкеку: <b>18:30</b> (сегодня или завтра) или <b>25.12 18:30</b>.
broadcast-when-unreadable = Не удалось разобрать время. Например: 18:30 или 25.12 18:30.
broadcast-when-problem = { $problem ->
    [past] Это время уже прошло (или до него меньше минуты).
   *[too-far] Это больше чем через месяц.
} Напишите другое время.

## Кому
broadcast-audience-title = 👥 <b>Кому отправить рассылку №{ $id }</b>
broadcast-audience-rules = Рассылки получают только те, кто дал согласие на хранение данных, не заблокировал бота и не отключил новости. Нажмите на язык, чтобы включить или исключить его.
broadcast-any = все
broadcast-segment-everyone = всем
broadcast-segment-service = записывались: { $service }
broadcast-segment-since = активны с { $day }
broadcast-destination = { $value ->
    [russia] 🇷🇺 Россия
    [turkey] 🇹🇷 Турция
    [korea] 🇰🇷 Южная Корея
    [europe] 🇪🇺 Европа и Британия
   *[other] 🌐 Другая страна
}
broadcast-situation = { $value ->
    [planning] ✈️ собираются уехать
    [abroad] 🌍 работают за рубежом
   *[returned] 🏡 вернулись домой
}
broadcast-btn-destination = Страна: { $value }
broadcast-btn-situation = Ситуация: { $value }
broadcast-btn-service = Записывались: { $value }
broadcast-btn-since = Активны с: { $value }
broadcast-btn-everyone = ♻️ Всем, на всех языках
broadcast-pick = { $field ->
    [destination] Какая страна?
    [situation] Какая ситуация?
   *[service] Тем, кто записывался на какую услугу?
}
broadcast-since-prompt = С какого дня активны? Напишите дату, например 01.03.2026. (Активность — любой шаг в боте или изменение профиля.)
broadcast-since-unreadable = Не удалось разобрать дату. Например: 01.03.2026.

## Предпросмотр
broadcast-preview-header = 👁 Предпросмотр №{ $id } · <b>{ $language }</b> · получателей: { $count }{ $missing ->
    [yes] {" "}· ⚠️ текста пока нет
   *[no] {""}
}
broadcast-preview-failed = ⚠️ Telegram не принял это сообщение: { $error }. Оно не дойдёт ни до одного получателя — исправьте, пожалуйста.

## Отправка
broadcast-confirm = 📤 <b>Отправить рассылку №{ $id }?</b>
    Получателей: <b>{ $count }</b>
    Когда: { $when }{ $approval ->
        [yes] {"\u000A"}Сначала её должен одобрить другой сотрудник.
       *[no] {""}
    }
broadcast-btn-confirm = { $approval ->
    [yes] ✅ Отправить на одобрение
   *[no] ✅ Да, отправить
}
broadcast-quiet-warning = 🌙 <b>Рассылка придёт ночью</b> для { $count } из { $total } получателей (тихие часы по их местному времени){ $center ->
    [yes] {" "}и в Бишкеке
   *[no] {""}
}. Запланируйте её на { $morning } (по времени Бишкека) или всё равно отправьте сейчас.
broadcast-btn-quiet-schedule = 🕘 Запланировать на { $morning }
broadcast-refused = { $reason ->
    [own] Одобрить рассылку должен другой сотрудник, не автор.
    [blocked] Пока отправить нельзя: откройте черновик и посмотрите, чего не хватает.
    [past] Выбранное время уже прошло — выберите новое.
   *[state] Это уже сделано или больше не актуально.
}
broadcast-awaiting-approval = 🕓 Рассылка №{ $id } (получателей: { $count }) ждёт одобрения другого сотрудника. Когда решение будет принято, придёт сообщение.
broadcast-approval-request = 📣 <b>Рассылка №{ $id } ждёт одобрения</b>
    Автор: { $author }
    Получателей: <b>{ $count }</b> · { $segment }
    Языки: { $languages }
    Когда: { $when }
    Перед одобрением проверьте через 👁 Предпросмотр.
broadcast-btn-approve = ✅ Одобрить
broadcast-btn-reject = ↩️ Вернуть автору
broadcast-approved-by-you = ✅ Вы одобрили рассылку №{ $id }. { $status ->
    [scheduled] Она уйдёт в назначенное время.
   *[running] Отправка уже идёт, автор видит ход отправки.
}
broadcast-rejected-by-you = ↩️ Рассылка №{ $id } возвращена автору в черновики.
broadcast-decision = { $decision ->
    [approved] ✅ Рассылку №{ $id } одобрили. { $status ->
        [scheduled] Она уйдёт в назначенное время.
       *[running] Отправка начинается.
    }
   *[rejected] ↩️ Рассылку №{ $id } вернули без одобрения. Она снова в черновиках: /broadcast.
}

## Ход отправки
broadcast-progress-title = { $icon } <b>Рассылка №{ $id }</b>
broadcast-status = Статус: { $status ->
    [draft] черновик
    [approval] ждёт одобрения
    [scheduled] запланирована
    [running] отправляется
    [paused] на паузе
    [done] завершена
   *[cancelled] отменена
}
broadcast-progress-counts = ✅ Доставлено: { $sent } · ❌ Ошибки: { $failed } · 🚫 Заблокировали бота: { $blocked } · ⏳ Осталось: { $remaining }
broadcast-progress-eta = Осталось примерно { $hours ->
    [0] { $minutes } мин
   *[other] { $hours } ч { $minutes } мин
}.
broadcast-progress-skipped = Не отправлено: { $count } (отключили новости, заблокировали бота или рассылку отменили раньше).
broadcast-progress-retried = Отправлено повторно после сбоя: { $count } (эти люди могли получить сообщение дважды).
broadcast-btn-pause = ⏸ Пауза
broadcast-btn-resume = ▶️ Продолжить
broadcast-btn-cancel = ⏹ Отменить
broadcast-btn-cancel-yes = ⏹ Да, отменить
broadcast-btn-withdraw = ✏️ Вернуть в черновик
broadcast-btn-progress = 📊 Ход отправки
broadcast-cancel-confirm = Отменить рассылку №{ $id }? Уже отправленные сообщения останутся, остальные её не получат.

## История
broadcast-history-title = 📚 <b>Рассылки</b> ({ $count })
broadcast-history-empty = Рассылок пока нет. Написать первую: /broadcast.
broadcast-history-line = { $icon } <b>№{ $id }</b> · { $time } · { $status ->
    [draft] черновик
    [approval] ждёт одобрения
    [scheduled] запланирована
    [running] отправляется
    [paused] на паузе
    [done] завершена
   *[cancelled] отменена
}
    Автор: { $author } · получателей: { $count } · { $segment }{ $figures }
broadcast-history-figures = {"\u000A"}✅ { $sent } · ❌ { $failed } · 🚫 { $blocked }
broadcast-card-title = { $icon } <b>Рассылка №{ $id }</b>
broadcast-card-author = Автор: { $author }
broadcast-card-news-off = 🔕 Отключили новости кнопкой под рассылкой: { $count }
broadcast-card-approved = Одобрил(а): { $who }
broadcast-card-trail = <b>Что происходило:</b>
broadcast-trail-line = { $time } — { $action ->
    [create] создана
    [submit] отправлена
    [approve] одобрена
    [reject] возвращена автору
    [withdraw] возвращена в черновик
    [start] началась отправка
    [pause] поставлена на паузу
    [resume] продолжена
    [cancel] отменена
    [finish] завершена
   *[other] { $action }
} · { $who }
broadcast-trail-system = бот

## Меню команд (сотрудники)
cmd-broadcast = Написать рассылку
cmd-broadcasts = Рассылки: история и ход отправки
