// The milpress search page. The URL is the state: every view is a permalink, and the page's
// parameters are the API's (plus `doc`, the document open). Everything the index returns is
// put in the page as text (textContent), never as HTML.
"use strict";

const PAGE = 10;
// Parameters the API takes, in the order they are shown.
const API_KEYS = ["q", "any", "exact", "near", "year", "years", "from", "to", "speaker", "theme",
  "tag", "lang", "source", "kind", "sort", "offset"];
// Filters shown as chips.
const FILTER_KEYS = ["year", "years", "from", "to", "speaker", "theme", "tag", "lang", "source",
  "kind", "any", "exact", "near"];
// Facet (as the JSON names it) → the parameter that filters on it.
const FACET_PARAM = { year: "year", theme: "theme", speaker: "speaker", source: "source",
  lang: "lang", kind: "kind", tag: "tag" };
const REPEATABLE = new Set(["speaker", "theme", "tag"]);
const FACET_TITLES = { year: "Year", theme: "Theme", speaker: "Speaker", source: "Source",
  lang: "Language", kind: "Kind", tag: "Tags" };
const LANGS = { en: "English", zh: "Chinese", mixed: "Mixed", other: "Other" };

const $ = (id) => document.getElementById(id);

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") node.className = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? "" : String(v));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function current() { return new URLSearchParams(location.search); }

// The API's parameters out of the page's.
function apiParams(params, drop) {
  const out = new URLSearchParams();
  for (const [k, v] of params) {
    if (API_KEYS.includes(k) && !(drop || []).includes(k) && v !== "") out.append(k, v);
  }
  return out;
}

function go(params, push = true) {
  const query = params.toString();
  const url = query ? "/?" + query : "/";
  if (push) history.pushState(null, "", url); else history.replaceState(null, "", url);
  render();
}

function change(edit) {
  const params = current();
  edit(params);
  params.delete("offset");
  params.delete("doc");
  go(params);
}

async function getJson(url) {
  const response = await fetch(url, { credentials: "same-origin" });
  let body = null;
  try { body = await response.json(); } catch (_) { body = null; }
  if (!response.ok) throw new Error((body && body.error) || response.status + " " + response.statusText);
  return body;
}

// Themes' display names by slug, from /api/themes (slugs shown until they arrive).
let THEMES = {};
const themesLoaded = getJson("/api/themes").then((names) => { THEMES = names || {}; }).catch(() => {});

function valueText(key, value) {
  if (key === "lang" && LANGS[value]) return LANGS[value];
  if (key === "theme" && THEMES[value]) return THEMES[value].name;
  return String(value);
}

let generation = 0;

async function render() {
  const params = current();
  const mine = ++generation;
  $("q").value = params.get("q") || "";
  $("sort").value = params.get("sort") || "relevance";
  document.title = (params.get("q") ? params.get("q") + " — " : "") + "milpress";
  renderChips(params);
  const api = apiParams(params);
  api.set("limit", PAGE);
  const trendParams = apiParams(params, ["sort", "offset"]);
  trendParams.set("by", params.get("year") ? "month" : "year");
  try {
    const [results, trend] = await Promise.all([
      getJson("/api/search?" + api.toString()),
      getJson("/api/trend?" + trendParams.toString()).catch(() => null),
      themesLoaded,
    ]);
    if (mine !== generation) return;
    // Again, now that the themes' names are in: a theme chip of a shared link shows its name.
    renderChips(params);
    renderResults(params, results);
    renderFacets(params, results.facets || {});
    renderHistogram(params, trend);
  } catch (err) {
    if (mine !== generation) return;
    $("hits").replaceChildren();
    $("facets").replaceChildren();
    $("histogram").replaceChildren();
    $("pager").replaceChildren();
    $("notes").replaceChildren();
    $("summary").replaceChildren(el("div", { class: "error", role: "alert" }, err.message));
  }
  const id = params.get("doc");
  if (id) openDoc(id); else closeDoc(false);
}

function renderChips(params) {
  const chips = [];
  for (const key of FILTER_KEYS) {
    for (const value of params.getAll(key)) {
      const label = key === "any" || key === "exact" ? key : key + ": " + valueText(key, value);
      chips.push(el("span", { class: "chip", "data-key": key },
        label,
        el("button", { type: "button", "aria-label": "Remove " + label, title: "Remove",
          onclick: () => change((p) => removeValue(p, key, value)) }, "×")));
    }
  }
  $("chips").replaceChildren(...chips);
}

