## Борборго жазылуу жана координаторлордун жазылуулар менен иши.

booking-weekday = { $day ->
    [0] Дш
    [1] Шш
    [2] Шр
    [3] Бш
    [4] Жм
    [5] Иш
   *[6] Жк
}
booking-weekdays = Дш Шш Шр Бш Жм Иш Жк
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
    [ky] кыргызча
    [ru] орусча
   *[en] англисче
}
booking-status = { $status ->
    [requested] Борбордун ырастоосун күтүүдө
    [confirmed] ырасталды
    [waiting] күтүү тизмесинде
    [offered] сиз үчүн орун кармалып турат
    [declined] кабыл алынган жок
    [cancelled] жокко чыгарылды
    [expired] мөөнөтү бүттү
    [attended] болуп өттү
   *[no_show] келген жок
}

## Жазылуу экрандары

booking-home = <b>📅 Борборго жазылуу</b>
    Эмне керек экенин тандаңыз. { $count ->
        [0] {""}
       *[other] Алдыда { $count } жазылууңуз бар.
    }
booking-center-hours = 🕘 Борбордун иш убактысы: { $schedule } (Бишкек убактысы менен).
booking-btn-mine = 🗂 Менин жазылууларым{ $count ->
    [0] {""}
   *[other] {" "}({ $count })
}
booking-need-start = Адегенде /start жөнөтүңүз — андан кийин жазылсаңыз болот.
booking-need-consent = <b>Жазылуу үчүн макулдугуңуз керек</b>
    Жазылууда атыңыз, убакыт жана (бөлүшсөңүз) телефон номериңиз сакталат — Борбор ким келерин билиши үчүн. Аларды Борбордун кызматкерлери гана көрөт. Каалаган убакта /deletemydata менен өчүрө аласыз.
booking-btn-agree = ✅ Макулмун, улантуу
booking-btn-privacy = 📖 Эмне сакталат
booking-service-card = <b>{ $name }</b>
    { $description }

    ⏱ { $minutes } мүнөт · { $capacity ->
        [1] жекече
       *[other] топ, { $capacity } кишиге чейин
    }
    📍 { $place }
    🗣 { $languages }
    🎒 Өзүңүз менен алып келиңиз:
    { $bring }
booking-pick-day = Күндү тандаңыз (бош орун бар күндөр гана көрсөтүлдү):
booking-no-days = Жакынкы { $days } күндө бош орун жок. Күтүү тизмесине туруу үчүн ⏳ басыңыз же Борборго суроо жөнөтүңүз.
booking-btn-full-days = ⏳ Толгон күндөр — күтүү тизмеси
booking-btn-ask = 💬 Борборго суроо
booking-pick-time = <b>{ $service }</b> — { $day }
    Убакытты тандаңыз (Бишкек убактысы менен):
booking-day-full = <b>{ $service }</b> — { $day }
    Бул күнгө бош орун калган жок. Күтүү тизмесине туруу үчүн ⏳ белгиси бар убакытты басыңыз же артка кайтып, башка күн тандаңыз.
booking-time-free = { $time } · { $n } орун
booking-time-full = ⏳ { $time }
booking-full-list = Бул убакыттардын баары толук. Күтүү тизмесине туруу үчүн бирин тандаңыз: орун бошосо, аны сиз үчүн { $hours } саатка кармап, дароо жазабыз.
booking-slot-gone = Бул убакыт азыр бош эмес. Башкасын тандаңыз.
booking-same-time = Бул сиздин азыркы убактыңыз — башкасын тандаңыз.
booking-just-taken = 😕 Кечиресиз, бул убакыттагы акыркы орунду азыр эле башка бирөө ээлеп алды. Мына башка бош убакыттар:
booking-already = Бул кызматка жазылууңуз бар. Убактысын которсоңуз же жокко чыгарсаңыз болот:
booking-ask-name = Кимдин атына жазалы? Атыңызды жана фамилияңызды жазыңыз.
booking-btn-same-name = 👤 { $name }
booking-name-invalid = Атыңызды тамгалар менен гана жазыңыз, мисалы: <i>Айгүл Асанова</i>.
booking-ask-phone = Телефон номериңизди бөлүшүңүз — бир нерсе өзгөрсө, Борбор чалат. Бул милдеттүү эмес, өткөрүп жиберсеңиз болот.
booking-ask-phone-known = Өткөндө { $phone } номерин бергенсиз. Ушул номерди кайра колдонобузбу? Башка номер жөнөтсөңүз же номерсиз жазылсаңыз да болот.
booking-phone-share = 📱 Номеримди жөнөтүү
booking-phone-share-other = 📱 Башка номер жөнөтүү
booking-phone-reuse = ✅ Ошол эле номер
booking-phone-skip = Өткөрүп жиберүү
booking-phone-use-button = Сураныч, ылдыйдагы баскычтардын бирин басыңыз.
booking-phone-not-yours = Бул башка кишинин байланышы. Өз номериңизди ылдыйдагы баскычтар менен жөнөтүңүз же бул кадамды өткөрүп жибериңиз.
booking-phone-saved = 📱 Номер сакталды.
booking-phone-skipped = Макул, номерсиз.
booking-phone-stale = Жазылуунун бул кадамы бүткөн. Кадимки баскычтарды кайтарып берем.
booking-confirm = <b>Жазылууну текшериңиз</b>

    { $service }
    🗓 { $when } (Бишкек убактысы)
    📍 { $place }
    👤 { $name }
    📱 { $phone }
    { $mode ->
        [wait] ⏳ Бул убакытта орун жок. Сиз күтүү тизмесине турасыз: орун бошосо, аны сиз үчүн { $hours } саатка кармап, кабарлайбыз.
       *[other] Баары туурабы? ✅ Ырастоо баскычын басыңыз.
    }
