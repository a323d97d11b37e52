## Кызматкерлердин билдирүүлөрү: /broadcast (текст, кимге, алдын ала көрүү, жөнөтүү), жөнөтүүнүн
## жүрүшү, жактыруу, /broadcasts (тарых); жана ар бир билдирүүнүн астындагы жаңылыктар баскычы.

## Ар бир билдирүүнүн астында (алуучулар көрөт)
broadcast-news-off = 🔕 Жаңылыктарды өчүрүү
broadcast-news-on = 🔔 Жаңылыктарды кайра алуу
broadcast-news-changed = { $news ->
    [off] Жаңылыктар өчүрүлдү. Жазылууларыңыз тууралуу эскертүүлөр мурдагыдай эле келет. Жаңылыктарды ⚙️ Жөндөөлөрдөн кайра күйгүзсөңүз болот.
   *[on] Жаңылыктар кайра күйгүзүлдү.
}
broadcast-news-unknown = Бул жөндөө маалыматтарды сактоого макулдук бергениңизден кийин ⚙️ Жөндөөлөрдө пайда болот (/start).

## Долбоор
broadcast-draft-title = 📣 <b>Билдирүү №{ $id }</b> · долбоор
broadcast-audience-line = 👥 Кимге: { $segment }
broadcast-languages-line = 🗣 Тилдер: { $languages }
broadcast-recipients-line = 📬 Алуучулар: <b>{ $count }</b>
broadcast-text-one-line = 📝 Баарына бир текст: { $mark }
broadcast-texts-line = 📝 Тексттер: { $texts }
broadcast-media-line = 📎 Тиркеме: { $kind ->
    [photo] сүрөт
    [document] файл
   *[none] жок
}
broadcast-when-line = 🕒 Качан: { $when }
broadcast-when-now = ырастагандан кийин дароо
broadcast-when-at = { $time } (Бишкек убактысы)
broadcast-problem = { $problem ->
    [missing-text] «{ $language }» үчүн текст жок: аны жазыңыз же 👥 Кимге бөлүмүнөн бул тилди алып салыңыз.
    [too-long] «{ $language }» тексти өтө узун: тиркеме менен текст 1024 белгиден ашпашы керек.
    [no-recipients] Бул шарттарга эч ким туура келбейт.
   *[no-language] 👥 Кимге бөлүмүнөн жок дегенде бир тил тандаңыз.
}
broadcast-ready = ✅ Жөнөтсө болот. Адегенде 👁 Алдын ала көрүү аркылуу текшериңиз.
broadcast-needs-approval = Алуучулар { $threshold } адамдан көп: билдирүүнү башка кызматкер жактырышы керек.

broadcast-btn-text-one = ✏️ Баарына бир текст
broadcast-btn-mode = { $mode ->
    [one] 🌐 Ар бир тилге өз тексти
   *[each] 🌐 Баарына бир текст
}
broadcast-btn-audience = 👥 Кимге
broadcast-btn-media = 📎 Тиркеме
broadcast-btn-when = 🕒 Качан
broadcast-btn-preview = 👁 Алдын ала көрүү
broadcast-btn-send = 📤 Жөнөтүү…
broadcast-btn-discard = 🗑 Долбоорду өчүрүү
broadcast-btn-media-remove = ✖️ Тиркемени алып салуу
broadcast-btn-now = ⚡ Жок, дароо жөнөтүү
broadcast-btn-open = ✏️ Долбоорду ачуу

broadcast-gone = Бул билдирүү мындан ары жок.
broadcast-not-draft = Бул билдирүүнү эми өзгөртүүгө болбойт ({ $status ->
    [approval] жактырууну күтүп жатат
    [scheduled] пландалган
    [running] жөнөтүлүп жатат
    [paused] тыныгууда
    [done] аяктады
    [cancelled] жокко чыгарылды
   *[other] өчүрүлгөн
}).
broadcast-discarded = №{ $id } долбоор өчүрүлдү. Жаңысын баштоо: /broadcast.