function removeValue(params, key, value) {
  const kept = params.getAll(key).filter((v) => v !== value);
  params.delete(key);
  for (const v of kept) params.append(key, v);
}

function renderResults(params, results) {
  const offset = Number(params.get("offset") || 0);
  const total = results.total || 0;
  const hits = results.hits || [];
  const notes = [];
  if (results.also_searched && results.also_searched.length) {
    const exact = current(); exact.set("exact", "1"); exact.delete("offset");
    notes.push(el("p", {}, "Also searched: ", results.also_searched.join(", "), " · ",
      el("a", { href: "/?" + exact.toString(), onclick: link(exact) }, "only the words typed")));
  }
  for (const notice of results.notices || []) {
    // The page opens on every document: no need to say so.
    if (!params.get("q") && notice.startsWith("empty query")) continue;
    notes.push(el("p", { class: "notice" }, notice));
  }
  if (results.did_you_mean) {
    const fixed = current(); fixed.set("q", results.did_you_mean); fixed.delete("offset");
    notes.push(el("p", { class: "did-you-mean" }, "Did you mean: ",
      el("a", { href: "/?" + fixed.toString(), onclick: link(fixed) }, results.did_you_mean), "?"));
  }
  if (results.partial) {
    const some = current(); some.set("any", "1"); some.delete("offset");
    const words = results.partial.words.map((w) => `${w.word} ${w.matches}`).join(" · ");
    notes.push(el("p", { class: "partial" }, `No document holds every word (${words}). Drop one, or `,
      el("a", { href: "/?" + some.toString(), onclick: link(some) }, "search any of them"), "."));
  }
  $("notes").replaceChildren(...notes);

  const exportParams = apiParams(params, ["offset"]);
  const exportLink = (format, label) => {
    const p = new URLSearchParams(exportParams); p.set("format", format);
    return el("a", { href: "/api/search?" + p.toString(), download: "" }, label);
  };
  const matches = `${total} match${total === 1 ? "" : "es"}`;
  const shown = total === 0 ? "No match" :
    hits.length === 0 ? matches : `${offset + 1}–${offset + hits.length} of ${matches}`;
  // replaceChildren writes a null as the text "null": only nodes go in.
  const summary = [el("span", { id: "total" }, shown, ` (${results.took_ms} ms)`)];
  if (total > 0) {
    summary.push(el("span", { class: "exports" }, "Export:", exportLink("csv", "CSV"), exportLink("jsonl", "JSON Lines")));
  }
  // Who said it: the briefings' answers themselves, newest first (what `milpress said` lists).
  if (!params.get("kind")) {
    const said = current(); said.set("kind", "answer"); said.set("sort", "-date");
    said.delete("offset"); said.delete("doc");
    summary.push(el("a", { class: "said", href: "/?" + said.toString(), onclick: link(said) },
      "Who said it: answers only"));
  }
  $("summary").replaceChildren(...summary);

  $("hits").replaceChildren(...hits.map(renderHit));
  const inPart = results.in_part;
  if (total === 0 && !inPart) {
    $("hits").replaceChildren(el("li", { class: "empty" },
      "Nothing matched. Remove a filter, or try other words."));
  } else if (total > 0 && offset >= total) {
    // A page past the last (an old link, a hand-edited offset): say so, and lead back.
    const first = current(); first.delete("offset"); first.delete("doc");
    $("hits").replaceChildren(el("li", { class: "empty" },
      `No more matches: there are ${total}. `,
      el("a", { href: "?" + first.toString(), onclick: link(first) }, "Back to the first page")));
  }
  if (inPart) {
    // Listed apart and never counted: they hold translations of some of the words only.
    const k = inPart.total;
    const holds = k === 1 ? "holds" : "hold";
    const head = total === 0
      ? `No document holds every word; ${k} document${k === 1 ? "" : "s"} ${holds} some of them, in other forms or in the other language:`
      : `Only ${total} document${total === 1 ? " holds" : "s hold"} every word; ${k} other${k === 1 ? "" : "s"} ${holds} some of them, in other forms or in the other language:`;
    $("hits").append(el("li", { class: "in-part" }, head), ...inPart.hits.map(renderHit));
  }

  const pages = Math.ceil(total / PAGE);
  const page = Math.min(Math.floor(offset / PAGE) + 1, Math.max(pages, 1));
  const toOffset = (o) => () => { const p = current(); p.delete("doc"); if (o > 0) p.set("offset", o); else p.delete("offset"); go(p); window.scrollTo(0, 0); };
  $("pager").replaceChildren(...(pages > 1 ? [
    el("button", { id: "prev", type: "button", disabled: offset <= 0, onclick: toOffset(Math.max(0, offset - PAGE)) }, "‹ Previous"),
    el("span", {}, `Page ${page} of ${pages}`),
    el("button", { id: "next", type: "button", disabled: offset + PAGE >= total, onclick: toOffset(offset + PAGE) }, "Next ›"),
  ] : []));
}

