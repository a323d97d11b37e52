// The playground's chat page. It talks only to the playground server: /api/... for people and
// chat snapshots, /__control/... passed through to the emulator's control API for every action
// of the simulated person and for the Server-Sent Events that bring the bot's answers.
// Everything the bot or a person wrote is put into the page with textContent / DOM nodes.

import { messageNode as renderMessage, setTimeZone } from "./message.js";

const $ = (id) => document.getElementById(id);
const ui = {
  app: $("app"),
  peopleList: $("people-list"),
  messages: $("messages"),
  status: $("chat-status"),
  botName: $("bot-name"),
  me: $("me"),
  startBar: $("start-bar"),
  composer: $("composer"),
  text: $("text"),
  menuButton: $("menu-button"),
  commandMenu: $("command-menu"),
  keyboard: $("reply-keyboard"),
  keyboardToggle: $("keyboard-toggle"),
  toasts: $("toasts"),
};

const state = {
  people: [],
  current: null, // the person whose chat is shown
  messages: new Map(), // message_id → message of the current chat
  snapshotSeq: 0, // events up to here are already in the snapshot of the current chat
  replyKeyboard: null,
  keyboardHidden: false,
  commands: [],
  unread: new Map(),
  pending: new Map(), // callback_query_id → pressed button element
  lastSeq: 0, // the newest event received, where a reconnect resumes
  stopped: false, // the playground process is shutting down
  instance: null, // which run of the playground the page was loaded from
  typingTimer: null,
};

// ------------------------------------------------------------------ server

// /api/... is the playground's own (people, chat snapshots); /__control/... is the emulator's
// control API, passed through by the playground server.
async function request(url, options = {}) {
  const init = { ...options, headers: { ...(options.headers || {}) } };
  if (options.json !== undefined) {
    init.method = "POST";
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(options.json);
  }
  const response = await fetch(url, init);
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    const error = new Error(body.error || `${response.status} ${response.statusText}`);
    error.status = response.status;
    throw error;
  }
  return body;
}

// What the emulator answers is written for developers ("no inline button with
// callback_data=…"); the page says what happened in people's words, and keeps the details
// in the console for whoever is debugging.
const PEOPLE_SAY = {
  press_button: "This button is no longer active.",
  press_reply_button: "This keyboard button is no longer there.",
};

function forPeople(endpoint, error) {
  console.warn(`${endpoint}: ${error.message}`);
  if (error.status === 404 && PEOPLE_SAY[endpoint]) return PEOPLE_SAY[endpoint];
  return "That did not work. Please try again.";
}

const api = (path, options) => request(`/api/${path}`, options);

/** A simulated action of the current person; errors (a stale button…) become a toast. */
async function act(endpoint, payload) {
  try {
    return await request(`/__control/${endpoint}`, { json: { user_id: state.current.id, ...payload } });
  } catch (error) {
    toast(forPeople(endpoint, error), "error");
    return null;
  }
}

// ------------------------------------------------------------------ people

function initials(person) {
  return (person.first_name || "?").trim().charAt(0).toUpperCase() || "?";
}

function personColor(id) {
  const hues = [204, 150, 30, 280, 340, 100, 250];
  return `hsl(${hues[Number(id) % hues.length]} 55% 52%)`;
}

function avatar(person) {
  const node = document.createElement("div");
  node.className = "avatar";
  node.style.background = personColor(person.id);
  node.textContent = initials(person);
  return node;
}

function renderPeople() {
  ui.peopleList.replaceChildren(
    ...state.people.map((person) => {
      const item = document.createElement("li");
      const button = document.createElement("button");
      button.type = "button";
      button.className = "person";
      button.dataset.personId = person.id;
      if (state.current && person.id === state.current.id) button.classList.add("active");
      const text = document.createElement("div");
      text.className = "person-text";
      const name = document.createElement("div");
      name.className = "person-name";
      name.textContent = person.first_name + (person.last_name ? ` ${person.last_name}` : "");
      const meta = document.createElement("div");
      meta.className = "person-meta";
      const role = document.createElement("span");
      role.className = `badge role-${person.role}`;
      role.textContent = person.role;
      meta.append(role, ` · ${person.language_code || "—"}`);
      text.append(name, meta);
      button.append(avatar(person), text);
      const unread = state.unread.get(person.id) || 0;
      if (unread > 0) {
        const badge = document.createElement("span");
        badge.className = "unread";
        badge.textContent = String(unread);
        button.append(badge);
      }
      button.addEventListener("click", () => selectPerson(person.id));
      item.append(button);
      return item;
    }),
  );
}

