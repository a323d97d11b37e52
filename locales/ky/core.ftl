## Негизги бөлүм: таанышуу, меню, жөндөөлөр, купуялык, ролдор, каталар.

-bot = Жол
-center = Борбор

kb-menu = 🏠 Меню
kb-sos = 🆘 SOS

btn-home = 🏠 Меню
btn-back = ◀ Артка

menu-hint = Баскычтарды колдонуңуз. 🏠 Меню жана 🆘 SOS чаттын ылдыйында дайыма турат.
menu-title = <b>Башкы меню</b>
    Эмне кылалы?
menu-title-anonymous = <b>Башкы меню</b>
    Сиз ботту эч нерсе сактабай колдонуп жатасыз. Маалымдамалар, келишимди текшерүү жана шашылыш жардам толук иштейт. Эскертүү алуу же { -center }го жазылуу үчүн ⚙️ Жөндөөлөр → Менин абалым бөлүмүн ачыңыз.
menu-guides = 📚 Маалымдамалар
menu-check = ✅ Жумуш сунушун текшерүү
menu-booking = 📅 Борборго жазылуу
menu-reminders = ⏰ Эскертүүлөрүм
menu-sos = 🆘 Шашылыш жардам
menu-ask = 💬 Борборго суроо
menu-settings = ⚙️ Жөндөөлөр
menu-coming-soon = Бул бөлүм азырынча даярдалып жатат, жакында ачылат. Маалымдамалар жана шашылыш жардам азыр эле иштейт.

cmd-start = Башынан баштоо
cmd-menu = Башкы меню
cmd-guides = Өлкөлөр боюнча маалымдамалар
cmd-sos = Шашылыш жардам
cmd-search = Маалымдамалардан издөө
cmd-settings = Жөндөөлөр
cmd-language = Тилди алмаштыруу
cmd-privacy = Эмне сакталат жана эмне үчүн
cmd-mydata = Менин маалыматтарым
cmd-deletemydata = Маалыматтарымды өчүрүү
cmd-cancel = Аракетти токтотуу
cmd-help = Кантип колдонуу керек
cmd-content-status = Текшерүүгө тийиш бөлүмдөр
cmd-content-checked = Бөлүмдү расмий барак менен салыштырып текшергениңизди белгилөө
cmd-reload-content = Маалымдамаларды жаңыртуу
cmd-check = Жумуш сунушун текшерүү
cmd-agency = Агенттиктин лицензиясы барбы?
cmd-mybookings = Борборго жазылууларым
cmd-reminders = Эскертүүлөрүм
cmd-check-stats = Сунуштарды текшерүү: жыйынтыктар
cmd-import-agencies = Лицензиясы бар агенттиктердин тизмесин жүктөө
cmd-bookings = Күндүн жазылуулары
cmd-bookings-csv = Жазылуулар CSV файлы менен
cmd-hours = Иш убактысы жана дем алыш күндөр
cmd-stats = Сертификация жана жазылуулар: сандар
cmd-roles = Кимде кандай роль
cmd-grant = Роль берүү
cmd-revoke = Ролду алуу

welcome = Салам, { $name }! Мен <b>{ -bot }</b> — Бишкектеги мигранттарды чет өлкөгө жөнөтүү алдында даярдоо жана кайра интеграциялоо борборунун жардамчысымын. Чет өлкөдө иштөөгө даярданууга, ал жакта коопсуз жүрүүгө жана үйгө аман-эсен кайтууга жардам берем.
language-choose = Тилди тандаңыз · Выберите язык · Choose your language
language-changed = Даяр — эми сиз менен кыргызча сүйлөшөм.
welcome-back = Кайра кош келиңиз, { $name }!
consent-text = <b>Алгач — маалыматтарыңыз тууралуу</b>

    Эскертүү жөнөтүп, кабыл алууга жазуу үчүн бот сиздин абалыңызды (барам / чет өлкөдөмүн / кайттым), өлкөнү жана бир датаны эстеп калышы керек.

    • Паспорт маалыматтарыңызды жана Telegram'дагы атыңызды сактабайбыз.
    • Аларды сизге жардам берүү үчүн Борбордун кызматкерлери гана көрөт.
    • Баарын /mydata менен көрүп, /deletemydata менен каалаган убакта өчүрө аласыз.

    Макулсузбу?
