// The desk's page: read a story, pick or type a quote, and keep a grid of cards in step
// with every choice. No framework and no build step: the server does the work, and this
// file only carries the page's fields to it and shows what comes back.
"use strict";

const $ = (id) => document.getElementById(id);
const meta = document.querySelector('meta[name="cards-csrf"]');
const CSRF = { [meta.dataset.header]: meta.content };

const state = {
  story: null,      // the story's id on the desk
  read: {},         // the article's fields as read
  picked: null,     // the number of the quote picked, while its text is unedited
  pickedText: "",
  verified: false,  // the quote's text is the story's
  photo: null, image: null,   // pictures on the desk, by id
  generation: 0,    // each change starts a new one; older answers are dropped
  controllers: [],
  pickedAt: null,   // when a quote was picked, until the grid it asked for starts
  // The last grid's figures in ms, read by the browser test: when it was asked for by a
  // pick (or null), the first card shown and every card shown, after the grid started
  // and after the pick.
  timings: {},
};
window.cardsTimings = state.timings;

// Where the page shows a field the server names in an error.
const FIELD_INPUT = {
  quote: "quote", speaker: "speaker", headline: "f-title", site: "f-site", url: "f-url",
  lang: "f-lang", kicker: "kicker", photo: "photo", image: "image", brand: "brand",
  story: "story-text", story_url: "story-url", story_file: "story-file", picture: "photo",
  size: "presets", no_qr: "no-qr",
};

async function post(path, body, raw, signal) {
  const headers = { ...CSRF };
  if (!raw) headers["content-type"] = "application/json";
  const response = await fetch(path, {
    method: "POST", headers, body: raw ? body : JSON.stringify(body), signal,
  });
  let data;
  try { data = await response.json(); } catch { data = { error: await response.text() }; }
  if (!response.ok && !data.error) data.error = `the desk answered ${response.status}`;
  return data;
}

function say(element, text, kind) {
  element.textContent = text;
  element.classList.toggle("bad", kind === "bad");
  element.classList.toggle("good", kind === "good");
}

function mark(field) {
  document.querySelectorAll("[aria-invalid=true]").forEach((e) => e.removeAttribute("aria-invalid"));
  const id = FIELD_INPUT[field];
  if (id) $(id).setAttribute("aria-invalid", "true");
}

// 1. The story --------------------------------------------------------------------------

async function readStory(event) {
  if (event) event.preventDefault();
  const status = $("story-status");
  const file = $("story-file").files[0];
  const url = $("story-url").value.trim();
  const text = $("story-text").value;
  let data;
  say(status, "Reading…");
  try {
    if (file) {
      data = await post(`/api/story/file?name=${encodeURIComponent(file.name)}`, file, true);
    } else if (text.trim()) {
      // A pasted story with its address beside it: the paste is the story, and the
      // address its URL (as `cards render - --url` takes them).
      data = await post("/api/story", { text });
    } else if (url) {
      data = await post("/api/story", { url });
    } else {
      say(status, "Paste the story, give its address, or choose its file.", "bad");
      $("story-text").focus();
      return;
    }
  } catch (e) {
    say(status, `The desk did not answer (${e.message}); is cards serve still running?`, "bad");
    return;
  }
  if (data.error) {
    say(status, data.error, "bad");
    mark(data.field || (file ? "story_file" : text.trim() ? "story" : "story_url"));
    return;
  }
  mark(null);
  showStory(data, !file && text.trim() && url ? url : null);
}

