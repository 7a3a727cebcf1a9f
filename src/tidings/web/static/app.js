// tidings web app: browse a store through the JSON API under /api. Plain JS, no build step.
// Views are chosen by the URL hash: #/articles, #/article/ID, #/events, #/timeline, #/actors, #/api.
"use strict";

const QUADS = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"};
const MODALITIES = ["asserted", "reported", "planned", "hypothetical", "attempted", "negated"];
const main = document.getElementById("main");

// --- small helpers ----------------------------------------------------------------------------

// h("a", {href: "#"}, "text", child, ...): an element; strings become text nodes (never HTML).
function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith("on")) el.addEventListener(key.slice(2), value);
    else if (key === "className") el.className = value;
    else el.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

function query(params) {
  const q = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== null && value !== undefined && value !== "") q.set(key, value);
  }
  const s = q.toString();
  return s ? "?" + s : "";
}

async function api(path, params) {
  const response = await fetch("/api/" + path + query(params || {}));
  const body = await response.json();
  if (!response.ok) {
    const err = (body && body.error) || {code: String(response.status), message: response.statusText};
    throw new Error(`[${err.code}] ${err.message}`);
  }
  return body;
}

// Each view paints through its own painter: once the user has moved on to another view,
// a slow answer for the old one no longer replaces the page.
let renderId = 0;

function painter() {
  const id = renderId;
  return (...nodes) => {
    if (id === renderId) main.replaceChildren(...nodes.flat());  // arrays of nodes may be given as they are
  };
}

function failure(err) {
  return h("p", {className: "error"}, err.message || String(err));
}

// A link to an article; with an event number, the article page opens with that event selected.
function articleLink(id, label, event) {
  const target = `#/article/${encodeURIComponent(id)}` + (event === undefined ? "" : query({event}));
  return h("a", {href: target}, label || id.slice(0, 8));
}

function participants(list) {
  return (list || []).map((p) => p.code ? `${p.name || p.text} (${p.code})` : (p.name || p.text)).join(", ");
}

// The sentence with its trigger in bold (offsets are article offsets; the sentence starts at sentence_start).
function sentenceWithTrigger(event) {
  const text = event.sentence_text || "";
  const start = event.trigger_start - event.sentence_start;
  const end = event.trigger_end - event.sentence_start;
  if (!(start >= 0 && end <= text.length && start < end)) return h("span", {}, text);
  return h("span", {}, text.slice(0, start), h("b", {}, text.slice(start, end)), text.slice(end));
}

function quadBadge(quad, type) {
  return h("span", {className: `badge q${quad || 0}`, title: QUADS[quad] || "no QuadClass"}, type);
}

// A filter form: fields [{name, label, options?}], values from the hash; submitting updates the hash.
function filterForm(view, fields, values) {
  const inputs = {};
  const form = h("form", {className: "filters", onsubmit: (e) => {
    e.preventDefault();
    const params = {};
    for (const [name, input] of Object.entries(inputs)) params[name] = input.value.trim();
    location.hash = `#/${view}` + query(params);
  }});
  for (const field of fields) {
    let input;
    if (field.options) {
      input = h("select", {name: field.name}, h("option", {value: ""}, field.any || "any"),
        field.options.map((o) => h("option", {value: o}, o)));
    } else {
      input = h("input", {name: field.name, placeholder: field.placeholder || "", size: field.size || 12});
    }
    input.value = values.get(field.name) || "";
    inputs[field.name] = input;
    form.append(h("label", {}, field.label, " ", input));
  }
  form.append(h("button", {type: "submit"}, "Apply"));
  return form;
}

// --- articles ---------------------------------------------------------------------------------

async function viewArticles(params) {
  const show = painter();
  const search = params.get("search") || "";
  const input = h("input", {type: "search", name: "search", placeholder: "words in the title or text", size: 40});
  input.value = search;
  const form = h("form", {className: "filters", onsubmit: (e) => {
    e.preventDefault();
    location.hash = "#/articles" + query({search: input.value.trim()});
  }}, input, h("button", {type: "submit"}, "Search"));
  show(h("h1", {}, "Articles"), form, h("p", {className: "muted"}, "Loading…"));
  try {
    const result = await api("articles", {search, limit: 500});
    const rows = result.articles.map((a) => h("tr", {},
      h("td", {}, a.date || ""),
      h("td", {}, articleLink(a.id, a.title || "(no title)")),
      h("td", {}, a.outlet || ""),
      h("td", {className: "num"}, a.events), h("td", {className: "num"}, a.quotes),
      h("td", {className: "num"}, a.actors),
      h("td", {}, h("code", {}, a.id))));
    show(h("h1", {}, "Articles"), form,
      h("p", {className: "muted"}, `${result.count} of ${result.stored} articles` + (search ? ` matching “${search}”` : "")),
      h("table", {}, h("thead", {}, h("tr", {}, ["date", "title", "outlet", "events", "quotes", "actors", "id"].map((c) => h("th", {}, c)))),
        h("tbody", {}, rows)));
  } catch (err) {
    show(h("h1", {}, "Articles"), form, failure(err));
  }
}