consent-agree = ✅ Макулмун
consent-decline = 🙈 Сактабай эле улантуу
consent-more = 📖 Так эмне сакталат
privacy-full = <b>{ -bot } эмнени сактайт жана эмне үчүн</b>

    <b>Макулдук бергенге чейин:</b> Telegram'дагы номериңиз (id) жана тандаган тилиңиз гана — бот сизге жооп бере алышы үчүн. Жумуш сунушун текшерсеңиз, кийин улантуу үчүн жоопторуңуз да сакталат.

    <b>Макулдук бергенден кийин:</b>
    • абалыңыз, өлкө жана бир дата (кетүү, келүү же кайтуу) — эскертүүлөрдү өз убагында жөнөтүү үчүн;
    • убакыт алкагыңыз — билдирүүлөр түнкүсүн келбеши үчүн;
    • жазылууда, келишимди текшерүүдө жана Борборго суроодо жазгандарыңыз — сизге кызмат көрсөтүү үчүн;
    • жаңылыктарды алгыңыз келеби же жокпу.

    <b>Эч качан сакталбайт:</b> Telegram'дагы атыңыз жана username, паспорт маалыматтары, журналдарда билдирүүлөрдүн тексти.

    <b>Ким көрөт:</b> сизге жардам берүү үчүн Борбордун кызматкерлери гана. Иш берүүчүлөргө, агенттиктерге жана полицияга берилбейт.

    <b>Канча убакыт:</b> өзүңүз өчүргөнгө чейин. /mydata баарын көрсөтөт, /deletemydata биротоло өчүрөт (сизди аныктай турган эч нерсеси жок жалпы сандар гана калат).
situation-question = Азыр абалыңыз кандай?
situation-planning = ✈️ Чет өлкөгө иштегени барам
situation-abroad = 🌍 Азыр чет өлкөдө иштеп жатам
situation-returned = 🏡 Үйгө кайтып келдим
destination-question = { $situation ->
    [abroad] Кайсы өлкөдөсүз?
    [returned] Кайсы өлкөдө иштедиңиз?
   *[other] Кайсы өлкөгө барасыз?
}
destination-russia = 🇷🇺 Россия
destination-turkey = 🇹🇷 Түркия
destination-korea = 🇰🇷 Түштүк Корея
destination-europe = 🇪🇺 Европа жана Британия
destination-other = 🌐 Башка / азырынча чечкен жокмун
destination-other-country = 🌐 Башка өлкө
date-question = { $situation ->
    [abroad] Качан келдиңиз? Датаны жазыңыз, мисалы <code>15.03.2026</code>.
    [returned] Качан кайтып келдиңиз? Датаны жазыңыз, мисалы <code>15.03.2026</code>.
   *[other] Качан жөнөйсүз? Датаны жазыңыз, мисалы <code>15.03.2027</code>.
}
    Ушул дата боюнча { -bot } маанилүү нерселерди өз убагында эскертет.
