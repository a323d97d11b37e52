## Запись в Центр и работа координаторов с записями.

booking-weekday = { $day ->
    [0] Пн
    [1] Вт
    [2] Ср
    [3] Чт
    [4] Пт
    [5] Сб
   *[6] Вс
}
booking-weekdays = Пн Вт Ср Чт Пт Сб Вс
booking-month = { $month ->
    [1] Январь
    [2] Февраль
    [3] Март
    [4] Апрель
    [5] Май
    [6] Июнь
    [7] Июль
    [8] Август
    [9] Сентябрь
    [10] Октябрь
    [11] Ноябрь
   *[12] Декабрь
}
booking-language = { $code ->
    [ky] кыргызский
    [ru] русский
   *[en] английский
}
booking-status = { $status ->
    [requested] ждёт подтверждения Центра
    [confirmed] подтверждена
    [waiting] в листе ожидания
    [offered] место придержано для вас
    [declined] отклонена
    [cancelled] отменена
    [expired] истекла
    [attended] состоялась
   *[no_show] неявка
}

## Экраны записи

booking-home = <b>📅 Запись в Центр</b>
    Выберите, что вам нужно. { $count ->
        [0] {""}
        [one] У вас { $count } предстоящая запись.
        [few] У вас { $count } предстоящие записи.
       *[other] У вас { $count } предстоящих записей.
    }
booking-center-hours = 🕘 Центр работает: { $schedule } (по времени Бишкека).
booking-btn-mine = 🗂 Мои записи{ $count ->
    [0] {""}
   *[other] {" "}({ $count })
}
booking-need-start = Сначала отправьте /start — после этого можно записаться.
booking-need-consent = <b>Для записи нужно ваше согласие</b>
    В записи хранятся ваше имя, время и (если поделитесь) номер телефона — чтобы Центр знал, кто придёт. Видят их только сотрудники Центра. Удалить можно в любой момент командой /deletemydata.
booking-btn-agree = ✅ Согласен(на), продолжить
booking-btn-privacy = 📖 Что хранится
booking-service-card = <b>{ $name }</b>
    { $description }

    ⏱ { $minutes } мин · { $capacity ->
        [1] индивидуально
       *[other] группа до { $capacity } чел.
    }
    📍 { $place }
    🗣 { $languages }
    🎒 С собой:
    { $bring }
booking-pick-day = Выберите день (показаны только дни со свободными местами):
booking-no-days = В ближайшие { $days } дней свободных мест нет. Нажмите ⏳, чтобы встать в лист ожидания, или задайте вопрос Центру.
booking-btn-full-days = ⏳ Занятые дни — лист ожидания
booking-btn-ask = 💬 Вопрос в Центр
booking-pick-time = <b>{ $service }</b> — { $day }
    Выберите время (по Бишкеку):
booking-day-full = <b>{ $service }</b> — { $day }
    На этот день свободных мест уже нет. Нажмите время с ⏳, чтобы встать в лист ожидания, или вернитесь и выберите другой день.
