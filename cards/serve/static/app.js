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
  story: "story-text", story_url: "story-url", picture: "photo", size: "presets",
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
    } else if (url) {
      data = await post("/api/story", { url });
    } else if (text.trim()) {
      data = await post("/api/story", { text });
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
    mark(data.field || (file ? "story" : url ? "story_url" : "story"));
    return;
  }
  mark(null);
  showStory(data);
}

function showStory(data) {
  state.story = data.story;
  state.read = {};
  const q = data.quotes.length;
  say($("story-status"), `Read ${data.paragraphs} paragraphs and ${q} quotation${q === 1 ? "" : "s"}.`, "good");
  document.querySelectorAll("[data-read]").forEach((input) => {
    const name = input.dataset.read;
    const field = data.fields[name] || {};
    state.read[name] = field.value || "";
    input.value = field.value || "";
    $(`${input.id}-from`).textContent = field.value
      ? `from ${field.from || "the text"}` : "not found";
  });
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
  if (data.verified) {
    say(status, "In the story, word for word.", "good");
  } else {
    status.classList.add("bad"); status.classList.remove("good");
    const head = document.createElement("strong");
    head.textContent = "Not in the story. ";
    status.append(head, data.error || "");
    if (data.passage && !(data.error || "").includes(data.passage)) {
      const p = document.createElement("span");
      p.className = "passage";
      p.textContent = ` Closest passage: “${data.passage}”`;
      status.append(p);
    }
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
    tile.querySelector(".copy").disabled = true;
    tile.querySelector(".alt-text").textContent = "";
    tile.querySelector(".command").textContent = "";
    tile.dataset.done = "failed";
    delete tile.dataset.card;
    return Promise.resolve();
  }
  const kb = Math.round(data.bytes / 1024);
  const notes = data.notes.length ? ` ${data.notes.join(" ")}` : "";
  say(status, (data.verified ? "" : "UNVERIFIED: the quote is not in the story. ") +
      `${data.width} × ${data.height}, ${kb} KB.${notes}`, data.verified ? "" : "bad");
  download.href = `${data.url}?download=1`;
  download.setAttribute("download", data.filename);
  download.removeAttribute("aria-disabled");
  tile.querySelector(".copy").disabled = false;
  tile.querySelector(".alt-text").textContent = data.alt;
  tile.querySelector(".command").textContent = data.command;
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

async function copyCommand(tile) {
  const code = tile.querySelector(".command");
  const button = tile.querySelector(".copy");
  try {
    await navigator.clipboard.writeText(code.textContent);
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
  state[which] = null;
  if (file) {
    const data = await post(`/api/picture?name=${encodeURIComponent(file.name)}`, file, true);
    if (data.error) {
      say($("grid-status"), data.error, "bad");
      input.setAttribute("aria-invalid", "true");
      return;
    }
    input.removeAttribute("aria-invalid");
    state[which] = data.id;
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
for (const id of ["brand", "unverified", "mark-unverified", "guides", "no-qr", "story-qr"]) {
  $(id).addEventListener("change", renderGrid);
}
$("designs").addEventListener("change", renderGrid);
$("presets").addEventListener("change", renderGrid);
$("photo").addEventListener("change", () => addPicture($("photo"), "photo"));
$("image").addEventListener("change", () => addPicture($("image"), "image"));