booking-bring = 🎒 Алып келиңиз: { $items }
booking-confirm-move = <b>{ $code } жазылуусун которобузбу?</b>
    { $service }
    Мурун: { $old }
    Эми: { $when } (Бишкек убактысы)
booking-btn-confirm = ✅ Ырастоо
booking-btn-join = ⏳ Күтүү тизмесине туруу
booking-btn-other-time = 🔁 Башка убакыт
booking-btn-quit = ✖ Баш тартуу
booking-quit = Макул, жазылуу түзүлгөн жок.
booking-done = ✅ <b>Жазылдыңыз!</b> Кодуңуз: <code>{ $code }</code>
    Борбор жазылууну ырастайт.
booking-done-reminders = { $reminders ->
    [both] Бир күн жана 2 саат калганда эскертебиз.
    [two-hours] 2 саат калганда эскертебиз.
   *[none] Жазылган убакыт жакын, ошондуктан эскертүү жиберилбейт — убагында келиңиз.
}
booking-done-waiting = ⏳ <b>Сиз күтүү тизмесиндесиз.</b> Кодуңуз: <code>{ $code }</code>
    Орун бошосо, дароо жазабыз.
booking-summary = { $icon } <b>{ $service }</b>
    🗓 { $when }
    📍 { $place }
    🔖 <code>{ $code }</code> · { $status }
booking-moved = ✅ <b>Убакыт өзгөрдү.</b> Жаңы убакытты Борбор ырастайт.
booking-not-found = Бул жазылуу мындан ары жок.
booking-not-movable = Бул жазылууну эми өзгөртүүгө болбойт.

## Менин жазылууларым

booking-mine-title = <b>🗂 Менин жазылууларым</b>
booking-mine-empty = Алдыда жазылууңуз жок.
booking-btn-book = 📅 Жазылуу
booking-btn-reschedule = 🔁 Убактысын которуу
booking-btn-cancel = ❌ Жазылууну жокко чыгаруу
booking-btn-leave-waitlist = ❌ Күтүү тизмесинен чыгуу
booking-btn-take = ✅ Орунду алам
booking-btn-pass = ✖ Эми керек эмес
booking-btn-new-time = 📅 Жаңы убакыт тандоо
booking-btn-open = 📋 Ачуу
booking-cancel-ask = Жазылууну жокко чыгарасызбы? Ордуңуз башка кишиге берилет.
booking-btn-cancel-yes = Ооба, жокко чыгарам
booking-btn-cancel-no = Жок, калсын
booking-cancelled = { $code } жазылуусу жокко чыгарылды. Эскерткениңиз үчүн рахмат — орун күтүп жаткан кишиге өтөт.
booking-passed = Макул, орунду кезектеги кийинки кишиге сунуштайбыз.
booking-already-closed = Бул жазылуу жабылып калган.
booking-move-note = 🔁 <code>{ $code }</code> жазылуусу үчүн жаңы убакыт тандаңыз.
booking-offer-gone = Тилекке каршы, бул орунду алуу мөөнөтү бүттү же аны башка бирөө алды.
booking-offer-taken = ✅ <b>Орун сиздики!</b> Борбор жазылууну ырастайт.

## Бот өзү жөнөтүүчү билдирүүлөр

booking-reminder = ⏰ { $day ->
    [tomorrow] Эскертүү: эртең саат { $time } (Бишкек убактысы) сизди Борбордо күтөбүз.
   *[other] Эскертүү: бүгүн саат { $time } (Бишкек убактысы) сизди Борбордо күтөбүз.
}
    Келе албай калсаңыз, жазылууну жокко чыгарыңыз же которуңуз — орун башка бирөөгө керек болот.
