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
guides-dest-verified = ✅ Проверено: { $date }. Правила меняются — перед поездкой уточняйте в Центре.
guides-verified = ✅ Проверено: { $date }
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

guides-sos-choose = <b>🆘 Экстренная помощь</b>
    Для какой страны?

guides-status-title = <b>Справочники</b>: версия <code>{ $version }</code>, загружены { $loaded }
guides-status-sections = Разделов по странам: { $counts }
guides-status-overdue = <b>Просрочена проверка: { $count }</b>
guides-status-soon = Проверить в ближайшие 30 дней: { $count }
guides-status-item = • { $dest }/{ $section } — до { $date }
guides-status-last-failed = ⚠️ Последняя попытка обновления не удалась: проблем — { $count }. Работает прежняя версия.
guides-reload-ok = ✅ Справочники обновлены: версия <code>{ $version }</code>, разделов — { $sections }, просрочено — { $overdue }.
guides-reload-failed = ⚠️ Новые файлы не приняты: проблем — { $count }. Пользователи по-прежнему видят версию <code>{ $version }</code>. Исправьте и отправьте /reload_content снова.
guides-reload-more = …и ещё { $count }.

guides-export-contents = Содержание
guides-export-sources = Источники
guides-export-verified = Проверено
guides-export-emergency = Если случилась беда
guides-export-note = Правила часто меняются. Перед поездкой проверьте информацию в Центре или на официальном сайте.
guides-export-generated = Файл создан
