## Справочники по странам, экстренная карточка, поиск, команды сотрудников.

guides-title = <b>📚 Справочники</b>
    Выберите страну — там всё о документах, работе, правах и помощи.
guides-btn-search = 🔍 Поиск
guides-btn-search-again = 🔍 Искать ещё
guides-btn-download = 📥 Скачать весь справочник
guides-btn-sos = 🆘 Если случилась беда
guides-btn-sos-other = 🌍 Другая страна
guides-btn-ask = 💬 Спросить Центр
guides-btn-book = 📅 Записаться на консультацию
guides-btn-prev = ◀ { $page }/{ $total }
guides-btn-next = { $page }/{ $total } ▶
guides-btn-prev-section = ◀ Предыдущий
guides-btn-next-section = Следующий раздел ▶
guides-btn-link = 📖 { $title }
guides-dest-as-of = ℹ️ Информация по состоянию на { $month } { $year } года. Правила меняются — перед поездкой уточните в Центре.
guides-choose-section = Выберите раздел.
guides-as-of = ℹ️ Информация по состоянию на { $month } { $year } года
guides-checked = ✅ Проверено Центром { $date }
guides-month = { $month ->
    [1] январь
    [2] февраль
    [3] март
    [4] апрель
    [5] май
    [6] июнь
    [7] июль
    [8] август
    [9] сентябрь
    [10] октябрь
    [11] ноябрь
   *[12] декабрь
}
guides-sources = 📎 Источники: { $sources }
guides-page = <i>Страница { $page } из { $total }</i>
guides-updated = Справочник обновился — показываю свежую версию.
guides-download-caption = { $title }: весь справочник одним файлом. Откройте его в браузере — читать можно и без интернета.
guides-download-sent = Файл отправлен ниже.

guides-search-prompt = <b>🔍 Поиск по справочникам</b>
    Напишите одно-два слова. Например: <i>патент</i>, <i>регистрация</i>, <i>черный список</i>, <i>паспорт отобрали</i>.
guides-search-results = Вот что нашлось:
guides-search-none = По этому запросу в справочниках ничего не нашлось.

    Задайте вопрос Центру или запишитесь на консультацию — вам ответит специалист.
guides-search-not-text = Напишите запрос словами — например, <i>регистрация</i>.

guides-sos-center = 🏢 { $place }. Консультанты отвечают в этом чате { $schedule } (по времени Бишкека).
guides-sos-choose = <b>🆘 Экстренная помощь</b>
    Для какой страны?

guides-status-title = <b>Справочники</b>: версия <code>{ $version }</code>, загружены { $loaded }
guides-status-sections = Разделов по странам: { $counts }
guides-status-overdue = <b>Просрочена проверка: { $count }</b>
guides-status-soon = Проверить в ближайшие 30 дней: { $count }
guides-status-item = • { $dest }/{ $section } — до { $date }
guides-status-last-failed = ⚠️ Последняя попытка обновления не удалась: проблем — { $count }. Работает прежняя версия.
guides-status-unchecked = <b>Ещё никто в Центре не проверил: { $count }</b>
guides-status-unchecked-item = • { $item_key } — информация на { $month } { $year } года
guides-status-to-check = <b>⚠ Часто меняющиеся сведения, которые нужно сверить с официальной страницей: { $count }</b>
guides-status-to-check-item = • { $item_key }: { $item }
guides-status-checked-item = • { $item_key } — { $name }, { $date }
guides-status-checked = Проверено в Центре: { $count }
guides-status-campaigns = <b>Напоминания: { $count }</b>
guides-status-campaign-item = • { $item_key } — информация на { $month } { $year } года
guides-status-campaign-checked = • { $item_key } — информация на { $month } { $year } года, проверено { $date }
guides-checked-ok = ✅ Записано: раздел <code>{ $item_key }</code> проверил(а) { $name } { $date }. Теперь люди видят «Проверено Центром { $date }».
guides-checked-usage = Укажите раздел после команды, например <code>/content_checked russia/entry_ban</code>, а для экстренной карточки — <code>/content_checked sos/russia</code>. Непроверенные разделы — в /content_status.
guides-checked-unknown = Раздела <code>{ $item_key }</code> нет. Пишите «страна/раздел», например <code>russia/entry_ban</code>; список — в /content_status.
guides-reload-ok = ✅ Все материалы обновлены и опубликованы (выпуск №{ $release }): версия <code>{ $version }</code>, разделов справочников — { $sections }, просрочено — { $overdue }. Все копии бота перейдут на неё за несколько секунд.
guides-reload-failed = ⚠️ Новые файлы не приняты: проблем — { $count }. Пользователи по-прежнему видят версию <code>{ $version }</code>. Исправьте и отправьте /reload_content снова.
guides-reload-more = …и ещё { $count }.

guides-export-contents = Содержание
guides-export-sources = Источники
guides-export-emergency = Если случилась беда
guides-export-note = Правила часто меняются. Перед поездкой проверьте информацию в Центре или на официальном сайте.
guides-export-generated = Файл создан