booking-time-free = { $time } · мест: { $n }
booking-time-full = ⏳ { $time }
booking-full-list = Здесь всё занято. Выберите время, чтобы встать в лист ожидания: если место освободится, мы придержим его для вас на { $hours } ч и сразу напишем.
booking-slot-gone = Это время уже недоступно. Выберите другое.
booking-same-time = Это ваше нынешнее время — выберите другое.
booking-just-taken = 😕 Извините, последнее место на это время только что заняли. Вот другое свободное время:
booking-already = У вас уже есть запись на эту услугу. Можно перенести её или отменить:
booking-ask-name = На какое имя записать? Напишите имя и фамилию.
booking-btn-same-name = 👤 { $name }
booking-name-invalid = Напишите имя только буквами, например: <i>Айгуль Асанова</i>.
booking-ask-phone = Поделитесь номером телефона — Центр позвонит, если что-то изменится. Это необязательно, можно пропустить.
booking-ask-phone-known = В прошлый раз вы указали номер { $phone }. Использовать его снова? Можно также отправить другой номер или записаться без номера.
booking-phone-share = 📱 Отправить мой номер
booking-phone-share-other = 📱 Отправить другой номер
booking-phone-reuse = ✅ Тот же номер
booking-phone-skip = Пропустить
booking-phone-use-button = Пожалуйста, ответьте одной из кнопок внизу.
booking-phone-not-yours = Это чужой контакт. Отправьте свой номер кнопками внизу или пропустите этот шаг.
booking-phone-saved = 📱 Номер сохранён.
booking-phone-skipped = Хорошо, без номера.
booking-phone-stale = Этот шаг записи уже закончился. Возвращаю обычную клавиатуру.
booking-confirm = <b>Проверьте запись</b>

    { $service }
    🗓 { $when } (по Бишкеку)
    📍 { $place }
    👤 { $name }
    📱 { $phone }
    { $mode ->
        [wait] ⏳ На это время мест нет. Вы встанете в лист ожидания: если место освободится, мы придержим его для вас на { $hours } ч и напишем.
       *[other] Всё верно? Нажмите ✅ Подтвердить.
    }
booking-bring = 🎒 С собой: { $items }
booking-confirm-move = <b>Перенести запись { $code }?</b>
    { $service }
    Было: { $old }
    Станет: { $when } (по Бишкеку)
booking-btn-confirm = ✅ Подтвердить
booking-btn-join = ⏳ Встать в лист ожидания
booking-btn-other-time = 🔁 Другое время
booking-btn-quit = ✖ Отмена
booking-quit = Хорошо, запись не создана.
booking-done = ✅ <b>Вы записаны!</b> Ваш код: <code>{ $code }</code>
    Центр подтвердит запись.
booking-done-reminders = { $reminders ->
    [both] Мы напомним за день и за 2 часа.
    [two-hours] Мы напомним за 2 часа.
   *[none] Время записи уже скоро, поэтому напоминания не будет — приходите вовремя.
}
booking-done-waiting = ⏳ <b>Вы в листе ожидания.</b> Ваш код: <code>{ $code }</code>
    Если место освободится, мы сразу напишем.
booking-summary = { $icon } <b>{ $service }</b>
    🗓 { $when }
    📍 { $place }
    🔖 <code>{ $code }</code> · { $status }
booking-moved = ✅ <b>Время изменено.</b> Центр подтвердит новое время.
booking-not-found = Этой записи больше нет.
booking-not-movable = Эту запись уже нельзя изменить.

## Мои записи

booking-mine-title = <b>🗂 Мои записи</b>
booking-mine-empty = Предстоящих записей нет.
booking-btn-book = 📅 Записаться
booking-btn-reschedule = 🔁 Перенести
booking-btn-cancel = ❌ Отменить запись
booking-btn-leave-waitlist = ❌ Выйти из листа ожидания
booking-btn-take = ✅ Занять место
booking-btn-pass = ✖ Уже не нужно
booking-btn-new-time = 📅 Выбрать новое время
booking-btn-open = 📋 Открыть
booking-cancel-ask = Отменить запись? Ваше место отдадут другому человеку.
booking-btn-cancel-yes = Да, отменить
booking-btn-cancel-no = Нет, оставить
booking-cancelled = Запись { $code } отменена. Спасибо, что предупредили — место получит тот, кто ждёт.
booking-passed = Хорошо, предлагаем место следующему в очереди.
booking-already-closed = Эта запись уже закрыта.
booking-move-note = 🔁 Выберите новое время для записи <code>{ $code }</code>.
booking-offer-gone = К сожалению, время, чтобы занять это место, вышло, или его уже заняли.
booking-offer-taken = ✅ <b>Место ваше!</b> Центр подтвердит запись.

## Сообщения, которые бот присылает сам

booking-reminder = ⏰ { $day ->
    [tomorrow] Напоминаем: завтра в { $time } (по Бишкеку) вас ждут в Центре.
   *[other] Напоминаем: сегодня в { $time } (по Бишкеку) вас ждут в Центре.
}
    Не получается прийти? Отмените или перенесите запись — место пригодится другому.