function showStory(data, url) {
  state.story = data.story;
  state.stdin = data.stdin;  // a pasted story, as the copied commands feed it
  state.read = {};
  const q = data.quotes.length;
  say($("story-status"), `Read ${data.paragraphs} paragraphs and ${q} quotation${q === 1 ? "" : "s"}.`, "good");
  document.querySelectorAll("[data-read]").forEach((input) => {
    const name = input.dataset.read;
    const field = data.fields[name] || {};
    state.read[name] = field.value || "";
    input.value = field.value || "";
    const from = field.from || "the text";
    input.dataset.from = field.value
      ? (from.startsWith("guessed") ? from : `from ${from}`) : "not found";
    noteFrom(input);
  });
  if (url) {
    $("f-url").value = url;
    noteFrom($("f-url"));
  }
  const warnings = $("read-warnings");
  warnings.replaceChildren(...data.warnings.map((w) => {
    const li = document.createElement("li"); li.textContent = w; return li;
  }));
  const list = $("quotes");
  list.replaceChildren(...data.quotes.map((item) => {
    const li = document.createElement("li");
    const label = document.createElement("label");
    const radio = document.createElement("input");
    radio.type = "radio"; radio.name = "pick"; radio.value = item.number;
    radio.dataset.text = item.text;
    radio.addEventListener("change", () => pick(item));
    const words = document.createElement("span");
    words.textContent = `“${item.text}”`;
    words.dir = "auto";  // an Arabic or Persian quotation reads from the right
    const why = document.createElement("span");
    why.className = "why";
    why.textContent = `— ${item.speaker || "speaker not named"} · ${item.reason}`;
    why.dir = "auto";
    words.append(why);
    label.append(radio, words);
    li.append(label);
    return li;
  }));
  for (const id of ["read-section", "quote-section", "card-section"]) $(id).hidden = false;
  $("quote").value = "";
  state.picked = null;
  if (data.quotes.length) {
    list.querySelector("input").checked = true;
    pick(data.quotes[0]);
  } else {
    say($("quote-status"), "No quotations were found: type the quote.", "bad");
    say($("grid-status"), "Type a quote to see the cards.");
  }
}

// 3. The quote ---------------------------------------------------------------------------

function pick(item) {
  state.picked = item.number;
  state.pickedText = item.text;
  state.verified = true;
  $("quote").value = item.text;
  state.pickedAt = performance.now();
  say($("quote-status"), `Quote ${item.number}: in the story, word for word.`, "good");
  renderGrid();
}

let checkTimer = null;
function quoteEdited() {
  const text = $("quote").value;
  if (state.picked !== null && text === state.pickedText) return;
  state.picked = null;
  document.querySelectorAll('input[name="pick"]').forEach((r) => { r.checked = false; });
  clearTimeout(checkTimer);
  checkTimer = setTimeout(checkQuote, 300);
}

async function checkQuote() {
  const text = $("quote").value.trim();
  const status = $("quote-status");
  if (!text) { say(status, "Pick a quote or type one.", "bad"); renderGrid(); return; }
  let data;
  try {
    data = await post("/api/check", { story: state.story, quote: text });
  } catch (e) {
    say(status, `The desk did not answer (${e.message}); is cards serve still running?`, "bad");
    return;
  }
  if ($("quote").value.trim() !== text) return;  // typed on since
  state.verified = data.verified;
  status.replaceChildren();
  if (data.verified && data.story_words) {
    // An editor's brackets or an ellipsis: in the story, but not word for word. The
    // story's own words are shown, to read against what the card will say.
    say(status, "In the story, with your brackets or ellipsis. The story's own words: ", "good");
    const words = document.createElement("q");
    words.dir = "auto";
    words.textContent = data.story_words;
    status.append(words);
  } else if (data.verified) {
    say(status, "In the story, word for word.", "good");
  } else {
    status.classList.add("bad"); status.classList.remove("good");
    const head = document.createElement("strong");
    head.textContent = "Not in the story. ";
    const why = data.error || "";
    status.append(head, why.charAt(0).toUpperCase() + why.slice(1));
    if (data.meant) {
      const use = document.createElement("button");
      use.type = "button";
      use.textContent = `Use quote ${data.meant}`;
      use.addEventListener("click", () => {
        const radio = document.querySelector(`input[name="pick"][value="${data.meant}"]`);
        radio.checked = true;
        pick({ number: data.meant, text: radio.dataset.text });
        $("quote").focus();
      });
      status.append(" ", use);
    }
  }
  renderGrid();
}