// --- one article: text with highlights ----------------------------------------------------------

const LAYERS = [
  {key: "events", cls: "hl-event", label: "event triggers", span: (r) => r.trigger},
  {key: "quotes", cls: "hl-quote", label: "quotes", span: (r) => r},
  {key: "actors", cls: "hl-actor", label: "actors", span: (r) => r},
  {key: "timexes", cls: "hl-timex", label: "time expressions", span: (r) => r},
  {key: "places", cls: "hl-place", label: "places", span: (r) => r},
];

function describe(layer, record) {
  switch (layer.key) {
    case "events":
      return `${record.type}${record.mode ? " (" + record.mode + ")" : ""}: ${participants(record.actors) || "?"}` +
        ` → ${participants(record.recipients) || "—"}; ${record.date || "no date"}; ${record.modality}`;
    case "quotes":
      return `${record.direct ? "direct" : "indirect"} quote by ${record.speaker_name || "unknown speaker"}` +
        (record.speaker_code ? ` (${record.speaker_code})` : "");
    case "actors":
      return `${record.name} — ${record.code || "uncoded"} (${record.method})`;
    case "timexes":
      return `${record.type} ${record.value}${record.mod ? " " + record.mod : ""}` +
        (record.anchor ? ` (from ${record.anchor} ${record.anchor_value || ""})` : "");
    case "places":
      return `${record.name}, ${record.country || "?"} (${record.feature || "place"})`;
    default:
      return "";
  }
}

// Split the text at every span boundary; each piece knows which records cover it.
function highlightedText(analysis, enabled, onPick) {
  const text = analysis.text;
  const marks = [];
  for (const layer of LAYERS) {
    if (!enabled.has(layer.key)) continue;
    (analysis[layer.key] || []).forEach((record, index) => {
      const span = layer.span(record);
      if (span && span.end > span.start) marks.push({layer, record, index, start: span.start, end: span.end});
    });
  }
  const cuts = new Set([0, text.length]);
  for (const m of marks) { cuts.add(m.start); cuts.add(m.end); }
  for (const event of analysis.events || []) {  // so that selecting an event outlines exactly its sentence
    if (event.sentence) { cuts.add(event.sentence.start); cuts.add(event.sentence.end); }
  }
  const points = [...cuts].sort((a, b) => a - b);
  const container = h("div", {className: "article-text"});
  for (let i = 0; i + 1 < points.length; i++) {
    const [start, end] = [points[i], points[i + 1]];
    const covering = marks.filter((m) => m.start <= start && m.end >= end);
    const piece = text.slice(start, end);
    // every piece is a span with its offset, so a selected record can be outlined whole
    if (!covering.length) { container.append(h("span", {"data-start": start}, piece)); continue; }
    container.append(h("span", {className: covering.map((m) => m.layer.cls).join(" "), "data-start": start,
      title: covering.map((m) => describe(m.layer, m.record)).join("\n"),
      onclick: (e) => { e.stopPropagation(); onPick(covering); }}, piece));
  }
  return container;
}

function recordPanel(covering, textEl) {
  for (const el of textEl.querySelectorAll(".selected")) el.classList.remove("selected");
  for (const m of covering) {
    const range = m.layer.key === "events" ? m.record.sentence : m.record;
    for (const el of textEl.querySelectorAll("span[data-start]")) {
      const start = Number(el.dataset.start);
      if (start >= range.start && start < range.end) el.classList.add("selected");
    }
  }
  return h("div", {}, covering.map((m) => h("div", {className: "record"},
    h("h3", {}, `${m.layer.label.replace(/s$/, "")} #${m.index}`),
    h("p", {}, describe(m.layer, m.record)),
    h("pre", {}, JSON.stringify(m.record, null, 2)))));
}