async function selectPerson(id) {
  const person = state.people.find((p) => p.id === id) || state.people[0];
  if (!person) return;
  state.current = person;
  state.unread.delete(person.id);
  ui.toasts.replaceChildren(); // a notice belongs to the chat it was shown in
  localStorage.setItem("jol-playground-person", String(person.id));
  ui.app.classList.remove("people-open");
  ui.me.replaceChildren(avatar(person), document.createTextNode(person.first_name));
  ui.me.title = `You are ${person.first_name} (${person.role}, ${person.language_code}). Switch person`;
  renderPeople();
  await loadChat().catch((error) => toast(`Could not load the chat: ${error.message}`, "error"));
  // Not on phones: focusing the field would pop the on-screen keyboard over the chat.
  if (window.matchMedia("(hover: hover)").matches) ui.text.focus({ preventScroll: true });
}

async function createPerson(firstName, languageCode) {
  const person = await api("people", { json: { first_name: firstName, language_code: languageCode } });
  state.people.push(person);
  await selectPerson(person.id);
}

// ------------------------------------------------------------------ chat

const messageActions = {
  press,
  copy(text) {
    navigator.clipboard?.writeText(text);
    toast("Copied");
  },
};
const messageNode = (message) => renderMessage(message, messageActions);

async function loadChat() {
  const person = state.current;
  const chat = await api(`chats/${person.id}`);
  if (state.current !== person) return; // switched again meanwhile
  state.snapshotSeq = chat.seq;
  state.messages = new Map(chat.messages.map((m) => [m.message_id, m]));
  state.replyKeyboard = chat.reply_keyboard;
  state.keyboardHidden = Boolean(chat.reply_keyboard && chat.reply_keyboard.collapsed);
  state.commands = chat.commands;
  setTimeZone(chat.timezone);
  setStatus("bot");
  ui.messages.replaceChildren(...[...state.messages.values()].filter(visible).map(messageNode));
  renderKeyboard();
  renderCommands();
  updateStartBar();
  scrollToEnd();
}

function visible(message) {
  return !message.deleted;
}

function upsertMessage(message) {
  state.messages.set(message.message_id, message);
  const node = messageNode(message);
  const old = ui.messages.querySelector(`[data-message-id="${message.message_id}"]`);
  const atEnd = nearEnd();
  if (old) old.replaceWith(node);
  else ui.messages.append(node);
  updateStartBar();
  if (!old || atEnd) scrollToEnd();
}

function removeMessage(messageId) {
  state.messages.delete(messageId);
  const node = ui.messages.querySelector(`[data-message-id="${messageId}"]`);
  if (node) node.remove();
}

async function press(button, message, spec) {
  button.classList.add("pressed");
  const result = await act("press_button", {
    message_id: message.message_id,
    callback_data: spec.callback_data,
  });
  if (!result) {
    button.classList.remove("pressed");
    return;
  }
  state.pending.set(result.callback_query_id, button);
  // Telegram stops the spinner after a while even without an answer.
  setTimeout(() => settlePress(result.callback_query_id), 15000);
}

function settlePress(callbackId) {
  const button = state.pending.get(callbackId);
  if (button) button.classList.remove("pressed");
  state.pending.delete(callbackId);
}

// ------------------------------------------------------------------ reply keyboard, commands

function renderKeyboard() {
  const shown = state.replyKeyboard;
  const markup = shown && shown.markup;
  ui.keyboardToggle.hidden = !markup;
  ui.text.placeholder = (markup && markup.input_field_placeholder) || "Message";
  if (!markup || state.keyboardHidden) {
    ui.keyboard.hidden = true;
    ui.keyboard.replaceChildren();
    return;
  }
  ui.keyboard.hidden = false;
  ui.keyboard.replaceChildren(
    ...markup.keyboard.map((buttons) => {
      const row = document.createElement("div");
      row.className = "reply-row";
      for (const spec of buttons) {
        const button = document.createElement("button");
        button.type = "button";
        button.className = "reply-button";
        button.textContent = spec.text;
        button.addEventListener("click", () => pressReply(spec, markup));
        row.append(button);
      }
      return row;
    }),
  );
}

async function pressReply(spec, markup) {
  if (spec.request_contact) {
    $("contact-phone").textContent = state.current.phone_number || "";
    const answer = await ask($("contact-dialog"));
    if (answer !== "share") return;
  }
  if (markup.one_time_keyboard) {
    state.keyboardHidden = true;
    renderKeyboard();
  }
  await act("press_reply_button", { text: spec.text });
}