function link(params) {
  return (event) => { event.preventDefault(); go(params); };
}

function renderHit(hit) {
  const docParams = current(); docParams.set("doc", hit.id);
  // An answer listed on its own (kind=answer): the reporter's question is labelled as one and
  // the answer is in its speaker's name, never the question as if the speaker had said it.
  const answer = hit.kind === "answer";
  const speaker = hit.answer ? hit.answer.speaker
    : answer ? ((hit.speakers && hit.speakers[0]) || "A") : null;
  const title = answer && hit.question ? "Q: " + hit.question : hit.title;
  const meta = [];
  meta.push(el("span", {}, hit.date || (hit.year ? String(hit.year) : "date unknown")));
  if (hit.source) meta.push(el("span", {}, hit.source));
  if (hit.speakers && hit.speakers.length) meta.push(el("span", {}, "Speakers: " + hit.speakers.join(", ")));
  if (hit.kind && hit.kind !== "release") meta.push(el("span", { class: "badge" }, hit.kind));
  meta.push(el("span", { class: "badge" }, valueText("lang", hit.lang)));
  return el("li", { class: "hit", "data-id": hit.id },
    el("h2", { lang: hit.lang === "zh" ? "zh" : null },
      el("a", { href: "/?" + docParams.toString(), class: "open-doc", onclick: link(docParams) }, title || "(untitled)")),
    el("div", { class: "meta" }, meta),
    // An answer of a briefing: the question it answers (where the match may be), then the
    // answer in its speaker's name, as the command line prints them.
    hit.answer && hit.answer.question ? el("p", { class: "question" }, "Q: ",
      highlighted(hit.answer.question, hit.answer.question_highlights || [])) : null,
    hit.snippet ? el("p", { class: "snippet" },
      speaker ? speaker + ": " : null,
      highlighted(hit.snippet, hit.highlights || [])) : null);
}

// The snippet with its highlight ranges marked. Ranges count characters (code points), as
// Rust's `chars()` does, so the text is split the same way.
function highlighted(snippet, ranges) {
  const chars = Array.from(snippet);
  const out = [];
  let at = 0;
  for (const [start, end] of ranges) {
    if (start < at || end > chars.length || start >= end) continue;
    if (start > at) out.push(chars.slice(at, start).join(""));
    out.push(el("mark", {}, chars.slice(start, end).join("")));
    at = end;
  }
  if (at < chars.length) out.push(chars.slice(at).join(""));
  return out;
}

const expanded = new Set();

function renderFacets(params, facets) {
  const groups = [];
  for (const name of Object.keys(facets)) {
    let values = facets[name] || [];
    // Years read best newest first, the unknown last; the other facets, most frequent first.
    if (name === "year") {
      values = [...values].sort((a, b) => (b.value === null ? -1e9 : b.value) - (a.value === null ? -1e9 : a.value));
    }
    const key = FACET_PARAM[name];
    if (!key || values.length === 0) continue;
    const active = new Set(params.getAll(key));
    const limit = expanded.has(name) ? 40 : 8;
    const items = values.slice(0, limit).map((v) => {
      if (v.value === null) {
        // Undated documents: counted so the facet adds up, but not a filter.
        return el("li", {}, el("span", { class: "facet-value unknown" },
          el("span", { class: "name" }, "unknown"), el("span", { class: "count" }, v.count)));
      }
      const value = String(v.value);
      const pressed = active.has(value);
      return el("li", {},
        el("button", { type: "button", class: "facet-value", "data-key": key, "data-value": value,
          "aria-pressed": pressed ? "true" : "false",
          onclick: () => change((p) => toggle(p, key, value, pressed)) },
          el("span", { class: "name" }, valueText(key, value)),
          el("span", { class: "count" }, v.count)));
    });
    const more = values.length > 8 ? el("button", { type: "button", class: "more",
      onclick: () => { if (expanded.has(name)) expanded.delete(name); else expanded.add(name); renderFacets(current(), facets); } },
      expanded.has(name) ? "fewer" : `+${Math.min(values.length, 40) - 8} more`) : null;
    groups.push(el("section", { class: "facet", "data-facet": name },
      el("h3", {}, FACET_TITLES[name] || name), el("ul", {}, items), more));
  }
  // One panel: always open on a wide screen; on a phone it comes first, folded under
  // "Filters" until opened (and stays as the reader left it from one search to the next).
  const narrow = window.matchMedia("(max-width: 760px)").matches;
  const panel = el("details", { class: "facet-panel", open: !narrow || filtersOpen },
    el("summary", {}, "Filters"), groups);
  panel.addEventListener("toggle", () => { if (narrow) filtersOpen = panel.open; });
  $("facets").replaceChildren(panel);
}