async function viewArticle(id, params) {
  const show = painter();
  show(h("p", {className: "muted"}, "Loading…"));
  let result;
  try {
    result = await api("articles/" + encodeURIComponent(id));
  } catch (err) {
    show(h("h1", {}, "Article"), failure(err));
    return;
  }
  const {article, analysis} = result;
  const enabled = new Set(LAYERS.map((l) => l.key));
  const panel = h("aside", {className: "panel"}, h("p", {className: "muted"}, "Click a highlight to see its record."));
  const textHolder = h("div");
  let textEl = null;
  const render = () => {
    textEl = highlightedText(analysis, enabled, (covering) => panel.replaceChildren(recordPanel(covering, textEl)));
    textHolder.replaceChildren(textEl);
  };
  const legend = h("div", {className: "legend"}, LAYERS.map((layer) => {
    const box = h("input", {type: "checkbox", checked: true, onchange: () => {
      if (box.checked) enabled.add(layer.key); else enabled.delete(layer.key);
      render();
    }});
    return h("label", {}, box, " ", h("span", {className: layer.cls}, layer.label),
      ` (${(analysis[layer.key] || []).length})`);
  }));
  const dct = analysis.dct || {};
  const meta = h("dl", {className: "meta"},
    h("dt", {}, "id"), h("dd", {}, h("code", {}, article.id)),
    h("dt", {}, "outlet"), h("dd", {}, article.outlet || "—"),
    h("dt", {}, "byline"), h("dd", {}, article.byline || "—"),
    h("dt", {}, "date used"), h("dd", {}, `${dct.used || "none"} (${dct.source || "none"})` +
      (dct.contradicted ? " — the stated date is contradicted by the text" : "")),
    h("dt", {}, "source"), h("dd", {}, article.url || article.source || "—"),
    h("dt", {}, "data"), h("dd", {},
      h("a", {href: "#/events" + query({article: article.id})}, "events table"), " · ",
      h("a", {href: "/api/articles/" + encodeURIComponent(article.id)}, "JSON")));
  render();
  show(h("h1", {}, article.title || "(no title)"), meta, legend,
    h("div", {className: "article-layout"}, textHolder, panel));
  // #/article/ID?event=N (from the events table or a timeline): select event N and scroll to it
  const n = Number(params.get("event"));
  const event = params.has("event") ? (analysis.events || [])[n] : null;
  if (event) {
    panel.replaceChildren(recordPanel([{layer: LAYERS[0], record: event, index: n}], textEl));
    const first = textEl.querySelectorAll(".selected")[0];
    if (first && first.scrollIntoView) first.scrollIntoView({block: "center"});
  }
}

// --- events -----------------------------------------------------------------------------------

let vocabulary = null;

async function ploverTypes() {
  if (!vocabulary) {
    try {
      vocabulary = await api("vocabulary");
    } catch (err) {
      vocabulary = {event_types: []};
    }
  }
  return vocabulary.event_types;
}

const EVENT_COLUMNS = ["date", "type", "actors → recipients", "modality", "sentence", "article"];

function eventRow(e, extra) {
  return h("tr", {},
    h("td", {className: "nowrap"}, e.date || "—"),
    h("td", {}, quadBadge(e.quad, e.type), e.mode ? h("div", {className: "muted"}, e.mode) : null,
      e.goldstein !== null ? h("div", {className: "muted"}, `Goldstein ${e.goldstein}`) : null),
    h("td", {}, participants(e.actors) || "—", " → ", participants(e.recipients) || "—",
      extra ? h("div", {className: "muted"}, extra) : null),
    h("td", {}, e.modality),
    h("td", {}, sentenceWithTrigger(e)),
    h("td", {}, articleLink(e.article_id, null, e.n)));
}