booking-offer = 🎟 <b>Сиз үчүн орун бошоду!</b>
    Ал сиз үчүн { $until } чейин (Бишкек убактысы) кармалып турат. Аласызбы?
booking-offer-expired = ⌛ Сиз үчүн кармап турган орун кезектеги кийинки кишиге өттү. Башка убакыт тандасаңыз болот.
booking-waitlist-lapsed = ⌛ Бул сабакка орун бошогон жок. Башка убакыт тандасаңыз болот.
booking-approved = ✅ <b>Борбор жазылууңузду ырастады.</b>
booking-declined = ❌ <b>Борбор жазылууңузду кабыл ала алган жок.</b>
    Себеби:
booking-moved-by-center = 🔁 <b>Борбор жазылууңузду башка убакытка которду.</b> Ылайык келбесе, которуңуз же жокко чыгарыңыз.
booking-no-show = Бүгүн сизди күтүп калдык. Дагы эле керек болсо, жаңы убакыт тандаңыз.
booking-result-passed = 🎓 <b>Куттуктайбыз — тамак-аш тармагы боюнча көндүмдү тастыктоодон өттүңүз!</b>
    Сертификаттын номери: <code>{ $number }</code>
    Деңгээл:
booking-result-failed = Бул жолу тастыктоодон өтө алган жоксуз. Даярданып, кайра жазылсаңыз болот.

## Координаторлор

booking-staff-new = 🆕 <b>Жаңы жазылуу</b> <code>{ $code }</code>
    { $service } — { $when }
    👤 { $name } · 📱 { $phone }
booking-staff-moved = 🔁 <b>Адам жазылуусун которду</b> <code>{ $code }</code>
    { $service } — { $when }
    👤 { $name } · 📱 { $phone }
booking-staff-cancelled = ✖ <b>Адам жазылуусун жокко чыгарды</b> <code>{ $code }</code>
    { $service } — { $when }
    👤 { $name } · 📱 { $phone }
booking-day-title = <b>📋 Жазылуулар — { $day }</b> ({ $count }), Бишкек убактысы
booking-day-more = …дагы { $count } — CSV файлдан караңыз.
booking-day-empty = Бул күнгө жазылуу жок.
booking-day-usage = Мындай жазыңыз: /bookings today, /bookings tomorrow же /bookings 2026-12-15
booking-staff-line = { $icon } { $time } · { $service } · <code>{ $code }</code> · { $name } · { $phone }
booking-btn-csv = ⬇️ CSV
booking-btn-today = 📋 Бүгүнкү жазылуулар
booking-card = { $icon } <b>{ $service }</b> — <code>{ $code }</code>
    🗓 { $when }
    👤 { $name } · 📱 { $phone }
    Абалы: { $status }
    Жазылган убакыт: { $created }
booking-card-reason = Себеби:
booking-result-line = 🎓 Жыйынтык: { $passed ->
    [yes] өттү
   *[other] өткөн жок
} · сертификат { $number } · деңгээл:
booking-act = { $action ->
    [approve] ✅ Ырастоо
    [decline] ❌ Четке кагуу
    [attended] ✔️ Келди
    [no_show] 🚫 Келген жок
    [reschedule] 🔁 Которуу
   *[result] 🎓 Жыйынтыкты жазуу
}
booking-note-done = ✅ Даяр.
booking-note-changed = ⚠️ Ушул арада жазылуу өзгөрүп калыптыр — азыркы абалы мына.
booking-note-too-early = ⏳ Бул жазылуу { $when } башталат. Келген-келбегенин жана жыйынтыгын ал башталгандан кийин гана белгилөөгө болот.
booking-decline-ask = <code>{ $code }</code> жазылуусун эмне үчүн четке кагасыз? Себепти тандаңыз же өзүңүз жазыңыз (адам аны көрөт):
booking-decline-length = Себепти жок дегенде 3 белги менен жазыңыз.
booking-reason-full = Бул сабакта орун жок.
booking-reason-closed = Бул убакта Борбор жабык.
booking-reason-other-service = Сиздин абалыңызга башка кызмат ылайыктуу — ага жазылыңыз же Борборго суроо жөнөтүңүз.
booking-staff-pick-day = <code>{ $code }</code> жазылуусу үчүн жаңы күн тандаңыз:
booking-staff-pick-time = <code>{ $code }</code> үчүн жаңы убакыт — { $day }:
booking-staff-move-ask = <code>{ $code }</code> жазылуусун { $old } убактысынан { $when } убактысына которобузбу? Адамга билдирүү барат.
booking-btn-move-yes = ✅ Которуу
booking-result-ask = <code>{ $code }</code> ({ $name }) үчүн тастыктоонун жыйынтыгы:
booking-btn-passed = 🎓 Өттү
booking-btn-failed = Өткөн жок
booking-btn-no-level = — Деңгээлсиз
booking-level-ask = Деңгээлди жазыңыз же «Деңгээлсиз» баскычын басыңыз.
booking-certificate-ask = Сертификаттын номерин жазыңыз.
booking-certificate-invalid = Сертификаттын номерин бир сап менен жазыңыз (64 белгиге чейин).
booking-csv-caption = Жазылуулар { $first } – { $last }: { $count }
booking-csv-usage = Мындай жазыңыз: /bookings_csv 2026-12-01 2026-12-31 (бир жылдан ашпасын); датасыз — ушул ай.
booking-csv-column = { $column ->
    [code] Код
    [service] Кызмат
    [date] Күнү
    [time] Убактысы
    [status] Абалы
    [name] Аты
    [phone] Телефон
    [booked_at] Качан жазылган
    [decided_by] Ким чечти
    [decline_reason] Баш тартуунун себеби
    [passed] Тапшырдыбы
    [level] Деңгээли
   *[certificate_no] Сертификат №
}
booking-csv-passed = { $passed ->
    [true] Ооба
   *[false] Жок
}
booking-csv-staff-unknown = (аты белгисиз)
booking-stats = <b>📊 Тамак-аш тармагы боюнча көндүмдү тастыктоо, { $year }</b>
    Тастыкталды: <b>{ $certified }</b> / { $target } ({ $progress }%)
    { $results } жыйынтыктын { $passed } — ийгиликтүү ({ $rate }%)

    Жакынкы 7 күн: { $week } жазылуу, ырастоону { $pending } күтүүдө.