## Тексттер жана тиркеме
broadcast-text-prompt = Тил: <b>{ $language }</b>. Текстти жөнөтүңүз ({ $limit } белгиге чейин).
    Аны Telegram'дын өзүндө жасалгалаңыз (калың, курсив, шилтемелер) же HTML менен жазыңыз: &lt;b&gt;калың&lt;/b&gt;, &lt;i&gt;курсив&lt;/i&gt;, &lt;a href="https://…"&gt;шилтеме&lt;/a&gt;.
    Жазуусу бар сүрөт же файл жөнөтсөңүз да болот.{ $has_current ->
        [yes] {" "}Төмөндө азыркы текст: көчүрүп алып, оңдоңуз.
       *[no] {""}
    }
broadcast-all-languages = бардык тилдер
broadcast-text-expected = Сураныч, текст жөнөтүңүз (же жазуусу бар сүрөт же файл).
broadcast-html-error = Telegram мындай текстти кабыл албайт: { $kind ->
    [ampersand] жалгыз «&amp;» белгисинин ордуна «&amp;amp;» деп жазыңыз
    [bare-lt] жалгыз «&lt;» белгисинин ордуна «&amp;lt;» деп жазыңыз
    [tag] «{ $detail }» теги колдоого алынбайт (колдонсо болот: b, i, u, s, a, code, pre, blockquote, tg-spoiler)
    [unclosed] «{ $detail }» теги жабылган жок
    [unexpected-close] «{ $detail }» теги ачылбай туруп жабылды
    [mismatched] «{ $detail }» тегдери туура эмес тартипте жабылды
    [link] «{ $detail }» шилтемеси https:// (же tg://, mailto:) менен башталышы керек
    [empty] текст бош
    [too-long] текст өтө узун ({ $detail } белги)
   *[attribute] «{ $detail }» тегинде Telegram кабыл албаган атрибут бар
}. Оңдолгон текстти жөнөтүңүз.
broadcast-text-saved = ✅ Текст сакталды.
broadcast-media-prompt = Билдирүүгө тиркей турган сүрөттү же файлды (PDF, документ) жөнөтүңүз. { $kind ->
    [photo] Азыр сүрөт тиркелген.
    [document] Азыр файл тиркелген.
   *[none] {""}
}
broadcast-media-expected = Сураныч, сүрөт же файл жөнөтүңүз.
broadcast-media-saved = ✅ { $kind ->
    [photo] Сүрөт тиркелди.
   *[document] Файл тиркелди.
} Тиркеме менен ар бир текст 1024 белгиден ашпашы керек.

## Качан
broadcast-when-prompt = Качан жөнөтөбүз? Бишкек убактысы менен жазыңыз: <b>18:30</b> (бүгүн же эртең) же <b>25.12 18:30</b>.
broadcast-when-unreadable = Убакытты түшүнө албадым. Мисалы: 18:30 же 25.12 18:30.
broadcast-when-problem = { $problem ->
    [past] Бул убакыт өтүп кетти (же ага бир мүнөткө жетпей калды).
   *[too-far] Бул бир айдан да кийин.
} Башка убакыт жазыңыз.

