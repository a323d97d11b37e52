// One message of the chat as DOM nodes: bubble, formatted text, document, photo, contact and
// its inline keyboard. Pure rendering; what a button does comes from `actions`.

import { SAFE_URL, renderFormatted } from "./entities.js";

// The chat person's own zone: the bot speaks their local time (Bishkek unless they chose
// another city), while the machine running the page may well be on UTC.
let timeZone;

export function setTimeZone(zone) {
  try {
    new Intl.DateTimeFormat([], { timeZone: zone || undefined });
    timeZone = zone || undefined;
  } catch {
    timeZone = undefined; // an unknown zone: the browser's own clock rather than nothing
  }
}

function timeOf(message) {
  const when = new Date((message.edit_date || message.date) * 1000);
  return when.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", hour12: false, timeZone });
}

export function messageNode(message, actions) {
  const row = document.createElement("div");
  row.className = `row ${message.from_bot ? "incoming" : "outgoing"}`;
  row.dataset.messageId = message.message_id;
  if (message.kind === "service") {
    row.className = "row service";
    const note = document.createElement("span");
    note.textContent = message.service && message.service.pinned_message_id ? "Jol pinned a message" : "·";
    row.append(note);
    return row;
  }
  const bubble = document.createElement("div");
  bubble.className = "bubble";
  if (message.document) bubble.append(documentNode(message.document));
  if (message.photo) bubble.append(photoNode(message.photo));
  if (message.contact) bubble.append(contactNode(message.contact));
  const body = message.text ?? message.caption;
  if (body) {
    const text = document.createElement("div");
    text.className = "text";
    text.append(renderFormatted(body, message.text != null ? message.entities : message.caption_entities));
    bubble.append(text);
  }
  const meta = document.createElement("span");
  meta.className = "meta";
  meta.textContent = (message.edit_date ? "edited " : "") + timeOf(message);
  bubble.append(meta);
  row.append(bubble);
  const markup = message.reply_markup;
  if (markup && Array.isArray(markup.inline_keyboard)) row.append(inlineKeyboard(message, markup, actions));
  return row;
}

function fileUrl(file) {
  // The emulator's file URL (its download_url), built from the id so it can only ever point
  // at the pass-through on this server.
  return `/__control/files/${encodeURIComponent(file.file_id)}`;
}

function humanSize(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function documentNode(file) {
  const link = document.createElement("a");
  link.className = "document";
  link.href = fileUrl(file);
  link.download = file.file_name || "document";
  const icon = document.createElement("span");
  icon.className = "doc-icon";
  icon.textContent = "⬇";
  const text = document.createElement("span");
  const name = document.createElement("span");
  name.className = "doc-name";
  name.textContent = file.file_name || "document";
  const size = document.createElement("span");
  size.className = "doc-size";
  size.textContent = humanSize(file.file_size || 0);
  text.append(name, size);
  link.append(icon, text);
  return link;
}

function photoNode(file) {
  const img = document.createElement("img");
  img.className = "photo";
  img.alt = "photo";
  img.src = fileUrl(file);
  return img;
}

function contactNode(contact) {
  const card = document.createElement("div");
  card.className = "contact";
  const name = document.createElement("strong");
  name.textContent = [contact.first_name, contact.last_name].filter(Boolean).join(" ");
  const phone = document.createElement("div");
  phone.textContent = `📞 ${contact.phone_number}`;
  card.append(name, phone);
  return card;
}

function inlineKeyboard(message, markup, actions) {
  const keyboard = document.createElement("div");
  keyboard.className = "inline-keyboard";
  for (const buttons of markup.inline_keyboard) {
    const row = document.createElement("div");
    row.className = "inline-row";
    for (const spec of buttons) row.append(inlineButton(message, spec, actions));
    keyboard.append(row);
  }
  return keyboard;
}

function inlineButton(message, spec, actions) {
  if (spec.url && SAFE_URL.test(spec.url)) {
    const link = document.createElement("a");
    link.className = "inline-button link";
    link.href = spec.url;
    link.target = "_blank";
    link.rel = "noopener noreferrer";
    link.textContent = spec.text;
    link.title = spec.url;
    return link;
  }
  const button = document.createElement("button");
  button.type = "button";
  button.className = "inline-button";
  button.textContent = spec.text;
  if (spec.callback_data !== undefined) {
    button.addEventListener("click", () => actions.press(button, message, spec));
  } else if (spec.copy_text) {
    button.addEventListener("click", () => actions.copy(spec.copy_text.text));
  } else {
    button.disabled = true;
    button.title = "This kind of button is not available in the playground";
  }
  return button;
}
