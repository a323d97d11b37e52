## Кызматкерлердин консолу (issue 18): кирүү шилтемеси, веб-барактар, /stats.
cmd-console = Кызматкерлердин консолун ачуу (кирүү шилтемеси)
console-link = 🖥 <b>Кызматкерлердин консолу</b>
    Кирүү шилтемеси бир жолу гана, { $minutes } мүнөт жана сиз үчүн гана иштейт. Аны браузерде ачыңыз:
    { $url }
mydata-section-console = Кызматкерлердин консолуна кирүүлөр

console-title = Кызматкерлердин консолу
console-nav-label = Бөлүмдөр
console-nav-dashboard = Көрсөткүчтөр
console-nav-week = Жума
console-sign-out = Чыгуу

console-login-title = Кызматкерлердин консолуна кирүү
console-login-hint = Кирүү үчүн баскычты басыңыз. Андан кийин шилтеме иштебей калат.
console-login-button = Кирүү
console-login-unknown = Бул кирүү шилтемеси жараксыз. Жаңысын алуу үчүн ботко /console жөнөтүңүз.
console-login-used = Бул шилтеме менен мурда эле киришкен. Жаңысын алуу үчүн ботко /console жөнөтүңүз.
console-login-expired = Шилтеменин мөөнөтү бүттү. Жаңысын алуу үчүн ботко /console жөнөтүңүз.
console-login-no-role = Консоль Борбордун кызматкерлери жана координаторлору үчүн гана.
console-signed-out = Сиз чыктыңыз. Кайра кирүү үчүн ботко /console жөнөтүңүз.
console-error-signed-out = Сиз кирген жоксуз же сеанс бүттү. Кирүү шилтемесин алуу үчүн ботко /console жөнөтүңүз.
console-error-forbidden = Бул барак сиздин ролуңуз үчүн жеткиликсиз.
console-error-csrf = Форманын мөөнөтү өтүп кетти. Артка кайтып, баракты жаңыртып, кайра аракет кылыңыз.

## Көрсөткүчтөр
console-range-start = Башталышы
console-range-end = Аягы
console-range-show = Көрсөтүү
console-csv = CSV жүктөп алуу
console-aggregates-note = Жалпы сандар гана: бир да график айрым адамды көрсөтпөйт. { $minimum } адамдан аз топтор бирге көрсөтүлөт.
console-no-data = Бул күндөр боюнча маалымат жок
console-unknown = Көрсөтүлгөн эмес
console-few = Ар биринде { $minimum } адамдан аз
console-situation-planning = Кетүүгө камданып жатышат
console-situation-abroad = Чет өлкөдө иштешет
console-situation-returned = Кайтып келишти
console-destination-russia = Россия
console-destination-turkey = Түркия
console-destination-korea = Түштүк Корея
console-destination-europe = Европа жана Улуу Британия
console-destination-other = Башка / чече элек
console-chart-people = Jol колдоно баштаган адамдар
console-chart-people-weekly = Жумалар боюнча жаңы адамдар
console-chart-bookings = Жумалар боюнча жазылуулар, келгендер жана келбегендер
console-chart-certification = Ашпозчулардын сертификациясы: жылдык максатка карай
console-chart-job-offers = Жумуш сунушун текшерүүнүн жыйынтыктары
console-chart-job-offer-warnings = Жумуш сунуштарындагы эң көп кездешкен коркунучтуу белгилер
console-chart-cases = Борборго суроолор
console-chart-broadcasts = Жаңылык таратуулар
console-axis-week = Жуманын башы
console-axis-month = { $year }-жылдын айы
console-axis-people = Адам
console-axis-bookings = Жазылуу
console-axis-checks = Текшерүү
console-axis-cases = Жаңы суроолор
console-axis-messages = Билдирүү
console-axis-situation = Абалы
console-axis-destination = Өлкө
console-axis-language = Тил
console-rate-attendance = Келишти, %
console-rate-no-show = Келишкен жок, %
console-certified-month = Айда сертификат алгандар
console-certified-so-far = Быйыл сертификат алгандар: { $certified }
console-target = Жылдык максат: { $target }
console-level-red = Кызыл
console-level-amber = Сары
console-level-green = Жашыл
console-cases-new = Жаңы суроолор
console-cases-open = Ачык (Борбордун кезеги): { $count }
console-cases-waiting = Адамдын жообун күтүп жатат: { $count }
console-cases-median = Биринчи жооптун медианасы: { $hours } жумуш саат
console-cases-median-none = Бул күндөрдө жооп берилген суроо жок
console-broadcast-delivered = Жеткирилди
console-broadcast-blocked = Ботту бөгөттөштү
console-broadcast-news-off = Жаңылыктарды өчүрүштү

## /stats
console-stats-title = Jol: { $start } – { $end } көрсөткүчтөрү

## Жума
console-week-title = Жума: { $start } – { $end }
console-week-previous = Өткөн жума
console-week-next = Кийинки жума
console-week-this = Ушул жума
console-week-note = Көрүү үчүн гана: жазылууларды ботто ырасташат, жылдырышат жана белгилешет.
console-week-service = Кызмат
console-week-booked = { $capacity } орундун { $booked } ээленди
console-week-waiting = Күтүү тизмеси: { $count }
console-week-closed = Жабык
console-week-other-hours = Бул күнү башка сааттар
console-weekday = { $day ->
    [1] Дш
    [2] Шш
    [3] Шр
    [4] Бш
    [5] Жм
    [6] Иш
   *[7] Жк
}