// What a field of what was read says of itself: where it was found, or that it was changed.
function noteFrom(input) {
  const note = $(`${input.id}-from`);
  if (!note) return;
  const read = state.read[input.dataset.read] || "";
  if (input.readOnly || input.value === read) note.textContent = input.dataset.from || "";
  else if (!input.value) note.textContent = "left off the cards";
  else note.textContent = read ? `changed (the story has “${read}”)` : "typed here";
}

// 4. The cards ---------------------------------------------------------------------------

function choices() {
  const edited = (id, name) => {
    const value = $(id).value;
    return value === (state.read[name] || "") ? null : value;
  };
  const text = (id) => $(id).value.trim() || null;
  return {
    story: state.story,
    quote: state.picked !== null ? String(state.picked) : $("quote").value.trim(),
    speaker: text("speaker"), kicker: text("kicker"),
    headline: edited("f-title", "title"), site: edited("f-site", "site_name"),
    url: edited("f-url", "url") || null, lang: edited("f-lang", "language") || null,
    brand: $("brand").value || null, photo: state.photo, image: state.image,
    // Saying so on the card only means something on a card of an unverified quote: the
    // command of any other card leaves the flag out.
    unverified: $("unverified").checked,
    mark_unverified: $("unverified").checked && $("mark-unverified").checked,
    story_qr: $("story-qr").checked, no_qr: $("no-qr").checked, guides: $("guides").checked,
  };
}

let renderTimer = null;
function soon() {
  clearTimeout(renderTimer);
  renderTimer = setTimeout(renderGrid, 250);
}

function tileFor(design, preset) {
  const key = `${design}/${preset}`;
  let tile = document.querySelector(`.tile[data-key="${CSS.escape(key)}"]`);
  if (!tile) {
    tile = $("tile-template").content.firstElementChild.cloneNode(true);
    tile.dataset.key = key;
    tile.querySelector(".tile-name").textContent = `${design} · ${preset}`;
    tile.querySelector(".copy").addEventListener("click", () => copyCommand(tile));
    // Each name starts with the words shown, so a voice command that says them finds it.
    tile.querySelector(".copy").setAttribute("aria-label", `Copy command for the ${design} ${preset} card`);
    tile.querySelector(".download").setAttribute("aria-label", `Download PNG of the ${design} ${preset} card`);
    tile.querySelector(".frame").setAttribute("aria-label", `Open the ${design} ${preset} card at full size`);
  }
  return tile;
}