## Кимге
broadcast-audience-title = 👥 <b>Билдирүү №{ $id } кимге жөнөтүлөт</b>
broadcast-audience-rules = Билдирүүлөрдү маалыматтарын сактоого макулдук берген, ботту бөгөттөбөгөн жана жаңылыктарды өчүрбөгөн адамдар гана алат. Тилди кошуу же алып салуу үчүн аны басыңыз.
broadcast-any = баары
broadcast-segment-everyone = баарына
broadcast-segment-service = жазылгандар: { $service }
broadcast-segment-since = { $day } тартып активдүү
broadcast-destination = { $value ->
    [russia] 🇷🇺 Россия
    [turkey] 🇹🇷 Түркия
    [korea] 🇰🇷 Түштүк Корея
    [europe] 🇪🇺 Европа жана Британия
   *[other] 🌐 Башка өлкө
}
broadcast-situation = { $value ->
    [planning] ✈️ кетүүгө даярданып жатышат
    [abroad] 🌍 чет өлкөдө иштеп жатышат
   *[returned] 🏡 үйгө кайтып келишкен
}
broadcast-btn-destination = Өлкө: { $value }
broadcast-btn-situation = Абалы: { $value }
broadcast-btn-service = Жазылган: { $value }
broadcast-btn-since = Качантан бери активдүү: { $value }
broadcast-btn-everyone = ♻️ Баарына, бардык тилдерде
broadcast-pick = { $field ->
    [destination] Кайсы өлкө?
    [situation] Кайсы абал?
   *[service] Кайсы кызматка жазылгандарга?
}
broadcast-since-prompt = Кайсы күндөн тартып активдүү? Датаны жазыңыз, мисалы 01.03.2026. (Активдүүлүк — боттогу каалаган кадам же профилдеги өзгөртүү.)
broadcast-since-unreadable = Датаны түшүнө албадым. Мисалы: 01.03.2026.

## Алдын ала көрүү
broadcast-preview-header = 👁 №{ $id } алдын ала көрүү · <b>{ $language }</b> · алуучулар: { $count }{ $missing ->
    [yes] {" "}· ⚠️ текст азырынча жок
   *[no] {""}
}
broadcast-preview-failed = ⚠️ Telegram бул билдирүүнү кабыл алган жок: { $error }. Ал эч бир алуучуга жетпейт — сураныч, оңдоңуз.

## Жөнөтүү
broadcast-confirm = 📤 <b>Билдирүү №{ $id } жөнөтүлсүнбү?</b>
    Алуучулар: <b>{ $count }</b>
    Качан: { $when }{ $approval ->
        [yes] {"\u000A"}Адегенде аны башка кызматкер жактырышы керек.
       *[no] {""}
    }
broadcast-btn-confirm = { $approval ->
    [yes] ✅ Жактырууга жөнөтүү
   *[no] ✅ Ооба, жөнөтүү
}
broadcast-quiet-warning = 🌙 <b>Билдирүү түн ичинде жетет</b> — алуучулардын { $count }/{ $total } үчүн (алардын жергиликтүү убактысы боюнча тынч саат){ $center ->
    [yes] {" "}жана Бишкекте да
   *[no] {""}
}. Аны { $morning } убагына (Бишкек убактысы) пландаңыз же баары бир азыр жөнөтүңүз.
broadcast-btn-quiet-schedule = 🕘 { $morning } убагына пландоо
broadcast-refused = { $reason ->
    [own] Билдирүүнү автор эмес, башка кызматкер жактырышы керек.
    [blocked] Азырынча жөнөтүүгө болбойт: долбоорду ачып, эмне жетишпей турганын караңыз.
    [past] Тандалган убакыт өтүп кетти — жаңысын тандаңыз.
   *[state] Бул буга чейин эле аткарылган же эми керек эмес.
}
broadcast-awaiting-approval = 🕓 Билдирүү №{ $id } (алуучулар: { $count }) башка кызматкердин жактыруусун күтүп жатат. Чечим чыкканда сизге кабар келет.
broadcast-approval-request = 📣 <b>Билдирүү №{ $id } жактырууну күтүп жатат</b>
    Автор: { $author }
    Алуучулар: <b>{ $count }</b> · { $segment }
    Тилдер: { $languages }
    Качан: { $when }
    Жактыруудан мурун 👁 Алдын ала көрүү аркылуу текшериңиз.
broadcast-btn-approve = ✅ Жактыруу
broadcast-btn-reject = ↩️ Авторго кайтаруу
broadcast-approved-by-you = ✅ Сиз билдирүү №{ $id } жактырдыңыз. { $status ->
    [scheduled] Ал белгиленген убакта жөнөтүлөт.
   *[running] Жөнөтүү башталды, автор анын жүрүшүн көрүп турат.
}
broadcast-rejected-by-you = ↩️ Билдирүү №{ $id } долбоор катары авторго кайтарылды.
broadcast-decision = { $decision ->
    [approved] ✅ Билдирүү №{ $id } жактырылды. { $status ->
        [scheduled] Ал белгиленген убакта жөнөтүлөт.
       *[running] Жөнөтүү башталат.
    }
   *[rejected] ↩️ Билдирүү №{ $id } жактырылбай кайтарылды. Ал кайра долбоорлордо: /broadcast.
}

