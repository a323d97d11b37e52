## Groups and supergroups: the bot shows nothing personal there, it only points to the private chat.

groups-private-only = I answer only in a private chat. Write to me there.
groups-open-private = 💬 Open a private chat
groups-button-private-only = This works only in a private chat with the bot.