date-skip = { $situation ->
    [planning] Азырынча билбейм — өткөрүп жиберүү
   *[other] Так эсимде жок — өткөрүп жиберүү
}
date-unreadable = Датаны окуй албадым. Мындай жазыңыз: <code>15.03.2027</code> (күн.ай.жыл) же <code>15-март 2027</code>, же «өткөрүп жиберүү» баскычын басыңыз.
date-problem = { $problem ->
    [must-be-future] Бул дата өтүп кеткен. Качан жөнөөнү пландап жатканыңызды жазыңыз.
    [must-be-past] Бул дата али келе элек. Болуп өткөн датаны жазыңыз.
    [too-far-future] Бул 3 жылдан ашык убакыттан кийин. Жылын текшериңизчи.
   *[other] Дата өтө эле эски. Жылын текшериңизчи.
}
onboarding-done = <b>Даяр!</b> { $situation ->
    [abroad] Сиз иштеген өлкө:
    [returned] Сиз кайтып келген өлкө:
   *[other] Сиз бара турган өлкө:
} { $destination ->
    [russia] Россия
    [turkey] Түркия
    [korea] Түштүк Корея
    [europe] Европа же Британия
   *[other] башка өлкө
}{ $has_date ->
    [yes] {" "}({ $date })
   *[other] {""}
}. Муну каалаган убакта ⚙️ Жөндөөлөрдөн өзгөртө аласыз.
onboarding-anonymous-done = Макул — сиз тууралуу эч нерсе сакталбайт. Маалымдамалар, келишимди текшерүү жана шашылыш жардам сизге ачык.
deeplink-unknown = Бул шилтеменин мөөнөтү өтүп кеткен. Мына башкы меню.
deeplink-needs-profile = Бул шилтеме үчүн профилиңиз керек. Адегенде макулдук бериңиз (⚙️ Жөндөөлөр → Менин абалым).

mydata-nothing = { -bot } сиз тууралуу эч нерсе сактабайт.
mydata-title = <b>{ -bot } сиз тууралуу эмнени сактайт</b>
mydata-telegram-id = Telegram id: <code>{ $value }</code>
mydata-language = Тил: { $value }
mydata-language-name = { $code ->
    [ky] кыргызча
    [ru] орусча
    [en] англисче
   *[other] { $code }
}
mydata-consent = Маалымат иштетүүгө макулдук: { $value }
mydata-situation = Абалы: { $value ->
    [planning] чет өлкөгө барууну пландап жатат
    [abroad] чет өлкөдө иштеп жатат
    [returned] үйгө кайтып келген
   *[other] { $value }
}
mydata-destination = Өлкө: { $value ->
    [russia] Россия
    [turkey] Түркия
    [korea] Түштүк Корея
    [europe] Европа жана Британия
    [other] башка / чечиле элек
   *[unknown] { $value }
}
mydata-departure = Жөнөй турган күн: { $value }
mydata-arrival = Келген күн: { $value }
mydata-return = Кайткан күн: { $value }
mydata-timezone = Убакыт алкагы: { $value }
mydata-news = Жаңылыктар: { $value ->
    [True] ооба
   *[other] жок
}
mydata-first-seen = Биринчи билдирүү: { $value }
mydata-section = { $section }: { $count } жазуу
mydata-section-roles = Борбордогу ролдор
mydata-section-conversation = Аягына чыкпаган кадамдар
mydata-section-scheduled-messages = Жөнөтүлүүнү күткөн билдирүүлөр
mydata-section-contract-check = Жумуш сунуштарын текшерүүлөр
mydata-section-agency-imports = Агенттиктердин тизмесин жүктөөлөр
mydata-section-bookings = Жазылуулар
mydata-section-broadcasts = Жаңылык билдирүүлөрү
mydata-section-cases = Борборго суроолор
mydata-section-reminders = Эскертүүлөр жана жооптор
mydata-section-content-checks = Сиз текшерген маалымдама бөлүмдөрү
mydata-section-content-releases = Сиз жарыялаган материалдардын версиялары
mydata-footer = Тиркелген файлда баары толугу менен бар. Өчүрүү үчүн: /deletemydata
mydata-json-caption = Бардык маалыматыңыз бир файлда (JSON).
erase-confirm = <b>Бардык маалыматыңызды өчүрөлүбү?</b>
    Профилиңиз, жазылууларыңыз, эскертүүлөрүңүз жана Борборго берген суроолоруңуз биротоло өчүрүлөт. Муну кайра калыбына келтирүүгө болбойт.
erase-yes = 🗑 Ооба, баарын өчүр
erase-no = Жок, калсын
erase-done = Маалыматыңыз өчүрүлдү. Сизди аныктай турган эч нерсеси жок жалпы сандар гана калды.
erase-restart = Ботту кайра колдонгуңуз келсе, /start жөнөтүңүз.
erase-cancelled = Эч нерсе өчүрүлгөн жок.

