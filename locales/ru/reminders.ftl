## Напоминания: кампании по датам, /reminders, опросы, оповещения и сводка для координаторов.
## Тексты самих напоминаний — в content/campaigns.yaml (ky, ru, en рядом).

reminders-manage = ⏰ Настройки напоминаний
reminders-book = { $service ->
    [consultation] 📅 Записаться на консультацию
    [certification] 📅 Записаться на сертификацию навыков
    [reintegration] 📅 Записаться на поддержку после возвращения
    [orientation] 📅 Записаться на предвыездную ориентацию
   *[other] 📅 Записаться в Центр
}

## Опросы (кнопки под напоминанием)
reminders-survey-thanks = Спасибо! Ответы сохранены.
reminders-survey-alerted = Координатор Центра увидит ваш ответ. Если хотите поговорить, запишитесь:
reminders-survey-offer = Если хотите, запишитесь в Центр:
reminders-survey-gone = Этот вопрос больше не задаётся. Откройте ⏰ Мои напоминания, чтобы посмотреть, что впереди.
reminders-need-consent-short = Сначала разрешите хранить ваши даты: ⚙️ Настройки → 🧭 Моя ситуация и даты.

## /reminders
reminders-title = <b>⏰ Мои напоминания</b>
reminders-zone = Время — по вашему часовому поясу: { $zone }.
reminders-item = • { $when } — { $title }
reminders-none = Сейчас ничего не запланировано. Новые напоминания появятся здесь.
reminders-need-date = Напоминания привязаны к вашей дате (отъезда, приезда или возвращения). Добавьте её в разделе 🧭 Моя ситуация и даты.
reminders-need-consent = <b>⏰ Мои напоминания</b>
    { -bot } может напомнить, что подготовить перед отъездом, спросить, как дела за границей, и узнать, как вы после возвращения. Для этого нужно ваше согласие хранить вашу ситуацию и одну дату.
reminders-paused-until = ⏸ На паузе до { $until }.
reminders-stopped = ⏹ Напоминания выключены.
reminders-pause = ⏸ Пауза на { $days } { $days ->
    [one] день
    [few] дня
   *[other] дней
}
reminders-resume = ▶️ Включить напоминания
reminders-stop = ⏹ Выключить
reminders-changed = { $action ->
    [pause] Напоминания на паузе.
    [stop] Напоминания выключены.
   *[other] Напоминания снова включены.
}

## Для координаторов
reminders-destination = { $destination ->
    [russia] Россия
    [turkey] Турция
    [korea] Южная Корея
    [europe] Европа / Великобритания
    [other] другая страна
   *[none] страна не указана
}
reminders-alert = 🔔 <b>Ответ на опрос требует внимания</b>
    Человек: <code>{ $user }</code> · { $destination }
    { $campaign }: { $question } — <b>{ $answer }</b>
    Ему предложили записаться в Центр.
reminders-digest-header = <b>📋 Сводка за день — { $day }</b>
reminders-digest-followups = <b>Ответы на опросы, требующие внимания: { $count }</b>
reminders-digest-line = • <code>{ $user }</code> · { $destination } — { $campaign }: { $question } — <b>{ $answer }</b>
reminders-digest-more = …и ещё { $count }.