async function renderGrid() {
  clearTimeout(renderTimer);
  if (!state.story) return;
  const chosen = choices();
  const ticked = (name) => [...document.querySelectorAll(`input[name="${name}"]:checked`)].map((d) => d.value);
  const designs = ticked("design");
  const presets = ticked("preset");
  // A row of designs for each size: the grid reads across as the designs, down as sizes.
  const cards = presets.flatMap((preset) => designs.map((design) => ({ design, preset })));
  const grid = $("grid");
  const status = $("grid-status");
  // Cards still being drawn are of choices the page no longer shows: their answers are
  // dropped, even when no new grid starts (they would fill a grid just emptied).
  state.controllers.forEach((c) => c.abort());
  state.controllers = [];
  const generation = ++state.generation;
  const none = (why, kind) => { say(status, why, kind); grid.replaceChildren(); updateZip(); };
  if (!chosen.quote) { none("Pick a quote or type one."); return; }
  if (!state.verified && !chosen.unverified) {
    none("The quote is not in the story: fix it, or tick “Make cards of it even if it is not in the story”.", "bad");
    return;
  }
  if (!designs.length) { none("Choose a design.", "bad"); return; }
  if (!presets.length) { none("Choose a size.", "bad"); return; }
  const verified = state.verified;
  const started = performance.now();
  const timings = { generation, picked: state.pickedAt };
  state.pickedAt = null;
  state.timings = window.cardsTimings = timings;
  const tiles = cards.map((c) => tileFor(c.design, c.preset));
  grid.replaceChildren(...tiles);
  tiles.forEach((t) => { t.classList.add("busy"); delete t.dataset.done; });
  say(status, `Drawing ${tiles.length} card${tiles.length === 1 ? "" : "s"}…`);
  mark(null);
  let shown = 0;
  let failed = 0;
  await Promise.all(cards.map(async ({ design, preset }, i) => {
    const controller = new AbortController();
    state.controllers.push(controller);
    let data;
    try {
      data = await post("/api/card", { ...chosen, template: design, preset }, false, controller.signal);
    } catch (e) {
      if (e.name === "AbortError") return;
      data = { error: `the desk did not answer (${e.message})` };
    }
    if (generation !== state.generation) return;
    await showTile(tiles[i], data);
    if (generation !== state.generation) return;
    if (data.error) { failed++; if (data.field && data.field !== "template") mark(data.field); }
    shown++;
    const now = performance.now();
    if (shown === 1) timings.first = now - started;
    if (shown === cards.length) {
      timings.all = now - started;
      timings.sincePick = timings.picked === null ? null : now - timings.picked;
    }
  }));
  if (generation !== state.generation) return;
  const errors = [...grid.querySelectorAll(".tile.failed .tile-status")].map((e) => e.textContent);
  if (cards.length > 1 && failed === cards.length && new Set(errors).size === 1) {
    // The same reason for every card (no story URL, say): once, not once a card.
    none(`No card could be made: ${errors[0]}`, "bad");
    return;
  }
  const made = cards.length - failed;
  let said = `${made} card${made === 1 ? "" : "s"} made`;
  if (!verified) said += " of a quote that is not in the story";
  if (failed) said += `; ${failed} could not be made (each says why)`;
  say(status, `${said}.`, failed || !verified ? "bad" : "good");
  updateZip();
}

function showTile(tile, data) {
  tile.classList.remove("busy");
  tile.classList.toggle("failed", Boolean(data.error));
  tile.classList.toggle("unverified", data.verified === false);
  const status = tile.querySelector(".tile-status");
  const download = tile.querySelector(".download");
  if (data.error) {
    say(status, data.error, "bad");
    download.setAttribute("aria-disabled", "true");
    download.tabIndex = -1;
    download.removeAttribute("href");
    tile.querySelector(".frame").removeAttribute("href");
    tile.querySelector(".copy").disabled = true;
    tile.querySelector(".alt-text").textContent = "";
    tile.querySelector(".command").textContent = "";
    tile.dataset.done = "failed";
    delete tile.dataset.card;
    return Promise.resolve();
  }
  const kb = Math.round(data.bytes / 1024);
  say(status, (data.verified ? "" : "UNVERIFIED: the quote is not in the story. ") +
      `${data.width} × ${data.height}, ${kb} KB.`, data.verified ? "" : "bad");
  for (const note of data.notes) {  // each of the layout's notes on a line of its own
    const line = document.createElement("span");
    line.className = "note";
    line.textContent = note;
    status.append(line);
  }
  download.href = `${data.url}?download=1`;
  download.setAttribute("download", data.filename);
  download.removeAttribute("aria-disabled");
  download.removeAttribute("tabindex");
  tile.querySelector(".frame").href = data.guides || data.url;
  tile.querySelector(".copy").disabled = false;
  tile.querySelector(".alt-text").textContent = data.alt;
  const command = data.heredoc
    ? `${data.command} <<'${data.heredoc}'\n${state.stdin}${data.heredoc}` : data.command;
  commands.set(tile, command);
  // A long paste is shown by its length (the copy holds all of it).
  tile.querySelector(".command").textContent = data.heredoc && state.stdin.length > 20000
    ? `${data.command} <<'${data.heredoc}'\n[the pasted story: ${state.stdin.length} characters]\n${data.heredoc}`
    : command;
  tile.dataset.card = data.key;
  tile.dataset.filename = data.filename;
  const overlay = tile.querySelector(".overlay");
  overlay.hidden = !data.guides;
  if (data.guides) overlay.src = data.guides;
  const img = tile.querySelector(".card");
  img.alt = data.alt;
  return new Promise((resolve) => {
    const done = () => { tile.dataset.done = "ok"; resolve(); };
    img.addEventListener("load", done, { once: true });
    img.addEventListener("error", done, { once: true });
    img.src = data.url;
  });
}