settings-anonymous = <b>Жөндөөлөр</b>
    Тил: { $language }
    Сиз тууралуу башка эч нерсе сакталган эмес.
settings-title = <b>Жөндөөлөр</b>
    Тил: { $language }
    Абалы: { $situation ->
        [planning] чет өлкөгө барууну пландап жатам
        [abroad] чет өлкөдө иштеп жатам
        [returned] үйгө кайтып келдим
       *[other] көрсөтүлгөн эмес
    }
    Өлкө: { $destination ->
        [russia] Россия
        [turkey] Түркия
        [korea] Түштүк Корея
        [europe] Европа жана Британия
        [other] башка / чечиле элек
       *[none] көрсөтүлгөн эмес
    }
    Убакыт алкагы: { $timezone }
    Борбордун жаңылыктары: { $news ->
        [on] күйгүзүлгөн
       *[off] өчүрүлгөн
    }
settings-language = 🌐 Тил
settings-profile = 🧭 Менин абалым жана даталар
settings-timezone = 🕒 Убакыт алкагы
settings-news = { $news ->
    [on] 🔕 Жаңылыктарды өчүрүү
   *[off] 🔔 Жаңылыктарды күйгүзүү
}
settings-mydata = 📄 Менин маалыматтарым
settings-delete = 🗑 Маалыматтарымды өчүрүү
settings-timezone-question = Кайсы жердесиз? Эскертүүлөр жергиликтүү убакыт боюнча күндүз келет.
settings-needs-consent = Бул үчүн макулдугуңуз керек: ⚙️ Жөндөөлөр → Менин абалым.
settings-news-changed = { $news ->
    [on] Жаңылыктар күйгүзүлдү.
   *[off] Жаңылыктар өчүрүлдү. Өзүңүздүн жазылууларыңыз тууралуу эскертүүлөр баары бир келет.
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

access-denied = Кечиресиз, бул Борбордун кызматкерлери үчүн гана.
roles-title = <b>Ролдор</b>
roles-line = <code>{ $user_id }</code> — { $role }
roles-help = Роль берүү: /grant &lt;id&gt; · алуу: /revoke &lt;id&gt; &lt;роль&gt;
roles-none = Азырынча эч кимде роль жок (ADMIN_IDS тизмесиндеги администраторлордо бардык укук бар).
roles-usage = Адамдын Telegram id'син жазыңыз: <code>/grant 123456789</code> же <code>/grant 123456789 staff</code>. Ролдор: staff, coordinator, admin.
roles-choose = <code>{ $user_id }</code> үчүн ролдор:
roles-grant-button = ➕ { $role }
roles-revoke-button = ➖ { $role }
roles-unknown = «{ $role }» деген роль жок. Ролдор: staff, coordinator, admin.
roles-grant-done = <code>{ $user_id }</code> эми { $role }.
roles-revoke-done = <code>{ $user_id }</code> мындан ары { $role } эмес.

error-generic = Кечиресиз, бизде бир нерсе бузулуп калды, акыркы жөнөткөнүңүз сакталган жок. Мурунку жоопторуңуз сакталды. Кайра жөнөтүңүз же менюну ачыңыз: /menu
cancelled = Токтотулду. Сакталгандар жоголгон жок.
help-text = <b>Ботту кантип колдонуу керек</b>
    • Баскычтарды басыңыз — жазуунун кереги жок.
    • 🏠 Меню жана 🆘 SOS дайыма ылдыйда.
    • /language — тилди алмаштыруу, /settings — маалыматтарыңыз.
    • /privacy — эмне сакталат; /mydata — көрүү; /deletemydata — өчүрүү.
    • /cancel — каалаган аракетти токтотуу.
unknown-command = Мындай буйрук жок. Мына меню.
not-understood = Түшүнгөн жокмун. Менюдан тандаңызчы.
button-outdated = Бул баскыч эскирип калган. Менюну кайра ачыңыз.