async function viewEvents(params) {
  const show = painter();
  const types = await ploverTypes();
  const form = filterForm("events", [
    {name: "actor", label: "actor", placeholder: "USA, PRKGOV, Kim"},
    {name: "type", label: "type", options: types.length ? types : null, placeholder: "CONSULT"},
    {name: "modality", label: "modality", options: MODALITIES},
    {name: "since", label: "since", placeholder: "YYYY[-MM[-DD]]", size: 10},
    {name: "until", label: "until", placeholder: "YYYY[-MM[-DD]]", size: 10},
    {name: "article", label: "article", placeholder: "id prefix", size: 10},
  ], params);
  const offset = Number(params.get("offset") || 0);
  const filters = Object.fromEntries(["actor", "type", "modality", "since", "until", "article"].map((k) => [k, params.get(k)]));
  show(h("h1", {}, "Events"), form, h("p", {className: "muted"}, "Loading…"));
  try {
    const result = await api("events", {...filters, limit: 200, offset});
    const pager = h("p", {className: "muted"}, result.count
      ? `${result.total} events; showing ${result.offset + 1}–${result.offset + result.count} `
      : `${result.total} events match. `);
    if (offset > 0) pager.append(h("a", {href: "#/events" + query({...filters, offset: Math.max(0, offset - 200)})}, "← previous"), " ");
    if (offset + result.count < result.total) pager.append(h("a", {href: "#/events" + query({...filters, offset: offset + 200})}, "next →"));
    show(h("h1", {}, "Events"), form, pager,
      h("table", {}, h("thead", {}, h("tr", {}, EVENT_COLUMNS.map((c) => h("th", {}, c)))),
        h("tbody", {}, result.events.map((e) => eventRow(e)))));
  } catch (err) {
    show(h("h1", {}, "Events"), form, failure(err));
  }
}

// --- timeline -----------------------------------------------------------------------------------

// The series as a table with stacked bars; a run of empty periods is one row.
function seriesTable(series) {
  if (!series.periods.length) return h("p", {className: "muted"}, `No event dated to a ${series.by}.`);
  const most = Math.max(1, ...series.periods.map((m) => m.events));
  const names = ["verbal_cooperation", "material_cooperation", "verbal_conflict", "material_conflict"];
  const rows = [];
  let empty = [];
  const flush = () => {
    if (!empty.length) return;
    const label = empty.length === 1 ? empty[0] : `${empty[0]} – ${empty[empty.length - 1]}`;
    rows.push(h("tr", {className: "muted"}, h("td", {}, label), h("td", {className: "num"}, 0),
      h("td", {}, empty.length === 1 ? "" : `${empty.length} ${series.by}s without events`), h("td", {className: "num"}, "—")));
    empty = [];
  };
  for (const m of series.periods) {
    if (!m.events) { empty.push(m.period); continue; }
    flush();
    rows.push(h("tr", {},
      h("td", {}, m.period), h("td", {className: "num"}, m.events),
      h("td", {}, h("div", {className: "bar"}, names.map((name, i) => m[name]
        ? h("span", {className: `q${i + 1}`, style: `width:${(100 * m[name]) / most}%`, title: `${QUADS[i + 1]}: ${m[name]}`}, m[name])
        : null))),
      h("td", {className: "num"}, m.goldstein_mean === null ? "—" : m.goldstein_mean)));
  }
  flush();
  return h("table", {className: "series"},
    h("thead", {}, h("tr", {}, [series.by, "events", "by QuadClass (1 2 3 4)", "mean Goldstein"].map((c) => h("th", {}, c)))),
    h("tbody", {}, rows));
}

async function viewTimeline(params) {
  const show = painter();
  const form = filterForm("timeline", [
    {name: "actor", label: "actor", placeholder: "USA, PRKGOV, Kim"},
    {name: "other", label: "with", placeholder: "optional second actor"},
    {name: "modality", label: "modality", options: MODALITIES, any: "all"},
    {name: "since", label: "since", placeholder: "YYYY[-MM[-DD]]", size: 10},
    {name: "until", label: "until", placeholder: "YYYY[-MM[-DD]]", size: 10},
    {name: "by", label: "count per", options: ["quarter", "year"], any: "month"},
  ], params);
  const actor = params.get("actor");
  if (!actor) {
    show(h("h1", {}, "Timeline"), form,
      h("p", {className: "muted"}, "Name an actor (a code such as USA or PRKGOV, or part of a name), and optionally a second one."));
    return;
  }
  const filters = Object.fromEntries(["actor", "other", "modality", "since", "until"].map((k) => [k, params.get(k)]));
  show(h("h1", {}, "Timeline"), form, h("p", {className: "muted"}, "Loading…"));
  try {
    const [timeline, series] = await Promise.all([
      api("timeline", filters), api("series", {...filters, by: params.get("by")})]);
    const items = [];
    let lastDate = null;
    for (const e of timeline.events) {
      if (e.date !== lastDate) { items.push(h("h3", {className: "when"}, e.date || "no date")); lastDate = e.date; }
      items.push(h("div", {className: "tl-event"},
        quadBadge(e.quad, e.type), " ", h("span", {className: "muted"}, `${e.role} · ${e.modality}`), " ",
        h("div", {}, sentenceWithTrigger(e)),
        h("div", {className: "muted"}, participants(e.actors) || "—", " → ", participants(e.recipients) || "—",
          " · ", articleLink(e.article_id, e.title || e.article_id, e.n))));
    }
    const who = timeline.other ? `${timeline.actor} and ${timeline.other}` : timeline.actor;
    const left = series.left_out;
    show(h("h1", {}, "Timeline: " + who), form,
      h("h2", {}, "Per " + series.by),
      h("p", {className: "muted"}, `Counting ${Array.isArray(series.modalities) ? series.modalities.join(", ") : "all"} events; ` +
        `left out: ${left.undated} undated, ${left.vaguer_than_the_period} dated more loosely than a ${series.by}.`),
      seriesTable(series),
      h("h2", {}, `${timeline.count} dated events`),
      items.length ? items : h("p", {className: "muted"}, "No dated event."));
  } catch (err) {
    show(h("h1", {}, "Timeline"), form, failure(err));
  }
}

