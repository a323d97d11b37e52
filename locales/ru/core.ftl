## Ядро: знакомство, меню, настройки, приватность, роли, ошибки.

-bot = Жол
-center = Центр

kb-menu = 🏠 Меню
kb-sos = 🆘 SOS

btn-home = 🏠 Меню
btn-back = ◀ Назад

menu-hint = Пользуйтесь кнопками. 🏠 Меню и 🆘 SOS всегда внизу чата.
menu-title = <b>Главное меню</b>
    Что хотите сделать?
menu-title-anonymous = <b>Главное меню</b>
    Вы пользуетесь ботом, ничего не сохраняя. Справочники, проверка договора и экстренная помощь работают полностью. Чтобы получать напоминания или записаться в { -center }, откройте ⚙️ Настройки → Моя ситуация.
menu-guides = 📚 Справочники
menu-check = ✅ Проверить предложение о работе
menu-booking = 📅 Запись в Центр
menu-reminders = ⏰ Мои напоминания
menu-sos = 🆘 Экстренная помощь
menu-ask = 💬 Вопрос в Центр
menu-settings = ⚙️ Настройки
menu-coming-soon = Этот раздел ещё готовится и скоро появится. А справочники и экстренная помощь уже работают.

cmd-start = Начать заново
cmd-menu = Главное меню
cmd-guides = Справочники по странам
cmd-sos = Экстренная помощь
cmd-search = Поиск по справочникам
cmd-settings = Настройки
cmd-language = Сменить язык
cmd-privacy = Что мы храним и зачем
cmd-mydata = Мои данные
cmd-deletemydata = Удалить мои данные
cmd-cancel = Прервать действие
cmd-help = Как пользоваться
cmd-content-status = Разделы на проверку
cmd-content-checked = Отметить, что вы сверили раздел с официальной страницей
cmd-reload-content = Обновить справочники
cmd-check = Проверить предложение о работе
cmd-agency = Есть ли у агентства лицензия?
cmd-mybookings = Мои записи в Центр
cmd-reminders = Мои напоминания
cmd-check-stats = Проверки вакансий: итоги
cmd-import-agencies = Загрузить список лицензированных агентств
cmd-bookings = Записи на день
cmd-bookings-csv = Записи файлом CSV
cmd-hours = Часы работы и выходные
cmd-stats = Сертификация и записи: цифры
cmd-roles = Кто в какой роли
cmd-grant = Выдать роль
cmd-revoke = Снять роль

welcome = Салам, { $name }! Я <b>{ -bot }</b> — помощник Центра предвыездной ориентации и реинтеграции в Бишкеке. Помогу подготовиться к работе за рубежом, не попасть в беду и благополучно вернуться домой.
language-choose = Тилди тандаңыз · Выберите язык · Choose your language
language-changed = Готово — теперь говорю с вами по-русски.
welcome-back = С возвращением, { $name }!
consent-text = <b>Сначала — о ваших данных</b>

    Чтобы присылать напоминания и записывать вас на приём, боту нужно запомнить вашу ситуацию (еду / уже за рубежом / вернулся), страну и одну дату.

    • Паспортные данные и имя в Telegram мы не храним.
    • Видят данные только сотрудники Центра — чтобы вам помочь.
    • Посмотреть всё можно командой /mydata, удалить — /deletemydata, в любой момент.

    Согласны?
consent-agree = ✅ Согласен(на)
consent-decline = 🙈 Продолжить без сохранения
consent-more = 📖 Что именно хранится
privacy-full = <b>Что хранит { -bot } и зачем</b>

    <b>До согласия:</b> только ваш номер в Telegram (id) и выбранный язык — чтобы бот мог вам ответить, а если вы проходите проверку вакансии — ваши ответы, чтобы можно было продолжить позже.

    <b>После согласия:</b>
    • ситуация, страна и одна дата (выезд, приезд или возвращение) — чтобы напоминать вовремя;
    • часовой пояс — чтобы сообщения не приходили ночью;
    • то, что вы вводите при записи, проверке договора и в вопросах Центру — чтобы вам помочь;
    • хотите ли вы получать новости.

    <b>Никогда не хранится:</b> имя и username в Telegram, паспортные данные, тексты сообщений в журналах.

    <b>Кто видит:</b> только сотрудники Центра, чтобы помочь вам. Работодателям, агентствам и полиции данные не передаются.

    <b>Как долго:</b> пока вы их не удалите. /mydata покажет всё, /deletemydata удалит навсегда (останутся только обезличенные итоговые цифры).
