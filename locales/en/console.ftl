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

## Dashboard
console-range-start = From
console-range-end = To
console-range-show = Show
console-csv = Download CSV
console-aggregates-note = Totals only: no chart shows a single person. Groups of fewer than { $minimum } people are shown together.
console-no-data = No data for these dates
console-unknown = Not given
console-few = Fewer than { $minimum } each
console-situation-planning = Planning to go
console-situation-abroad = Working abroad
console-situation-returned = Came back
console-destination-russia = Russia
console-destination-turkey = Turkey
console-destination-korea = South Korea
console-destination-europe = Europe and UK
console-destination-other = Other / not decided
console-chart-people = People who started using Jol
console-chart-people-weekly = New people per week
console-chart-bookings = Bookings per week, attendance and no-shows
console-chart-certification = Catering certification toward the yearly target
console-chart-job-offers = Job-offer check results
console-chart-job-offer-warnings = Most common warning signs in job offers
console-chart-cases = Questions to the Center
console-chart-broadcasts = News messages
console-axis-week = Week starting
console-axis-month = Month of { $year }
console-axis-people = People
console-axis-bookings = Bookings
console-axis-checks = Checks
console-axis-cases = New questions
console-axis-messages = Messages
console-axis-situation = Situation
console-axis-destination = Country
console-axis-language = Language
console-rate-attendance = Came, %
console-rate-no-show = Did not come, %
console-certified-month = Certified in the month
console-certified-so-far = Certified this year: { $certified }
console-target = Yearly target: { $target }
console-level-red = Red
console-level-amber = Amber
console-level-green = Green
console-cases-new = New questions
console-cases-open = Open (the Center's turn): { $count }
console-cases-waiting = Waiting for the person: { $count }
console-cases-median = Median first answer: { $hours } working hours
console-cases-median-none = No answered questions in these dates
console-broadcast-delivered = Delivered
console-broadcast-blocked = Bot blocked
console-broadcast-news-off = Turned news off

## /stats
console-stats-title = Jol: figures from { $start } to { $end }

## Week view
console-week-title = Week of { $start } – { $end }
console-week-previous = Previous week
console-week-next = Next week
console-week-this = This week
console-week-note = Read-only: bookings are approved, moved and marked in the bot.
console-week-service = Service
console-week-booked = { $booked } of { $capacity } places taken
console-week-waiting = Waiting list: { $count }
console-week-closed = Closed
console-week-other-hours = Other hours this day
console-weekday = { $day ->
    [1] Mon
    [2] Tue
    [3] Wed
    [4] Thu
    [5] Fri
    [6] Sat
   *[7] Sun
}
