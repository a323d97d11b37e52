## The staff console (issue 18): sign-in link, web pages, /stats.
cmd-console = Open the staff console (sign-in link)
console-link = 🖥 <b>Staff console</b>
    Your sign-in link works once and for { $minutes } minutes, only for you. Open it in your browser:
    { $url }
mydata-section-console = Staff console sign-ins

console-title = Staff console
console-nav-label = Sections
console-nav-dashboard = Figures
console-nav-week = Week
console-sign-out = Sign out

console-login-title = Sign in to the staff console
console-login-hint = Press the button to sign in. The link then stops working.
console-login-button = Sign in
console-login-unknown = This sign-in link is not valid. Send /console to the bot for a new one.
console-login-used = This sign-in link has already been used. Send /console to the bot for a new one.
console-login-expired = This sign-in link has expired. Send /console to the bot for a new one.
console-login-no-role = The console is only for the Center's staff and coordinators.
console-signed-out = You have signed out. To sign in again, send /console to the bot.
console-error-signed-out = You are not signed in, or your session has ended. Send /console to the bot for a sign-in link.
console-error-forbidden = This page is not available with your role.
console-error-csrf = The form has expired. Go back, reload the page and try again.
