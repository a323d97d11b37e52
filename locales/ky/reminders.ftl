## Эскертүүлөр: даталарга байланган кампаниялар, /reminders, сурамжылоолор, координаторлорго кабар жана күндүк кыскача маалымат.
## Эскертүүлөрдүн тексттери content/campaigns.yaml файлында (ky, ru, en катар).

reminders-manage = ⏰ Эскертүү жөндөөлөрү
reminders-book = { $service ->
    [consultation] 📅 Консультацияга жазылуу
    [certification] 📅 Көндүмдөрдү тастыктоого жазылуу
    [reintegration] 📅 Кайтып келгенден кийинки колдоого жазылуу
    [orientation] 📅 Жолго чыгуу алдындагы даярдыкка жазылуу
   *[other] 📅 Борборго жазылуу
}

## Сурамжылоолор (эскертүүнүн астындагы баскычтар)
reminders-survey-thanks = Рахмат! Жоопторуңуз сакталды.
reminders-survey-alerted = Борбордун координатору жообуңузду көрөт. Сүйлөшкүңүз келсе, убакытка жазылыңыз:
reminders-survey-offer = Кааласаңыз, Борборго жазылыңыз:
reminders-survey-gone = Бул суроо эми берилбейт. Алдыда эмне бар экенин көрүү үчүн ⏰ Эскертүүлөрүм бөлүмүн ачыңыз.
reminders-need-consent-short = Адегенде даталарыңызды сактоого уруксат бериңиз: ⚙️ Жөндөөлөр → 🧭 Менин абалым жана даталар.

## /reminders
reminders-title = <b>⏰ Эскертүүлөрүм</b>
reminders-zone = Убакыт сиздин убакыт алкагыңыз боюнча: { $zone }.
reminders-item = • { $when } — { $title }
reminders-none = Азырынча эч нерсе пландалган эмес. Жаңы эскертүүлөр ушул жерде көрүнөт.
reminders-need-date = Эскертүүлөр сиздин датаңызга (жөнөгөн, келген же кайтып келген күнгө) байланат. Аны 🧭 Менин абалым жана даталар бөлүмүнө кошуңуз.
reminders-need-consent = <b>⏰ Эскертүүлөрүм</b>
    { -bot } жолго чыгаар алдында эмнени даярдоо керектигин эскертип, чет өлкөдө иштериңиз кандай экенин, кайтып келгенден кийин абалыңызды сурап турат. Бул үчүн абалыңызды жана бир датаны сактоого макулдугуңуз керек.
reminders-paused-until = ⏸ { $until } чейин токтотулду.
reminders-stopped = ⏹ Эскертүүлөр өчүк.
reminders-pause = ⏸ { $days } күнгө токтотуу
reminders-resume = ▶️ Эскертүүлөрдү күйгүзүү
reminders-stop = ⏹ Өчүрүү
reminders-changed = { $action ->
    [pause] Эскертүүлөр убактылуу токтотулду.
    [stop] Эскертүүлөр өчүрүлдү.
   *[other] Эскертүүлөр кайра күйгүзүлдү.
}

## Координаторлор үчүн
reminders-destination = { $destination ->
    [russia] Россия
    [turkey] Түркия
    [korea] Түштүк Корея
    [europe] Европа / Улуу Британия
    [other] башка өлкө
   *[none] өлкө көрсөтүлгөн эмес
}
reminders-alert = 🔔 <b>Сурамжылоодогу жоопко көңүл буруу керек</b>
    Адам: <code>{ $user }</code> · { $destination }
    { $campaign }: { $question } — <b>{ $answer }</b>
    Ага Борборго жазылуу сунушталды.
reminders-digest-header = <b>📋 Күндүк кыскача маалымат — { $day }</b>
reminders-digest-followups = <b>Көңүл буруу керек болгон жооптор: { $count }</b>
reminders-digest-line = • <code>{ $user }</code> · { $destination } — { $campaign }: { $question } — <b>{ $answer }</b>
reminders-digest-more = …жана дагы { $count }.