## Жөнөтүүнүн жүрүшү
broadcast-progress-title = { $icon } <b>Билдирүү №{ $id }</b>
broadcast-status = Абалы: { $status ->
    [draft] долбоор
    [approval] жактырууну күтүп жатат
    [scheduled] пландалган
    [running] жөнөтүлүп жатат
    [paused] тыныгууда
    [done] аяктады
   *[cancelled] жокко чыгарылды
}
broadcast-progress-counts = ✅ Жеткирилди: { $sent } · ❌ Ката: { $failed } · 🚫 Ботту бөгөттөгөндөр: { $blocked } · ⏳ Калды: { $remaining }
broadcast-progress-eta = Болжол менен { $hours ->
    [0] { $minutes } мүн
   *[other] { $hours } саат { $minutes } мүн
} калды.
broadcast-progress-skipped = Жөнөтүлгөн жок: { $count } (жаңылыктарды өчүрүшкөн, ботту бөгөттөшкөн же кезеги келгенге чейин жокко чыгарылган).
broadcast-progress-retried = Үзгүлтүктөн кийин кайра жөнөтүлдү: { $count } (бул адамдар билдирүүнү эки жолу алышы мүмкүн).
broadcast-btn-pause = ⏸ Тыныгуу
broadcast-btn-resume = ▶️ Улантуу
broadcast-btn-cancel = ⏹ Жокко чыгаруу
broadcast-btn-cancel-yes = ⏹ Ооба, жокко чыгаруу
broadcast-btn-withdraw = ✏️ Долбоорго кайтаруу
broadcast-btn-progress = 📊 Жөнөтүүнүн жүрүшү
broadcast-cancel-confirm = Билдирүү №{ $id } жокко чыгарылсынбы? Жөнөтүлүп калгандары калат, калгандар аны албайт.

## Тарых
broadcast-history-title = 📚 <b>Билдирүүлөр</b> ({ $count })
broadcast-history-empty = Азырынча билдирүүлөр жок. Биринчисин жазуу: /broadcast.
broadcast-history-line = { $icon } <b>№{ $id }</b> · { $time } · { $status ->
    [draft] долбоор
    [approval] жактырууну күтүп жатат
    [scheduled] пландалган
    [running] жөнөтүлүп жатат
    [paused] тыныгууда
    [done] аяктады
   *[cancelled] жокко чыгарылды
}
    Автор: { $author } · алуучулар: { $count } · { $segment }{ $figures }
broadcast-history-figures = {"\u000A"}✅ { $sent } · ❌ { $failed } · 🚫 { $blocked }
broadcast-card-title = { $icon } <b>Билдирүү №{ $id }</b>
broadcast-card-author = Автор: { $author }
broadcast-card-news-off = 🔕 Ушул кабардын баскычы менен жаңылыктарды өчүргөндөр: { $count }
broadcast-card-approved = Жактырган: { $who }
broadcast-card-trail = <b>Эмне болду:</b>
broadcast-trail-line = { $time } — { $action ->
    [create] түзүлдү
    [submit] жөнөтүүгө берилди
    [approve] жактырылды
    [reject] авторго кайтарылды
    [withdraw] долбоорго кайтарылды
    [start] жөнөтүү башталды
    [pause] тыныгууга коюлду
    [resume] улантылды
    [cancel] жокко чыгарылды
    [finish] аяктады
   *[other] { $action }
} · { $who }
broadcast-trail-system = бот

## Буйруктар менюсу (кызматкерлер)
cmd-broadcast = Билдирүү жазуу
cmd-broadcasts = Билдирүүлөр: тарыхы жана жөнөтүлүшү
