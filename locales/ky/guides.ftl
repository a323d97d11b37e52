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
guides-dest-verified = ✅ Текшерилген: { $date }. Эрежелер өзгөрүп турат — жолго чыгаар алдында Борбордон тактаңыз.
guides-verified = ✅ Текшерилген: { $date }
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

guides-sos-choose = <b>🆘 Шашылыш жардам</b>
    Кайсы өлкө үчүн?

guides-status-title = <b>Маалымдамалар</b>: нускасы <code>{ $version }</code>, жүктөлгөн { $loaded }
guides-status-sections = Өлкөлөр боюнча бөлүмдөр: { $counts }
guides-status-overdue = <b>Текшерүү мөөнөтү өткөн: { $count }</b>
guides-status-soon = Жакынкы 30 күндө текшерүү керек: { $count }
guides-status-item = • { $dest }/{ $section } — { $date } чейин
guides-status-last-failed = ⚠️ Акыркы жаңылоо ишке ашкан жок: { $count } көйгөй. Мурдагы нускасы иштеп жатат.
guides-reload-ok = ✅ Маалымдамалар жаңыланды: нускасы <code>{ $version }</code>, бөлүмдөр — { $sections }, мөөнөтү өткөн — { $overdue }.
guides-reload-failed = ⚠️ Жаңы файлдар кабыл алынган жок: { $count } көйгөй. Колдонуучулар мурдагыдай эле <code>{ $version }</code> нускасын көрүшөт. Оңдоп, /reload_content кайра жөнөтүңүз.
guides-reload-more = …жана дагы { $count }.

guides-export-contents = Мазмуну
guides-export-sources = Булактар
guides-export-verified = Текшерилген
guides-export-emergency = Шашылыш учурда
guides-export-note = Эрежелер тез-тез өзгөрөт. Жолго чыгаар алдында маалыматты Борбордон же расмий сайттан текшериңиз.
guides-export-generated = Файл түзүлгөн күн