situation-question = Какая у вас сейчас ситуация?
situation-planning = ✈️ Собираюсь уехать на работу
situation-abroad = 🌍 Сейчас работаю за рубежом
situation-returned = 🏡 Вернулся(лась) домой
destination-question = { $situation ->
    [abroad] В какой вы стране?
    [returned] В какой стране вы работали?
   *[other] Куда собираетесь?
}
destination-russia = 🇷🇺 Россия
destination-turkey = 🇹🇷 Турция
destination-korea = 🇰🇷 Южная Корея
destination-europe = 🇪🇺 Европа и Британия
destination-other = 🌐 Другая / ещё не решил(а)
destination-other-country = 🌐 Другая страна
date-question = { $situation ->
    [abroad] Когда вы приехали? Напишите дату, например <code>15.03.2026</code>.
    [returned] Когда вы вернулись? Напишите дату, например <code>15.03.2026</code>.
   *[other] Когда планируете выезжать? Напишите дату, например <code>15.03.2027</code>.
}
    По ней { -bot } вовремя напомнит о важном.
date-skip = { $situation ->
    [planning] Пока не знаю — пропустить
   *[other] Не помню точно — пропустить
}
date-unreadable = Не получилось прочитать дату. Напишите её так: <code>15.03.2027</code> (день.месяц.год) или <code>15 марта 2027</code>, или нажмите «пропустить».
date-problem = { $problem ->
    [must-be-future] Эта дата уже прошла. Напишите, когда планируете выезжать.
    [must-be-past] Эта дата ещё не наступила. Напишите дату, которая уже была.
    [too-far-future] Это больше чем через 3 года. Проверьте, пожалуйста, год.
   *[other] Дата слишком давняя. Проверьте, пожалуйста, год.
}
onboarding-done = <b>Готово!</b> { $situation ->
    [abroad] Страна работы:
    [returned] Вы вернулись из страны:
   *[other] Куда едете:
} { $destination ->
    [russia] Россия
    [turkey] Турция
    [korea] Южная Корея
    [europe] Европа или Британия
   *[other] другая страна
}{ $has_date ->
    [yes] {" "}({ $date })
   *[other] {""}
}. Изменить это можно в любой момент в ⚙️ Настройках.
onboarding-anonymous-done = Хорошо — о вас ничего не сохраняется. Справочники, проверка договора и экстренная помощь открыты.
deeplink-unknown = Эта ссылка устарела. Вот главное меню.
deeplink-needs-profile = Для этой ссылки нужен ваш профиль. Сначала дайте согласие (⚙️ Настройки → Моя ситуация).

mydata-nothing = { -bot } ничего о вас не хранит.
mydata-title = <b>Что { -bot } хранит о вас</b>
mydata-telegram-id = Telegram id: <code>{ $value }</code>
mydata-language = Язык: { $value }
mydata-language-name = { $code ->
    [ky] кыргызский
    [ru] русский
    [en] английский
   *[other] { $code }
}
mydata-consent = Согласие на обработку данных: { $value }
mydata-situation = Ситуация: { $value ->
    [planning] собираюсь уехать
    [abroad] работаю за рубежом
    [returned] вернулся(лась) домой
   *[other] { $value }
}
mydata-destination = Страна: { $value ->
    [russia] Россия
    [turkey] Турция
    [korea] Южная Корея
    [europe] Европа и Британия
    [other] другая / не решено
   *[unknown] { $value }
}
mydata-departure = Дата выезда: { $value }
mydata-arrival = Дата приезда: { $value }
mydata-return = Дата возвращения: { $value }
mydata-timezone = Часовой пояс: { $value }
mydata-news = Новости: { $value ->
    [True] да
   *[other] нет
}
mydata-first-seen = Первое сообщение: { $value }
mydata-section = { $section }: записей — { $count }
mydata-section-roles = Роли в Центре
mydata-section-conversation = Незавершённые шаги
mydata-section-scheduled-messages = Сообщения в очереди на отправку
mydata-section-contract-check = Проверки вакансий
mydata-section-agency-imports = Загрузки списка агентств
mydata-section-bookings = Записи
mydata-section-broadcasts = Рассылки
mydata-section-cases = Вопросы в Центр
mydata-section-reminders = Напоминания и ответы
mydata-section-content-checks = Разделы справочников, которые вы проверили
mydata-section-content-releases = Версии материалов, которые вы опубликовали
mydata-footer = В приложенном файле — всё целиком. Удалить: /deletemydata
mydata-json-caption = Все ваши данные одним файлом (JSON).
erase-confirm = <b>Удалить все ваши данные?</b>
    Профиль, записи, напоминания и вопросы в Центр будут удалены навсегда. Отменить это нельзя.
