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