## Иш убактысы жана жабык күндөр

booking-hours-title = <b>🕘 Иш убактысы</b>
    Кызматты тандаңыз же бүт Борбор үчүн майрамдарды жана жабык күндөрдү белгилеңиз.
booking-hours-service = <b>{ $service }</b> (бир сабак { $minutes } мүнөт) — { $custom ->
    [yes] убакытты координаторлор койгон
   *[other] демейки убакыт
}
booking-hours-closed = жабык
booking-hours-whole-center = бүт Борбор
booking-btn-closures = 🗓 Майрамдар жана жабык күндөр
booking-btn-closures-all = 🗓 Майрамдар жана жабык күндөр (бүт Борбор)
booking-btn-hours-reset = ↩️ Демейки убакытка кайтаруу
booking-btn-day-closed = 🚫 Бул күнү жабык
booking-hours-ask = Иш убактысын жазыңыз ({ $day }), мисалы <code>9:00-12:00, 14:00-17:00</code> (ар бир бөлүгү кеминде { $minutes } мүнөт), же «Бул күнү жабык» баскычын басыңыз.
booking-hours-problem = { $problem ->
    [order] Аягы башталышынан кийин болушу керек.
    [overlap] Убакыт аралыктары бири-бирине кирип кетти.
    [too-short] Ар бир аралык кеминде { $minutes } мүнөт болсун — бул бир сабак.
   *[other] Окуй алган жокмун.
} Мындай жазыңыз: <code>9:00-12:00, 14:00-17:00</code>
booking-hours-saved = ✅ Сакталды. Мурунку жазылуулар күчүндө калат.
booking-closures-title = <b>🗓 Майрамдар жана жабык күндөр — { $scope }</b>
booking-closures-none = Азырынча эч нерсе пландалган эмес.
booking-btn-closure-add = ➕ Күн кошуу
booking-closure-ask = Датаны жазыңыз: <code>31.12.2026</code> — күнү бою жабык, же <code>31.12.2026 10:00-13:00</code> — кыскартылган күн.
booking-closure-problem = { $problem ->
    [range] Дата бүгүндөн эрте эмес жана бир жылдан кеч эмес болсун.
    [hours] Убакытты окуй алган жокмун; мисалы: <code>31.12.2026 10:00-13:00</code>.
   *[other] Датаны окуй алган жокмун; мисалы: <code>31.12.2026</code>.
}
booking-closure-saved = ✅ { $day } үчүн сакталды. { $count ->
    [0] Бул күнгө жазылуу жок.
   *[other] Бул күнгө жазылуулар: { $count } — текшериңиз: /bookings { $date }.
}

## Күнүмдүк кыскача маалымат

booking-digest-title = <b>📅 Жазылуулар</b>: { $count } жаңы
booking-digest-line = • { $service }: { $count }
booking-digest-pending = ⚠️ Ырастоону күтүүдө: { $count } — /bookings
