## Борборго суроо: адамдын суроосу кеңешчиге жетет, жооп ушул чатка кайтат.
## Аргументтер экрандалган түрдө келет. $number — кайрылуунун номери (сап).

## Жалпы аталыштар
ask-topic-button = { $topic ->
    [documents] 📄 Документтер
    [wages] 💰 Эмгек акы
    [police] 👮 Полиция, кармалуу
    [health] 🏥 Ден соолук
    [contract] 📝 Келишим, жумуш сунушу
    [return] 🏡 Үйгө кайтуу
   *[other] ❓ Башка
}
ask-language-name = { $language ->
    [ky] кыргызча
    [ru] орусча
   *[en] англисче
}
ask-destination-name = { $destination ->
    [russia] Россия
    [turkey] Түркия
    [korea] Түштүк Корея
    [europe] Европа жана Британия
    [other] башка өлкө
   *[none] өлкө көрсөтүлгөн эмес
}
ask-status-name = { $status ->
    [new] жаңы
    [in_progress] иштелип жатат
    [waiting] адамдын жообун күтүүдө
   *[closed] жабылды
}
ask-kind = { $kind ->
    [photo] 🖼 [сүрөт]
    [document] 📎 [документ]
    [voice] 🎤 [үн кабар]
    [audio] 🎵 [аудио]
    [video] 🎬 [видео]
    [video_note] 🎥 [видео кабар]
    [sticker] [стикер]
    [location] 📍 [жайгашкан жер]
    [contact] 👤 [байланыш]
   *[other] [билдирүү]
}
ask-age = { $unit ->
    [m] { $amount } мүн
    [h] { $amount } саат
   *[d] { $amount } күн
}
ask-weekday-short = { $day ->
    [1] Дш
    [2] Шш
    [3] Шр
    [4] Бш
    [5] Жм
    [6] Иш
   *[7] Жк
}

## Адам: суроого чейин
ask-topic-question = <b>💬 Борборго суроо</b>
    Борбордун кеңешчиси сурооңузду окуп, ушул чатта жооп берет.

    Сурооңуз эмне жөнүндө?
ask-urgent-question = { $topic }

    <b>Азыр сизге коркунуч барбы, сизди кармашты беле же документтериңизди алып коюштубу?</b>
ask-urgent-yes = 🔴 Ооба, шашылыш
ask-urgent-no = Жок, шашылыш эмес
ask-consent-text = <b>Жазаардан мурун</b>
    Сизге жооп берүү үчүн Борбордун кеңешчилери бул жерге жөнөткөнүңүздү көрүшөт: текст, сүрөт, документтер, үн кабарлар жана тилиңиз. Аны башка эч ким көрбөйт, биз аны иш берүүчүлөргө, агенттиктерге же полицияга бербейбиз.

    Баарын /mydata менен көрүп, /deletemydata менен каалаган убакта өчүрө аласыз.

    Сурооңузду кеңешчилерге берүүгө макулсузбу?
ask-consent-yes = ✅ Ооба, макулмун
ask-write-prompt = ✍️ <b>Сурооңузду ушул жерге жазыңыз</b> — бир же бир нече билдирүү менен. Сүрөт, документ же үн кабар да жөнөтсөңүз болот.

    Кеңешчи ушул чатта жооп берет. Каалаган убакта менюга чыксаңыз болот — жооп баары бир ушул жерге келет.
ask-write-more = ✍️ №{ $number } суроо боюнча билдирүүңүздү жазыңыз: текст, сүрөт, документ же үн кабар.
ask-draft-kept = Жазганыңызды сактап койдум — ал кеңешчиге жетет. { $step ->
    [topic] Адегенде теманы тандаңыз:
    [urgent] Адегенде жооп бериңиз: бул шашылышпы?
   *[consent] Адегенде кеңешчилерге берүүгө макул экениңизди ырастаңыз:
}
ask-btn-sos = 🆘 Шашылыш жардам

## Адам: кайрылуу
ask-case-opened = { $urgent ->
    [yes] 🔴 <b>№{ $number } сурооңуз шашылыш деп белгиленди.</b> { $alerted ->
        [yes] Борбордун кеңешчилерине азыр эле кабар берилди.
       *[no] Ал кеңешчилердин кезегинде биринчи турат.
    }
   *[no] ✅ <b>№{ $number } сурооңуз Борборго жетти.</b>
} { $has_text ->
    [yes] Кеңешчи ушул чатта жооп берет. Дагы билдирүү, сүрөт же документ кошсоңуз болот.
   *[no] Эмне болгонун жазыңыз: азыр кайдасыз жана кандай жардам керек. Сүрөт же үн кабар жөнөтсөңүз болот.
}
ask-received = ✓ №{ $number } суроого кошулду. Дагы жазсаңыз болот же «✋ Жазып бүттүм» баскычын басыңыз.
ask-my-case = <b>№{ $number } сурооңуз</b> · { $topic }
    { $status ->
        [new] 📨 Жөнөтүлдү. Кеңешчи жакында ушул жерге жооп берет.
        [in_progress] 🧑‍💼 Кеңешчи сурооңуз менен алектенип жатат.
        [waiting] 💬 Кеңешчи жооп берди жана сиздин жообуңузду күтүп жатат.
       *[closed] ✅ Жабылды.
    }

    Азыр жазгандарыңыздын баары кеңешчиге жетет.