erase-yes = 🗑 Да, удалить всё
erase-no = Нет, оставить
erase-done = Ваши данные удалены. Остались только обезличенные итоговые цифры.
erase-restart = Чтобы снова пользоваться ботом, отправьте /start.
erase-cancelled = Ничего не удалено.

settings-anonymous = <b>Настройки</b>
    Язык: { $language }
    Больше о вас ничего не сохранено.
settings-title = <b>Настройки</b>
    Язык: { $language }
    Ситуация: { $situation ->
        [planning] собираюсь уехать
        [abroad] работаю за рубежом
        [returned] вернулся(лась) домой
       *[other] не указана
    }
    Страна: { $destination ->
        [russia] Россия
        [turkey] Турция
        [korea] Южная Корея
        [europe] Европа и Британия
        [other] другая / не решено
       *[none] не указана
    }
    Часовой пояс: { $timezone }
    Новости Центра: { $news ->
        [on] включены
       *[off] выключены
    }
settings-language = 🌐 Язык
settings-profile = 🧭 Моя ситуация и даты
settings-timezone = 🕒 Часовой пояс
settings-news = { $news ->
    [on] 🔕 Отключить новости
   *[off] 🔔 Включить новости
}
settings-mydata = 📄 Мои данные
settings-delete = 🗑 Удалить мои данные
settings-timezone-question = Где вы находитесь? Напоминания будут приходить днём по вашему времени.
settings-needs-consent = Для этого нужно ваше согласие: ⚙️ Настройки → Моя ситуация.
settings-news-changed = { $news ->
    [on] Новости включены.
   *[off] Новости отключены. Напоминания о ваших записях всё равно придут.
}
tz-bishkek = Бишкек
tz-moscow = Москва
tz-yekaterinburg = Екатеринбург
tz-novosibirsk = Новосибирск
tz-krasnoyarsk = Красноярск
tz-irkutsk = Иркутск
tz-vladivostok = Владивосток
tz-samara = Самара
tz-istanbul = Стамбул
tz-seoul = Сеул
tz-london = Лондон
tz-berlin = Берлин
tz-warsaw = Варшава
tz-almaty = Алматы

access-denied = Извините, это доступно только сотрудникам Центра.
roles-title = <b>Роли</b>
roles-line = <code>{ $user_id }</code> — { $role }
roles-help = Выдать роль: /grant &lt;id&gt; · снять: /revoke &lt;id&gt; &lt;роль&gt;
roles-none = Пока ни у кого нет ролей (администраторы из ADMIN_IDS имеют все права).
roles-usage = Укажите Telegram id человека: <code>/grant 123456789</code> или <code>/grant 123456789 staff</code>. Роли: staff, coordinator, admin.
roles-choose = Роли для <code>{ $user_id }</code>:
roles-grant-button = ➕ { $role }
roles-revoke-button = ➖ { $role }
roles-unknown = Роли «{ $role }» нет. Роли: staff, coordinator, admin.
roles-grant-done = <code>{ $user_id }</code> теперь { $role }.
roles-revoke-done = <code>{ $user_id }</code> больше не { $role }.

error-generic = Извините, у нас что-то сломалось, и последнее, что вы отправили, не сохранилось. Прежние ответы на месте. Отправьте ещё раз или откройте меню: /menu
cancelled = Остановлено. Сохранённое не потерялось.
help-text = <b>Как пользоваться ботом</b>
    • Нажимайте кнопки — печатать не нужно.
    • 🏠 Меню и 🆘 SOS всегда внизу.
    • /language — сменить язык, /settings — ваши данные.
    • /privacy — что хранится; /mydata — посмотреть; /deletemydata — удалить.
    • /cancel — прервать любое действие.
unknown-command = Такой команды нет. Вот меню.
not-understood = Не понял(а) вас. Выберите, пожалуйста, в меню.
button-outdated = Эта кнопка устарела. Откройте меню заново.
