## Өлкөлөр боюнча маалымдамалар, шашылыш жардам, издөө, кызматкерлердин буйруктары.

guides-title = <b>📚 Маалымдамалар</b>
    Өлкөнү тандаңыз — документтер, иш, укуктар жана жардам тууралуу баары ошол жерде.
guides-btn-search = 🔍 Издөө
guides-btn-search-again = 🔍 Дагы издөө
guides-btn-download = 📥 Маалымдаманы толук жүктөп алуу
guides-btn-sos = 🆘 Шашылыш учурда
guides-btn-sos-other = 🌍 Башка өлкө
guides-btn-ask = 💬 Борборго суроо берүү
guides-btn-book = 📅 Консультацияга жазылуу
guides-btn-prev = ◀ { $page }/{ $total }
guides-btn-next = { $page }/{ $total } ▶
guides-btn-prev-section = ◀ Мурунку
guides-btn-next-section = Кийинки бөлүм ▶
guides-btn-link = 📖 { $title }
guides-dest-as-of = ℹ️ Маалымат { $year }-жылдын { $month } айындагы абал боюнча. Эрежелер өзгөрүп турат — жолго чыгаар алдында Борбордон тактаңыз.
guides-choose-section = Бөлүмдү тандаңыз.
guides-as-of = ℹ️ Маалымат { $year }-жылдын { $month } айындагы абал боюнча
guides-checked = ✅ Борбор текшерген: { $date }
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
guides-sources = 📎 Булактар: { $sources }
guides-page = <i>{ $total } беттин { $page }-бети</i>
guides-updated = Маалымдама жаңыланды — жаңы нускасын көрсөтүп жатам.
guides-download-caption = { $title }: бүт маалымдама бир файлда. Браузерден ачыңыз — интернетсиз да окуса болот.
guides-download-sent = Файл төмөндө жөнөтүлдү.

guides-search-prompt = <b>🔍 Маалымдамалардан издөө</b>
    Бир-эки сөз жазыңыз. Мисалы: <i>патент</i>, <i>каттоо</i>, <i>кара тизме</i>, <i>паспортту алып коюшту</i>.
guides-search-results = Табылганы:
guides-search-none = Бул суроо боюнча маалымдамалардан эч нерсе табылган жок.

    Борборго суроо бериңиз же консультацияга жазылыңыз — адис жооп берет.
guides-search-not-text = Суроону сөз менен жазыңыз — мисалы, <i>каттоо</i>.

guides-sos-center = 🏢 { $place }. Кеңешчилер бул чатта { $schedule } (Бишкек убактысы менен) жооп беришет.
guides-sos-choose = <b>🆘 Шашылыш жардам</b>
    Кайсы өлкө үчүн?

guides-status-title = <b>Маалымдамалар</b>: нускасы <code>{ $version }</code>, жүктөлгөн { $loaded }
guides-status-sections = Өлкөлөр боюнча бөлүмдөр: { $counts }
guides-status-overdue = <b>Текшерүү мөөнөтү өткөн: { $count }</b>
guides-status-soon = Жакынкы 30 күндө текшерүү керек: { $count }
guides-status-item = • { $dest }/{ $section } — { $date } чейин
guides-status-last-failed = ⚠️ Акыркы жаңылоо ишке ашкан жок: { $count } көйгөй. Мурдагы нускасы иштеп жатат.
guides-status-unchecked = <b>Борбордо азырынча эч ким текшере элек: { $count }</b>
guides-status-unchecked-item = • { $item_key } — маалымат { $year }-жылдын { $month } айындагы абал боюнча
guides-status-to-check = <b>⚠ Тез өзгөрүүчү, расмий барактан текшерүү керек болгон маалыматтар: { $count }</b>
guides-status-to-check-item = • { $item_key }: { $item }
guides-status-checked-item = • { $item_key } — { $name }, { $date }
guides-status-checked = Борбордо текшерилген: { $count }
guides-status-campaigns = <b>Эскертмелер: { $count }</b>
guides-status-campaign-item = • { $item_key } — маалымат { $year }-жылдын { $month } айындагы абал боюнча
guides-status-campaign-checked = • { $item_key } — маалымат { $year }-жылдын { $month } айындагы абал боюнча, текшерилген: { $date }
guides-checked-ok = ✅ Жазылды: <code>{ $item_key }</code> бөлүмүн { $name } текшерди ({ $date }). Эми адамдар «Борбор текшерген: { $date }» деп көрүшөт.
guides-checked-usage = Буйруктан кийин бөлүмдү жазыңыз, мисалы <code>/content_checked russia/entry_ban</code>, шашылыш карточка үчүн — <code>/content_checked sos/russia</code>. Текшериле элек бөлүмдөр — /content_status ичинде.
guides-checked-unknown = <code>{ $item_key }</code> деген бөлүм жок. «өлкө/бөлүм» түрүндө жазыңыз, мисалы <code>russia/entry_ban</code>; тизмеси /content_status ичинде.
guides-reload-ok = ✅ Бардык материалдар жаңыланып, жарыяланды (№{ $release } чыгарылыш): нускасы <code>{ $version }</code>, маалымдама бөлүмдөрү — { $sections }, мөөнөтү өткөн — { $overdue }. Боттун бардык нускалары бир нече секундда ага өтөт.
guides-reload-failed = ⚠️ Жаңы файлдар кабыл алынган жок: { $count } көйгөй. Колдонуучулар мурдагыдай эле <code>{ $version }</code> нускасын көрүшөт. Оңдоп, /reload_content кайра жөнөтүңүз.
guides-reload-more = …жана дагы { $count }.

guides-export-contents = Мазмуну
guides-export-sources = Булактар
guides-export-emergency = Шашылыш учурда
guides-export-note = Эрежелер тез-тез өзгөрөт. Жолго чыгаар алдында маалыматты Борбордон же расмий сайттан текшериңиз.
guides-export-generated = Файл түзүлгөн күн