// --- actors -----------------------------------------------------------------------------------

async function viewActors(params) {
  const show = painter();
  const form = filterForm("actors", [{name: "search", label: "code or name", placeholder: "PRK, Kim"}], params);
  show(h("h1", {}, "Actors"), form, h("p", {className: "muted"}, "Loading…"));
  try {
    const result = await api("actors", {search: params.get("search")});
    show(h("h1", {}, "Actors"), form,
      h("table", {}, h("thead", {}, h("tr", {}, ["code", "names", "mentions", "articles", "events", "as source", "as target", ""].map((c) => h("th", {}, c)))),
        h("tbody", {}, result.actors.map((a) => h("tr", {},
          h("td", {}, h("code", {}, a.code)), h("td", {}, (a.names || []).join("; ")),
          h("td", {className: "num"}, a.mentions), h("td", {className: "num"}, a.articles),
          h("td", {className: "num"}, a.events), h("td", {className: "num"}, a.as_source),
          h("td", {className: "num"}, a.as_target),
          h("td", {}, h("a", {href: "#/timeline" + query({actor: a.code})}, "timeline"), " · ",
            h("a", {href: "#/events" + query({actor: a.code})}, "events")))))));
  } catch (err) {
    show(h("h1", {}, "Actors"), form, failure(err));
  }
}

// --- API reference (offline: read from the OpenAPI document) ------------------------------------

async function viewApi() {
  const show = painter();
  try {
    const spec = await fetch("/api/openapi.json").then((r) => r.json());
    const items = [];
    for (const [path, methods] of Object.entries(spec.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        items.push(h("section", {className: "endpoint"},
          h("h3", {}, h("code", {}, `${method.toUpperCase()} ${path}`)),
          h("p", {}, op.description || op.summary || ""),
          (op.parameters || []).length ? h("ul", {}, op.parameters.map((p) =>
            h("li", {}, h("code", {}, p.name), p.required ? " (required)" : "", p.description ? ": " + p.description : ""))) : null));
      }
    }
    show(h("h1", {}, "API"),
      h("p", {}, "Every error is ", h("code", {}, '{"error": {"code": "T…", "message": "…"}}'),
        " with an HTTP status. The OpenAPI document: ", h("a", {href: "/api/openapi.json"}, "/api/openapi.json"), "."),
      items);
  } catch (err) {
    show(h("h1", {}, "API"), failure(err));
  }
}

// --- routing ----------------------------------------------------------------------------------

function route() {
  renderId += 1;
  const hash = location.hash.replace(/^#\/?/, "");
  const [path, search] = hash.split("?");
  const params = new URLSearchParams(search || "");
  const [view, arg] = path.split("/");
  for (const link of document.querySelectorAll("nav a")) {
    link.classList.toggle("active", link.dataset.view === (view === "article" ? "articles" : view || "articles"));
  }
  switch (view) {
    case "article": return viewArticle(decodeURIComponent(arg || ""), params);
    case "events": return viewEvents(params);
    case "timeline": return viewTimeline(params);
    case "actors": return viewActors(params);
    case "api": return viewApi();
    default: return viewArticles(params);
  }
}

window.addEventListener("hashchange", route);
api("health").then((health) => {
  document.getElementById("store").textContent = `${health.db} · ${health.articles} articles · ${health.events} events`;
}).catch((err) => {
  document.getElementById("store").textContent = err.message;
});
route();