function renderCommands() {
  ui.menuButton.hidden = state.commands.length === 0;
  const filter = ui.text.value.startsWith("/") ? ui.text.value.slice(1).toLowerCase() : null;
  const commands = state.commands.filter((c) => filter === null || c.command.startsWith(filter));
  ui.commandMenu.replaceChildren(
    ...commands.map((c) => {
      const item = document.createElement("button");
      item.type = "button";
      item.className = "command";
      item.setAttribute("role", "menuitem");
      const name = document.createElement("span");
      name.className = "command-name";
      name.textContent = `/${c.command}`;
      const description = document.createElement("span");
      description.className = "command-description";
      description.textContent = c.description;
      item.append(name, description);
      item.addEventListener("click", () => {
        closeCommands();
        sendText(`/${c.command}`);
      });
      return item;
    }),
  );
  if (commands.length === 0) closeCommands();
}

function openCommands() {
  renderCommands();
  if (ui.commandMenu.childElementCount > 0) ui.commandMenu.hidden = false;
}

function closeCommands() {
  ui.commandMenu.hidden = true;
}

async function refreshCommands() {
  const person = state.current;
  const result = await request(`/__control/commands?user_id=${person.id}`).catch(() => null);
  if (result && state.current === person) {
    state.commands = result.effective || [];
    renderCommands();
  }
}

// ------------------------------------------------------------------ sending

async function sendText(text) {
  if (!text.trim()) return;
  await act("send_text", { text });
}

function updateStartBar() {
  // A chat nobody has written in yet shows Telegram's START button instead of the keyboard.
  const empty = state.messages.size === 0;
  ui.startBar.hidden = !empty;
  ui.composer.hidden = empty;
}

// ------------------------------------------------------------------ events from the emulator

// The emulator names each Server-Sent Event after its type; these are the ones drawn here.
const EVENT_TYPES = [
  "message.created",
  "message.edited",
  "message.deleted",
  "keyboard.changed",
  "callback.answered",
  "chat.action",
  "commands.changed",
  "api.error",
  "reset",
  "emulator.stopping",
];

function connectEvents(after) {
  // Start right after the state we loaded, so nothing that happens in between is missed.
  state.lastSeq = after;
  const source = new EventSource(`/__control/events?after=${after}`);
  for (const type of EVENT_TYPES) {
    source.addEventListener(type, (message) => {
      const event = JSON.parse(message.data);
      state.lastSeq = Math.max(state.lastSeq, event.seq);
      onEvent(event);
    });
  }
  source.onopen = () => setStatus("bot");
  // The browser's own retry would resend ?after= with the first number and replay old toasts
  // and alerts: reconnect by hand from the last event seen instead.
  source.onerror = () => {
    source.close();
    setStatus(state.stopped ? "stopped — start the playground again to go on" : "reconnecting…");
    setTimeout(reconnect, 1500);
  };
}

async function reconnect() {
  const answer = await api("state").catch(() => null);
  // A restarted playground has a new emulator: events count from 1 again, chats are empty.
  if (answer && answer.instance !== state.instance) window.location.reload();
  else connectEvents(state.lastSeq);
}

function onEvent(event) {
  const current = state.current;
  if (event.type === "reset") {
    loadChat();
    return;
  }
  if (event.type === "emulator.stopping") {
    state.stopped = true;
    return;
  }
  if (current && event.chat_id === current.id && event.seq > state.snapshotSeq) {
    onCurrentChatEvent(event);
  } else if (event.type === "message.created" && event.message && event.message.from_bot) {
    const person = state.people.find((p) => p.id === event.chat_id);
    if (person) {
      state.unread.set(person.id, (state.unread.get(person.id) || 0) + 1);
      renderPeople();
    }
  }
  if (event.type === "commands.changed" && current) refreshCommands();
}