ask-btn-history = 📜 Биздин сүйлөшүү
ask-btn-stop-writing = ✋ Жазып бүттүм
ask-btn-write-more = ✍️ Дагы жазуу
ask-stopped-writing = Макул. №{ $number } суроо ачык бойдон калат, жооп ушул жерге келет. Эми жазганыңыз маалымдамалардан издөө болот; суроого кошуу үчүн «✍️ Дагы жазуу» баскычын басыңыз.
ask-btn-solved = ✅ Суроом чечилди
ask-btn-reply = ✍️ Жооп берүү
ask-btn-ask-again = 💬 Жаңы суроо
ask-history-title = <b>№{ $number } суроо</b>
ask-history-empty = Азырынча билдирүү жок.
ask-history-line = { $who ->
    [you] 👤 Сиз
   *[center] 💬 Борбор
} · { $time }
ask-close-confirm = №{ $number } суроону жабалыбы? Кеңешчи суроо чечилгенин көрөт.
ask-close-yes = ✅ Ооба, жабуу
ask-close-no = Жок, ачык калсын
ask-closed-by-you = ✅ №{ $number } суроо жабылды. Рахмат! Кайра жардам керек болсо, жаңы суроо бериңиз.
ask-person-taken = 🧑‍💼 Борбордун кеңешчиси №{ $number } сурооңузду карап баштады жана ушул жерге жооп берет.
ask-closed-by-center = ✅ Борбор №{ $number } сурооңузду жапты. Кайра жардам керек болсо, жаңы суроо бериңиз.
ask-auto-closed = ✅ №{ $number } сурооңуз жабылды: { $days } күн бою сизден жооп келген жок. Жардам дагы эле керек болсо, кайра суроо бериңиз — кеңешчи жооп берет.
ask-auto-close-note = Өзү жабылды: адамдын жообун күтүп, { $days } күн бою билдирүү болгон жок.
ask-case-was-closed = Бул суроо жабылып калган. Жардам дагы эле керек болсо, жаңы суроо бериңиз.
ask-unsupported = Мындай билдирүүнү жеткире албайм. Текст, сүрөт, документ же үн кабар жөнөтүңүз.
ask-reply-from-center = 💬 <b>Борбордун кеңешчиси</b> · №{ $number } суроо
ask-reply-media-caption = 💬 <b>Борбордун кеңешчиси</b> · №{ $number } суроо

## Иш убактысы
ask-hours-schedule = { $days }, { $start }–{ $end }
ask-hours-closed = 🕘 Кеңешчилер { $schedule } (Бишкек убактысы менен) иштешет, азыр алар жумушта жок. Жоопту { $when ->
    [today] бүгүн
    [tomorrow] эртең
   *[later] { $weekday ->
        [1] дүйшөмбү күнү
        [2] шейшемби күнү
        [3] шаршемби күнү
        [4] бейшемби күнү
        [5] жума күнү
        [6] ишемби күнү
       *[7] жекшемби күнү
    }
} саат { $time } өткөндөн кийин аласыз{ $has_local ->
    [yes] {" "}(сиздин убактыңыз боюнча { $local_time })
   *[no] {""}
}.
    Коркунучта болсоңуз, азыр эле 🆘 Шашылыш жардамды ачыңыз.
ask-hours-closed-urgent = 🕘 Азыр иш убактысы эмес (кеңешчилер { $schedule } Бишкек убактысы менен иштешет), ошондуктан жооп { $when ->
    [today] бүгүн
    [tomorrow] эртең
   *[later] { $weekday ->
        [1] дүйшөмбү күнү
        [2] шейшемби күнү
        [3] шаршемби күнү
        [4] бейшемби күнү
        [5] жума күнү
        [6] ишемби күнү
       *[7] жекшемби күнү
    }
} саат { $time } болгондон кийин гана келиши мүмкүн{ $has_local ->
    [yes] {" "}(сиздин убактыңыз боюнча { $local_time })
   *[no] {""}
}.
    Коркунучта болсоңуз, күтпөңүз — азыр эле 🆘 Шашылыш жардамды ачыңыз.