let filtersOpen = false;

function toggle(params, key, value, pressed) {
  if (pressed) { removeValue(params, key, value); return; }
  if (REPEATABLE.has(key)) { params.append(key, value); return; }
  params.set(key, value);
  if (key === "year") { params.delete("years"); }
}

function renderHistogram(params, trend) {
  const series = trend && trend.queries && trend.queries[0] ? trend.queries[0].series : [];
  $("histnote").textContent = "";
  if (!series.length || series.length < 2 && !params.get("year")) { $("histogram").replaceChildren(); return; }
  const max = Math.max(...series.map((p) => p.count), 1);
  const every = Math.ceil(series.length / 12);
  // Months of one year are labelled by month alone (`Mar`), the year once: `2024-03` under
  // each of twelve bars ran together.
  const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  const monthly = series.every((p) => /^\d{4}-\d{2}$/.test(p.period));
  const oneYear = monthly && series.every((p) => p.period.slice(0, 4) === series[0].period.slice(0, 4));
  const labelOf = (p, i) => !oneYear ? p.period
    : MONTHS[Number(p.period.slice(5, 7)) - 1] + (i === 0 ? " " + p.period.slice(0, 4) : "");
  const bars = series.map((p, i) => {
    const label = i % every === 0 || i === series.length - 1 ? el("span", { class: "lbl" }, labelOf(p, i)) : null;
    // Each bar's count above it, while there is room for the numbers.
    const count = series.length <= 24 && p.count > 0 ? el("span", { class: "cnt" }, String(p.count)) : null;
    return el("button", { type: "button", class: "bar", title: `${p.period}: ${p.count}`,
      "aria-label": `${p.period}: ${p.count} matches`, style: null,
      "data-height": Math.round(100 * p.count / max),
      onclick: () => change((q) => narrow(q, p.period)) }, count, label);
  });
  $("histogram").replaceChildren(...bars);
  // Heights set through the CSSOM: the page's policy allows no inline style attributes.
  for (const bar of bars) bar.style.height = Math.max(2, Number(bar.dataset.height)) + "%";
  // Months leave out the matches dated only by their year: say how many.
  const yearOnly = trend.queries[0].year_only || 0;
  $("histnote").textContent = yearOnly > 0
    ? `${yearOnly} ${yearOnly === 1 ? "match is" : "matches are"} dated only by year, not in these bars.`
    : "";
}

function narrow(params, period) {
  params.delete("years");
  if (/^\d{4}$/.test(period)) {
    params.set("year", period); params.delete("from"); params.delete("to");
    return;
  }
  const [y, m] = period.split("-").map(Number);
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const mm = String(m).padStart(2, "0");
  params.set("from", `${y}-${mm}-01`);
  params.set("to", `${y}-${mm}-${String(last).padStart(2, "0")}`);
}

let openId = null;
// The hit a document was opened from, where focus goes back when it closes.
let openedFrom = null;