booking-offer = 🎟 <b>Для вас освободилось место!</b>
    Оно придержано для вас до { $until } (по Бишкеку). Займёте?
booking-offer-expired = ⌛ Место, которое мы для вас держали, перешло следующему в очереди. Можно выбрать другое время.
booking-waitlist-lapsed = ⌛ На это занятие место так и не освободилось. Можно выбрать другое время.
booking-approved = ✅ <b>Центр подтвердил вашу запись.</b>
booking-declined = ❌ <b>Центр не смог принять вашу запись.</b>
    Причина:
booking-moved-by-center = 🔁 <b>Центр перенёс вашу запись на другое время.</b> Если оно не подходит, перенесите или отмените запись.
booking-no-show = Сегодня мы вас не дождались. Если вам ещё нужно, выберите новое время.
booking-result-passed = 🎓 <b>Поздравляем — вы прошли сертификацию навыков в общепите!</b>
    Номер сертификата: <code>{ $number }</code>
    Уровень:
booking-result-failed = В этот раз сертификацию пройти не удалось. Можно подготовиться и записаться снова.

## Координаторы

booking-staff-new = 🆕 <b>Новая запись</b> <code>{ $code }</code>
    { $service } — { $when }
    👤 { $name } · 📱 { $phone }
booking-staff-moved = 🔁 <b>Человек перенёс запись</b> <code>{ $code }</code>
    { $service } — { $when }
    👤 { $name } · 📱 { $phone }
booking-staff-cancelled = ✖ <b>Человек отменил запись</b> <code>{ $code }</code>
    { $service } — { $when }
    👤 { $name } · 📱 { $phone }
booking-day-title = <b>📋 Записи — { $day }</b> ({ $count }), время бишкекское
booking-day-more = …и ещё { $count } — смотрите CSV.
booking-day-empty = На этот день записей нет.
booking-day-usage = Так: /bookings today, /bookings tomorrow или /bookings 2026-12-15
booking-staff-line = { $icon } { $time } · { $service } · <code>{ $code }</code> · { $name } · { $phone }
booking-btn-csv = ⬇️ CSV
booking-btn-today = 📋 Записи на сегодня
booking-card = { $icon } <b>{ $service }</b> — <code>{ $code }</code>
    🗓 { $when }
    👤 { $name } · 📱 { $phone }
    Статус: { $status }
    Записан(а): { $created }