## Кеңешчилер: кабарлар
ask-staff-new-case = { $urgent ->
    [yes] 🔴 <b>ШАШЫЛЫШ</b> · жаңы кайрылуу <b>№{ $number }</b>
   *[no] 📥 Жаңы кайрылуу <b>№{ $number }</b>
}
    { $topic } · { $language } · { $destination }
ask-staff-open-case = №{ $number } ачуу
ask-staff-person-wrote = 💬 №{ $number } кайрылууда адамдан жаңы билдирүү.
ask-staff-person-closed = ✅ Адам №{ $number } кайрылууну чечилди деп белгилеп, жапты.
ask-staff-assigned-to-you = { $urgent ->
    [yes] 🔴
   *[no] 📥
} №{ $number } кайрылуу сизге берилди.
ask-staff-delivery-failed = ⚠️ №{ $number } боюнча жообуңуз адамга жеткен жок ({ $error }). Кайра аракет кылуу же белгилеп коюу үчүн кайрылууну ачыңыз.

## Кеңешчилер: /cases
ask-staff-list-title = <b>📥 Кайрылуулар: { $view ->
    [mine] меники
    [free] ээси жок
    [closed] жабылгандар
   *[open] ачыктар
}</b> ({ $count })
ask-staff-list-empty = Бул жерде азырынча эч нерсе жок.
ask-staff-list-line = { $urgent ->
    [yes] 🔴
   *[no] ▫️
} <b>№{ $number }</b> · { $topic } · { $status } · { $language } · { $age }{ $assignee ->
    [me] {" "}· 🙋 мен
    [other] {" "}· 👤
   *[none] {""}
}
ask-staff-list-button = { $urgent ->
    [yes] 🔴{" "}
   *[no] {""}
}№{ $number } · { $topic } · { $status }
ask-staff-prev = ◀ Жаңыраак
ask-staff-next = Эскирээк ▶
ask-staff-view = { $current ->
    [yes] •{" "}
   *[no] {""}
}{ $view ->
    [mine] Меники
    [free] Бош
    [closed] Жабылган
   *[open] Ачык
}
ask-staff-duty-button = { $on ->
    [yes] 🟢 Кезектемедемин — өчүрүү
   *[no] ⚪ Кезектемеде эмесмин — күйгүзүү
}
ask-staff-duty-changed = { $on ->
    [on] Сиз кезектемедесиз: шашылыш кайрылуулар сизге келет.
   *[off] Кезектеме өчүрүлдү.
}
ask-staff-card = <b>№{ $number } кайрылуу</b>{ $urgent ->
    [yes] {" "}🔴 <b>ШАШЫЛЫШ</b>
   *[no] {""}
}
    { $topic } · { $status }
    Жооптуу: { $assignee ->
        [me] сиз
        [other] { $assignee_id }
       *[none] дайындала элек
    }
    Тили: { $language } · { $destination } · { $situation ->
        [planning] кетүүгө камданууда
        [abroad] чет өлкөдө иштейт
        [returned] үйгө кайткан
       *[none] абалы көрсөтүлгөн эмес
    }
    Ачылган: { $opened } (Бишкек) · { $turn ->
        [center] бизди { $age } күтүүдө
       *[person] адамды { $age } күтүп жатабыз
    }
    Билдирүүлөр: { $count }
ask-staff-card-failed = ⚠️ Адамга жетпеген жооптор: { $count }.
ask-staff-card-closed = ✅ Жабылды { $closed }{ $has_note ->
    [yes] :
   *[no] {""}
}
ask-staff-btn-thread = 📜 Сүйлөшүү
ask-staff-btn-reply = ✍️ Жооп берүү
ask-staff-btn-canned = 📋 Даяр жооптор
ask-staff-btn-take = 🙋 Өзүмө алам
ask-staff-btn-assign = 👥 Өткөрүп берүү…
ask-staff-btn-status = { $status ->
    [waiting] ⏳ Адамды күтөбүз
   *[in_progress] ▶ Кайра иштөөгө
}
ask-staff-btn-close = ✅ Жабуу
ask-staff-btn-reopen = ↩ Кайра ачуу
ask-staff-btn-list = ◀ Бардык кайрылуулар
ask-staff-btn-back-case = ◀ Кайрылууга
ask-staff-btn-done = ✅ Даяр
ask-staff-case-gone = Бул кайрылуу жок (адам өз маалыматтарын өчүргөн болушу мүмкүн).
ask-staff-thread-title = <b>№{ $number }: сүйлөшүү</b> (акыркы { $shown }, бардыгы { $total })
ask-staff-thread-line = { $who ->
    [person] 👤 Адам
    [me] 🧑‍💼 Сиз
    [colleague] 🧑‍💼 Кеңешчи { $author_id }
   *[system] 📝 Эскертме
} · { $time }{ $delivery ->
    [failed] {" "}⚠️ жеткен жок
    [pending] {" "}⏳ жөнөтүлүүдө
    [sent] {" "}✓
   *[none] {""}
}
ask-staff-file-gone = (бул файл мындан ары жеткиликсиз)
ask-staff-reply-prompt = ✍️ №{ $number } үчүн жооп жазыңыз. Азыр жөнөткөндөрүңүздүн баары — текст, сүрөт, документ, үн кабар — адамга жетет. Адамдын тили: { $language }. Бүткөндө ✅ Даяр баскычын басыңыз.
ask-staff-reply-queued = ⏳ №{ $number } үчүн жооп кезекке коюлду. Жеткирилгенде же жеткирүү мүмкүн болбой калса, ушул жерде билдирем.
ask-staff-reply-delivered = ✓ №{ $number } үчүн жообуңуз жеткирилди.
ask-staff-reply-closed = №{ $number } кайрылуу жабык. Жооп берүү үчүн аны кайра ачыңыз.
ask-staff-canned-title = 📋 №{ $number } үчүн даяр жооптор (тили: { $language }):
ask-staff-canned-preview = №{ $number } кайрылууга жөнөтүлөт (тили: { $language }):

    { $text }
