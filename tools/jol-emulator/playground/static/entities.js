// Telegram formatting → DOM nodes, built from the message's `text` + `entities` (never from
// the bot's HTML): every piece of text becomes a text node, so nothing the bot or a user wrote
// can turn into markup. Offsets and lengths are UTF-16 code units, which is exactly what
// JavaScript string indices count, so they slice the string directly.

const TAGS = {
  bold: "strong",
  italic: "em",
  underline: "u",
  strikethrough: "s",
  code: "code",
  blockquote: "blockquote",
  expandable_blockquote: "blockquote",
};
// Only schemes that open a web page or Telegram itself; "javascript:" and friends stay text.
export const SAFE_URL = /^(https?:\/\/|tg:\/\/|mailto:)/i;
const LANGUAGE = /^[A-Za-z0-9_+#-]{1,32}$/;

function byPosition(a, b) {
  return a.offset - b.offset || b.length - a.length;
}

/** A DocumentFragment with `text` formatted by `entities`. */
export function renderFormatted(text, entities) {
  const fragment = document.createDocumentFragment();
  const list = (entities || [])
    .filter((e) => e.length > 0 && e.offset >= 0 && e.offset < text.length)
    .map((e) => ({ ...e, length: Math.min(e.length, text.length - e.offset) }))
    .sort(byPosition);
  build(fragment, text, list, 0, text.length);
  return fragment;
}

// Telegram's entities nest but may also overlap partially; an entity that runs past the end of
// the one containing it is split in two so both parts keep their formatting.
function build(parent, text, entities, start, end) {
  let pos = start;
  let rest = entities;
  while (rest.length > 0) {
    const [head, ...tail] = rest;
    const headEnd = head.offset + head.length;
    if (head.offset > pos) parent.append(text.slice(pos, head.offset));
    const inner = [];
    const after = [];
    for (const e of tail) {
      const eEnd = e.offset + e.length;
      if (e.offset >= headEnd) {
        after.push(e);
        continue;
      }
      inner.push({ ...e, length: Math.min(eEnd, headEnd) - e.offset });
      if (eEnd > headEnd) after.push({ ...e, offset: headEnd, length: eEnd - headEnd });
    }
    const [node, container] = element(head);
    parent.append(node);
    build(container, text, inner, head.offset, headEnd);
    pos = Math.max(pos, headEnd);
    rest = after.sort(byPosition);
  }
  if (pos < end) parent.append(text.slice(pos, end));
}

/** [outer node, node that receives the children] for one entity. */
function element(entity) {
  if (entity.type in TAGS) {
    const node = document.createElement(TAGS[entity.type]);
    if (entity.type === "expandable_blockquote") node.className = "expandable";
    return [node, node];
  }
  if (entity.type === "pre") {
    const pre = document.createElement("pre");
    const code = document.createElement("code");
    if (entity.language && LANGUAGE.test(entity.language)) {
      code.className = `language-${entity.language}`;
    }
    pre.append(code);
    return [pre, code];
  }
  if (entity.type === "spoiler") {
    const node = document.createElement("span");
    node.className = "spoiler";
    node.title = "Spoiler: click to show";
    node.addEventListener("click", () => node.classList.add("revealed"), { once: true });
    return [node, node];
  }
  if (entity.type === "text_link" && typeof entity.url === "string" && SAFE_URL.test(entity.url)) {
    const link = document.createElement("a");
    link.href = entity.url;
    link.target = "_blank";
    link.rel = "noopener noreferrer";
    link.title = entity.url;
    return [link, link];
  }
  // Mentions, hashtags, bot commands, plain URLs, custom emoji…: text, as the brief asks.
  const span = document.createElement("span");
  span.className = `entity-${String(entity.type).replace(/[^a-z_]/g, "")}`;
  return [span, span];
}