function onCurrentChatEvent(event) {
  switch (event.type) {
    case "message.created":
    case "message.edited":
      if (event.message.from_bot) setStatus("bot");
      upsertMessage(event.message);
      break;
    case "message.deleted":
      removeMessage(event.message_id);
      break;
    case "keyboard.changed":
      state.replyKeyboard = event.reply_keyboard;
      state.keyboardHidden = false;
      renderKeyboard();
      break;
    case "callback.answered":
      settlePress(event.callback_query_id);
      if (event.text) {
        if (event.show_alert) alertBox(event.text);
        else toast(event.text);
      }
      break;
    case "chat.action":
      showTyping(event.action);
      break;
    case "api.error":
      // What Telegram refused (a broken HTML tag in a text…) is worth seeing when reviewing.
      if (!/not modified|query is too old/i.test(event.description)) {
        toast(`Telegram would refuse ${event.method}: ${event.description}`, "error");
      }
      break;
    default:
      break;
  }
}

function showTyping(action) {
  setStatus(action === "typing" ? "typing…" : `${action.replaceAll("_", " ")}…`);
  clearTimeout(state.typingTimer);
  // Telegram shows a chat action for five seconds or until the next message.
  state.typingTimer = setTimeout(() => setStatus("bot"), 5000);
}

function setStatus(text) {
  ui.status.textContent = text;
  ui.status.classList.toggle("active", text !== "bot");
}

// ------------------------------------------------------------------ small UI helpers

function nearEnd() {
  const m = ui.messages;
  return m.scrollHeight - m.scrollTop - m.clientHeight < 80;
}

function scrollToEnd() {
  ui.messages.scrollTop = ui.messages.scrollHeight;
}

function toast(text, kind = "info") {
  const node = document.createElement("div");
  node.className = `toast ${kind}`;
  node.textContent = text;
  ui.toasts.append(node);
  setTimeout(() => node.remove(), 3500);
}

function alertBox(text) {
  $("alert-text").textContent = text;
  $("alert-dialog").showModal();
}

function ask(dialog) {
  return new Promise((resolve) => {
    dialog.returnValue = "";
    dialog.addEventListener("close", () => resolve(dialog.returnValue), { once: true });
    dialog.showModal();
  });
}

// ------------------------------------------------------------------ wiring

function wire() {
  ui.composer.addEventListener("submit", async (event) => {
    event.preventDefault();
    const text = ui.text.value;
    ui.text.value = "";
    closeCommands();
    await sendText(text);
  });
  ui.text.addEventListener("input", () => {
    if (ui.text.value.startsWith("/") && !ui.text.value.includes(" ")) openCommands();
    else closeCommands();
  });
  ui.text.addEventListener("keydown", (event) => {
    if (event.key === "Escape") closeCommands();
  });
  ui.menuButton.addEventListener("click", () => {
    if (ui.commandMenu.hidden) openCommands();
    else closeCommands();
  });
  ui.keyboardToggle.addEventListener("click", () => {
    state.keyboardHidden = !state.keyboardHidden;
    renderKeyboard();
  });
  $("start-button").addEventListener("click", () => act("start", {}));
  $("attach").addEventListener("change", async (event) => {
    const file = event.target.files[0];
    event.target.value = "";
    if (!file) return;
    const form = new FormData();
    form.append("user_id", String(state.current.id));
    form.append("file", file, file.name);
    await request("/__control/send_document", { method: "POST", body: form }).catch((error) =>
      toast(error.message, "error"),
    );
  });
  // Commands in the bot's text (/mydata) are tappable, as in Telegram.
  ui.messages.addEventListener("click", (event) => {
    const command = event.target.closest(".entity-bot_command");
    if (command) sendText(command.textContent);
  });
  for (const id of ["people-toggle", "me"]) {
    $(id).addEventListener("click", () => ui.app.classList.toggle("people-open"));
  }
  $("new-person").addEventListener("click", async () => {
    const dialog = $("person-dialog");
    $("person-form").reset();
    if ((await ask(dialog)) !== "create") return;
    const data = new FormData($("person-form"));
    await createPerson(String(data.get("first_name")), String(data.get("language_code"))).catch(
      (error) => toast(error.message, "error"),
    );
  });
  document.addEventListener("click", (event) => {
    if (!ui.commandMenu.hidden && !event.target.closest("#command-menu, #menu-button, #text")) {
      closeCommands();
    }
  });
}

async function main() {
  wire();
  const initial = await api("state");
  ui.botName.textContent = initial.bot.first_name;
  $("database").textContent = initial.database;
  state.people = initial.people;
  state.instance = initial.instance;
  connectEvents(initial.seq);
  const saved = Number(localStorage.getItem("jol-playground-person"));
  await selectPerson(state.people.some((p) => p.id === saved) ? saved : state.people[0]?.id);
  document.body.dataset.ready = "true";
}

main().catch((error) => toast(`Playground failed to start: ${error.message}`, "error"));