booking-card-reason = Причина:
booking-result-line = 🎓 Результат: { $passed ->
    [yes] сдал(а)
   *[other] не сдал(а)
} · сертификат { $number } · уровень:
booking-act = { $action ->
    [approve] ✅ Подтвердить
    [decline] ❌ Отклонить
    [attended] ✔️ Пришёл(ла)
    [no_show] 🚫 Не пришёл(ла)
    [reschedule] 🔁 Перенести
   *[result] 🎓 Записать результат
}
booking-note-done = ✅ Готово.
booking-note-changed = ⚠️ Запись тем временем изменилась — вот она сейчас.
booking-note-too-early = ⏳ Эта запись начинается { $when }. Явку и результат можно отметить только с её начала.
booking-decline-ask = Почему отклоняете запись <code>{ $code }</code>? Выберите причину или напишите свою (человек её увидит):
booking-decline-length = Напишите причину: хотя бы 3 символа.
booking-reason-full = На это занятие мест нет.
booking-reason-closed = В это время Центр закрыт.
booking-reason-other-service = В вашей ситуации лучше подойдёт другая услуга — запишитесь на неё или задайте вопрос Центру.
booking-staff-pick-day = Выберите новый день для записи <code>{ $code }</code>:
booking-staff-pick-time = Новое время для <code>{ $code }</code> — { $day }:
booking-staff-move-ask = Перенести <code>{ $code }</code> с { $old } на { $when }? Человеку придёт сообщение.
booking-btn-move-yes = ✅ Перенести
booking-result-ask = Результат сертификации для <code>{ $code }</code> ({ $name }):
booking-btn-passed = 🎓 Сдал(а)
booking-btn-failed = Не сдал(а)
booking-btn-no-level = — Без уровня
booking-level-ask = Напишите уровень или нажмите «Без уровня».
booking-certificate-ask = Напишите номер сертификата.
booking-certificate-invalid = Напишите номер сертификата одной строкой (до 64 символов).
booking-csv-caption = Записи { $first } – { $last }: { $count }
booking-csv-usage = Так: /bookings_csv 2026-12-01 2026-12-31 (не больше года); без дат — текущий месяц.
booking-csv-column = { $column ->
    [code] Код
    [service] Услуга
    [date] Дата
    [time] Время
    [status] Статус
    [name] Имя
    [phone] Телефон
    [booked_at] Дата записи
    [decided_by] Решение принял(а)
    [decline_reason] Причина отказа
    [passed] Сдано
    [level] Уровень
   *[certificate_no] № сертификата
}
booking-csv-passed = { $passed ->
    [true] Да
   *[false] Нет
}
booking-csv-staff-unknown = (имя недоступно)
booking-stats = <b>📊 Сертификация навыков в общепите, { $year }</b>
    Сертифицировано: <b>{ $certified }</b> из { $target } ({ $progress }%)
    Сдали { $passed } из { $results } ({ $rate }%)

    Ближайшие 7 дней: записей { $week }, ждут подтверждения { $pending }.

## Часы работы и закрытые дни

booking-hours-title = <b>🕘 Часы работы</b>
    Выберите услугу или задайте праздники и закрытые дни для всего Центра.
booking-hours-service = <b>{ $service }</b> ({ $minutes } мин на занятие) — { $custom ->
    [yes] часы заданы координаторами
   *[other] часы по умолчанию
}
booking-hours-closed = закрыто
booking-hours-whole-center = весь Центр
booking-btn-closures = 🗓 Праздники и закрытые дни
booking-btn-closures-all = 🗓 Праздники и закрытые дни (весь Центр)
booking-btn-hours-reset = ↩️ Вернуть часы по умолчанию
booking-btn-day-closed = 🚫 В этот день закрыто
booking-hours-ask = Напишите часы работы ({ $day }), например <code>9:00-12:00, 14:00-17:00</code> (каждый отрезок не короче { $minutes } мин), или нажмите «В этот день закрыто».
booking-hours-problem = { $problem ->
    [order] Конец должен быть позже начала.
    [overlap] Отрезки пересекаются.
    [too-short] Каждый отрезок — не меньше { $minutes } мин, это одно занятие.
   *[other] Не получилось прочитать.
} Напишите так: <code>9:00-12:00, 14:00-17:00</code>
booking-hours-saved = ✅ Сохранено. Уже сделанные записи остаются в силе.
booking-closures-title = <b>🗓 Праздники и закрытые дни — { $scope }</b>
booking-closures-none = Пока ничего не запланировано.
booking-btn-closure-add = ➕ Добавить день
booking-closure-ask = Напишите дату: <code>31.12.2026</code> — закрыто весь день, или <code>31.12.2026 10:00-13:00</code> — сокращённый день.
booking-closure-problem = { $problem ->
    [range] Дата — не раньше сегодняшней и не позже чем через год.
    [hours] Не получилось прочитать часы; например: <code>31.12.2026 10:00-13:00</code>.
   *[other] Не получилось прочитать дату; например: <code>31.12.2026</code>.
}
booking-closure-saved = ✅ Сохранено на { $day }. { $count ->
    [0] Записей на этот день нет.
   *[other] Записей на этот день: { $count } — проверьте их: /bookings { $date }.
}

## Ежедневная сводка

booking-digest-title = <b>📅 Записи</b>: новых { $count }
booking-digest-line = • { $service }: { $count }
booking-digest-pending = ⚠️ Ждут подтверждения: { $count } — /bookings