ask-staff-canned-send = 📤 Жөнөтүү
ask-staff-taken = 🙋 №{ $number } эми сизде.
ask-staff-already-taken = №{ $number } кайрылууну кесиптешиңиз алып койгон.
ask-staff-assign-title = №{ $number } кимге өткөрүлсүн?
ask-staff-assign-nobody = Азырынча эч кимде кеңешчи ролу жок. Администратор бере алат: /grant &lt;id&gt; staff
ask-staff-colleague = { $on ->
    [yes] 🟢
   *[no] ⚪
} { $me ->
    [yes] мен
   *[no] { $user_id }
}
ask-staff-assigned = { $me ->
    [yes] №{ $number } эми сизде.
   *[no] №{ $number } эми { $user_id } кызматкерде.
}
ask-staff-close-prompt = №{ $number } жабылууда. Кесиптештер үчүн кыска эскертме жазыңыз (адам аны көрбөйт) же эскертмесиз жабыңыз.
ask-staff-close-no-note = ✅ Эскертмесиз жабуу
ask-staff-closed = ✅ №{ $number } жабылды, адамга кабар берилди.
ask-staff-already-closed = №{ $number } мурунтан эле жабык.
ask-staff-reopened = ↩ №{ $number } кайра ачылды.
ask-staff-reopen-refused = №{ $number } кайра ачылбайт: адамдын жаңы ачык суроосу бар.

## Кеңешчилер: форум режими (STAFF_CHAT_ID)
ask-forum-topic-name = { $urgent ->
    [yes] 🔴{" "}
   *[no] {""}
}№{ $number } { $topic } · { $language } · { $destination }
ask-forum-intro = <b>№{ $number } кайрылуу</b>{ $urgent ->
    [yes] {" "}🔴 <b>ШАШЫЛЫШ</b>
   *[no] {""}
}
    { $topic } · { $language } · { $destination }

    Бул темага жазгандарыңыздын баары адамга жетет. Кесиптештер үчүн гана: <code>/note текст</code>. Дагы: <code>/take</code>, <code>/close эскертме</code>, <code>/reopen</code>.
ask-forum-person-closed = ✅ Адам №{ $number } кайрылууну чечилди деп белгилеп, жапты.
ask-forum-closed = ✅ №{ $number } жабылды{ $has_note ->
    [yes] :
   *[no] .
}
ask-forum-staff-said = 🧑‍💼 Адамга жөнөтүлдү:
ask-forum-erased = 🗑 №{ $number } кайрылуудагы адам өз маалыматтарын өчүрдү (/deletemydata). Бул теманы өчүрүп салыңыз.

## /content_gaps
ask-gaps-title = <b>📊 Адамдар эмнени таба алган жок — акыркы 3 ай</b>
ask-gaps-search-title = <b>Жообу табылбаган издөөлөр</b>
ask-gaps-cases-title = <b>Борборго берилген суроолор</b>
ask-gaps-line = { $count } · { $topic } · { $destination }{ $source ->
    [search] {""}
    [case] {""}
   *[other] {" "}({ $source })
}
ask-gaps-none = — азырынча жок
ask-gaps-known-title = <b>Маалымдамалар азырынча жооп бере албаган темалар</b> (фактылар табылган жок; адамдарга Борбордон сурагыла деп айтылат)
ask-gaps-known-line = • { $item_key }: { $topic }

## Буйруктар менюсу (bot/commands.py үчүн)
cmd-ask = Борборго суроо берүү
cmd-cases = Адамдардын суроолору (кайрылуулар)
cmd-content-gaps = Адамдар эмнени таба алган жок
