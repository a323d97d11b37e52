## Консоль сотрудников (issue 18): ссылка для входа, веб-страницы, /stats.
cmd-console = Открыть консоль сотрудников (ссылка для входа)
console-link = 🖥 <b>Консоль сотрудников</b>
    Ссылка для входа действует один раз, { $minutes } минут и только для вас. Откройте её в браузере:
    { $url }
mydata-section-console = Входы в консоль сотрудников

console-title = Консоль сотрудников
console-nav-label = Разделы
console-nav-dashboard = Показатели
console-nav-week = Неделя
console-sign-out = Выйти

console-login-title = Вход в консоль сотрудников
console-login-hint = Нажмите кнопку, чтобы войти. После этого ссылка перестанет работать.
console-login-button = Войти
console-login-unknown = Эта ссылка для входа недействительна. Отправьте боту /console, чтобы получить новую.
console-login-used = По этой ссылке уже входили. Отправьте боту /console, чтобы получить новую.
console-login-expired = Срок действия ссылки истёк. Отправьте боту /console, чтобы получить новую.
console-login-no-role = Консоль доступна только сотрудникам и координаторам Центра.
console-signed-out = Вы вышли. Чтобы войти снова, отправьте боту /console.
console-error-signed-out = Вы не вошли или сеанс закончился. Отправьте боту /console, чтобы получить ссылку для входа.
console-error-forbidden = Эта страница недоступна для вашей роли.
console-error-csrf = Форма устарела. Вернитесь, обновите страницу и попробуйте ещё раз.

## Показатели
console-range-start = С
console-range-end = По
console-range-show = Показать
console-csv = Скачать CSV
console-aggregates-note = Только итоги: ни один график не показывает отдельного человека. Группы меньше { $minimum } человек показаны вместе.
console-no-data = Нет данных за эти даты
console-unknown = Не указано
console-few = Меньше { $minimum } в каждой
console-situation-planning = Собираются уехать
console-situation-abroad = Работают за рубежом
console-situation-returned = Вернулись
console-destination-russia = Россия
console-destination-turkey = Турция
console-destination-korea = Южная Корея
console-destination-europe = Европа и Великобритания
console-destination-other = Другая / не решили
console-chart-people = Люди, начавшие пользоваться Jol
console-chart-people-weekly = Новые люди по неделям
console-chart-bookings = Записи по неделям, явка и неявка
console-chart-certification = Сертификация поваров: путь к годовой цели
console-chart-job-offers = Итоги проверки предложений о работе
console-chart-job-offer-warnings = Самые частые тревожные признаки в предложениях о работе
console-chart-cases = Вопросы в Центр
console-chart-broadcasts = Новостные рассылки
console-axis-week = Неделя с
console-axis-month = Месяц { $year } года
console-axis-people = Человек
console-axis-bookings = Записей
console-axis-checks = Проверок
console-axis-cases = Новых вопросов
console-axis-messages = Сообщений
console-axis-situation = Положение
console-axis-destination = Страна
console-axis-language = Язык
console-rate-attendance = Пришли, %
console-rate-no-show = Не пришли, %
console-certified-month = Сертифицированы за месяц
console-certified-so-far = Сертифицированы в этом году: { $certified }
console-target = Цель на год: { $target }
console-level-red = Красный
console-level-amber = Жёлтый
console-level-green = Зелёный
console-cases-new = Новые вопросы
console-cases-open = Открыты (очередь Центра): { $count }
console-cases-waiting = Ждут ответа человека: { $count }
console-cases-median = Медиана первого ответа: { $hours } рабочих часов
console-cases-median-none = За эти даты нет вопросов с ответом
console-broadcast-delivered = Доставлено
console-broadcast-blocked = Бот заблокирован
console-broadcast-news-off = Отключили новости

## /stats
console-stats-title = Jol: показатели с { $start } по { $end }

## Неделя
console-week-title = Неделя { $start } – { $end }
console-week-previous = Прошлая неделя
console-week-next = Следующая неделя
console-week-this = Эта неделя
console-week-note = Только просмотр: записи подтверждают, переносят и отмечают в боте.
console-week-service = Услуга
console-week-booked = занято { $booked } из { $capacity } мест
console-week-waiting = Лист ожидания: { $count }
console-week-closed = Закрыто
console-week-other-hours = В этот день другие часы
console-weekday = { $day ->
    [1] Пн
    [2] Вт
    [3] Ср
    [4] Чт
    [5] Пт
    [6] Сб
   *[7] Вс
}