async function openDoc(id) {
  if (openId === id && !$("doc").hidden) return;
  openId = id;
  if ($("doc").hidden) openedFrom = id;
  const box = $("doc");
  box.hidden = false;
  box.replaceChildren(el("div", { class: "sheet" }, "Loading…"));
  let doc;
  try {
    doc = await getJson("/api/doc?id=" + encodeURIComponent(id));
  } catch (err) {
    box.replaceChildren(el("div", { class: "sheet" }, closeButton(), el("div", { class: "error" }, err.message)));
    return;
  }
  if (openId !== id) return;
  const rows = [];
  const row = (name, ...value) => rows.push(el("dt", {}, name), el("dd", {}, ...value));
  row("id", doc.id);
  row("kind", doc.kind);
  row("date", doc.date || (doc.year ? String(doc.year) : "unknown"));
  row("language", valueText("lang", doc.lang));
  if (doc.source) row("source", doc.source);
  if (doc.speakers && doc.speakers.length) row("speakers", doc.speakers.join(", "));
  if (doc.themes && doc.themes.length) row("themes", doc.themes.map((t) => valueText("theme", t)).join(", "));
  if (doc.url && /^https?:\/\//i.test(doc.url)) {
    row("original", el("a", { href: doc.url, rel: "noopener noreferrer", target: "_blank" }, doc.url));
  } else if (doc.url) row("original", doc.url);
  for (const path of doc.paths || [doc.path]) {
    row("path", doc.record !== null && doc.record !== undefined ? `${path} (record ${doc.record})` : path);
  }
  if (doc.parent) row("parent", doc.parent);
  const texts = [el("div", { class: "original", lang: doc.lang === "zh" ? "zh" : null },
    el("h2", {}, "Original (" + valueText("lang", doc.lang) + ")"),
    el("div", { class: "body doc-body" }, doc.body || ""))];
  if (doc.translation) {
    const t = doc.translation;
    texts.push(el("div", { class: "translation", lang: t.lang === "zh" ? "zh" : null },
      el("h2", {}, "Translation" + (t.lang ? " (" + valueText("lang", t.lang) + ")" : "")),
      el("h3", {}, t.title || ""),
      el("div", { class: "body" }, t.body || "")));
  }
  box.replaceChildren(el("article", { class: "sheet", role: "dialog", "aria-modal": "true", "aria-label": doc.title },
    closeButton(),
    el("h1", { lang: doc.lang === "zh" ? "zh" : null }, doc.title || "(untitled)"),
    el("dl", {}, rows),
    el("div", { class: "texts" + (texts.length === 1 ? " single" : "") }, texts)));
  box.querySelector(".close").focus();
}

function closeButton() {
  return el("button", { type: "button", class: "close", id: "close-doc", onclick: () => closeDoc(true) }, "Close ✕");
}

function closeDoc(push) {
  openId = null;
  const wasOpen = !$("doc").hidden;
  $("doc").hidden = true;
  $("doc").replaceChildren();
  // Back to the hit the document was opened from, not to the top of the page.
  if (wasOpen && openedFrom !== null) {
    const hit = [...document.querySelectorAll("li.hit")].find((li) => li.dataset.id === openedFrom);
    const link = hit && hit.querySelector("a.open-doc");
    if (link) link.focus();
  }
  openedFrom = null;
  if (push && current().has("doc")) {
    const p = current(); p.delete("doc");
    const query = p.toString();
    history.pushState(null, "", query ? "/?" + query : "/");
  }
}

document.addEventListener("DOMContentLoaded", () => {
  $("search").addEventListener("submit", (event) => {
    event.preventDefault();
    change((p) => { const q = $("q").value.trim(); if (q) p.set("q", q); else p.delete("q"); });
  });
  $("sort").addEventListener("change", () => change((p) => {
    const s = $("sort").value; if (s === "relevance") p.delete("sort"); else p.set("sort", s);
  }));
  $("doc").addEventListener("click", (event) => { if (event.target === $("doc")) closeDoc(true); });
  document.addEventListener("keydown", (event) => {
    const typing = /^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement && document.activeElement.tagName);
    if (event.key === "/" && !typing) { event.preventDefault(); $("q").focus(); $("q").select(); }
    if (event.key === "Escape" && !$("doc").hidden) closeDoc(true);
    // An open document keeps focus within itself, as a dialog does.
    if (event.key === "Tab" && !$("doc").hidden) {
      const inside = [...$("doc").querySelectorAll("button, a[href]")];
      if (inside.length === 0) return;
      const first = inside[0], last = inside[inside.length - 1];
      const at = document.activeElement;
      if (!$("doc").contains(at) || (event.shiftKey ? at === first : at === last)) {
        event.preventDefault();
        (event.shiftKey ? last : first).focus();
      }
    }
  });
  window.addEventListener("popstate", render);
  render();
});