function updateZip() {
  const keys = [...document.querySelectorAll(".tile[data-card]")].map((t) => t.dataset.card);
  const zip = $("zip");
  if (keys.length) {
    zip.href = `/cards.zip?keys=${keys.join(",")}`;
    zip.removeAttribute("aria-disabled");
  } else {
    zip.href = "#";
    zip.setAttribute("aria-disabled", "true");
  }
}

const commands = new WeakMap();  // each tile's whole command, as "Copy command" copies it

async function copyCommand(tile) {
  const code = tile.querySelector(".command");
  const button = tile.querySelector(".copy");
  try {
    await navigator.clipboard.writeText(commands.get(tile) || code.textContent);
  } catch {
    // Not a secure context (a desk reached by its address): select it to copy by hand.
    tile.querySelector(".command-box").open = true;
    const range = document.createRange();
    range.selectNodeContents(code);
    getSelection().removeAllRanges();
    getSelection().addRange(range);
    button.textContent = "Selected: press Ctrl-C";
    return;
  }
  button.textContent = "Copied";
  setTimeout(() => { button.textContent = "Copy command"; }, 1500);
}

async function addPicture(input, which) {
  const file = input.files[0];
  const status = $(`${which}-status`);
  state[which] = null;
  say(status, "");
  input.removeAttribute("aria-invalid");
  if (file) {
    let data;
    try {
      data = await post(`/api/picture?for=${which}&name=${encodeURIComponent(file.name)}`, file, true);
    } catch (e) {
      data = { error: `the desk did not answer (${e.message})` };
    }
    if (data.error) {
      // Said beside the box, which is emptied: the cards are made without the picture.
      say(status, data.error, "bad");
      input.setAttribute("aria-invalid", "true");
      input.value = "";
    } else {
      state[which] = data.id;
      say(status, `Using ${data.name}.`, "good");
    }
  }
  renderGrid();
}

// Wiring ---------------------------------------------------------------------------------

$("story-form").addEventListener("submit", readStory);
$("story-file").addEventListener("change", () => { if ($("story-file").files.length) readStory(); });
const drop = $("drop");
drop.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("over"); });
drop.addEventListener("dragleave", () => drop.classList.remove("over"));
drop.addEventListener("drop", (e) => {
  e.preventDefault();
  drop.classList.remove("over");
  if (e.dataTransfer.files.length) {
    $("story-file").files = e.dataTransfer.files;
    readStory();
  }
});
$("quote").addEventListener("input", quoteEdited);
for (const id of ["speaker", "kicker", "f-title", "f-site", "f-url", "f-lang"]) {
  $(id).addEventListener("input", soon);
}
for (const id of ["f-title", "f-site", "f-url", "f-lang"]) {
  $(id).addEventListener("input", () => noteFrom($(id)));
}
for (const id of ["brand", "unverified", "mark-unverified", "guides", "no-qr", "story-qr"]) {
  $(id).addEventListener("change", renderGrid);
}
$("designs").addEventListener("change", renderGrid);
$("presets").addEventListener("change", renderGrid);
$("photo").addEventListener("change", () => addPicture($("photo"), "photo"));
$("image").addEventListener("change", () => addPicture($("image"), "image"));
