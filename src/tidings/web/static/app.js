// tidings web app: browse a store through the JSON API under /api. Plain JS, no build step.
// Views are chosen by the URL hash (#/articles, #/article/ID, #/stories, #/story/ID, #/merged/ID,
// #/events, #/quotes, #/actor/CODE, #/dyad/A/B, #/map, #/network, #/timeline, #/actors, #/api);
// each sets its own page title. Charts, the map and the network are drawn by Vega (vendored in
// /static/vendor/, loaded on first use), with its expression interpreter so that no code is
// built at run time (the page's Content-Security-Policy allows no eval and no inline script).
"use strict";

const QUADS = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"};
const QUAD_COLORS = ["#2e7d32", "#1565c0", "#ef6c00", "#c62828"];  // as --q1..--q4 in app.css
const MODALITIES = ["asserted", "reported", "planned", "hypothetical", "attempted", "negated"];
const FACETS = ["type", "modality", "country", "outlet", "month"];
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

// A width in percent, through the CSSOM (a style="" attribute is refused by the page's CSP).
function widthPercent(el, percent) {
  if (el.style) el.style.width = `${percent}%`;
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

function current(id) {
  return id === renderId;
}

// The page title: what the view shows, then the app's name.
function setTitle(...parts) {
  document.title = [...parts.filter(Boolean), "tidings"].join(" · ");
}

function failure(err) {
  return h("p", {className: "error"}, err.message || String(err));
}

// A wide table scrolls sideways inside its box instead of widening the page (phones).
function scroller(...children) {
  return h("div", {className: "scroll"}, ...children);
}

function table(columns, rows) {
  return scroller(h("table", {}, h("thead", {}, h("tr", {}, columns.map((c) => h("th", {}, c)))), h("tbody", {}, rows)));
}

// Text with the [start, end] ranges given wrapped in <mark> (a search's highlighted words).
function marked(text, ranges) {
  const out = h("span", {});
  let at = 0;
  for (const [start, end] of (ranges || []).slice().sort((x, y) => x[0] - y[0])) {
    if (start < at || end <= start || end > text.length) continue;
    out.append(text.slice(at, start), h("mark", {}, text.slice(start, end)));
    at = end;
  }
  out.append(text.slice(at));
  return out;
}

// A link to an article; with an event number, the article page opens with that event selected.
function articleLink(id, label, event) {
  const target = `#/article/${encodeURIComponent(id)}` + (event === undefined || event === null ? "" : query({event}));
  return h("a", {href: target}, label || id.slice(0, 8));
}

function actorLink(code, label) {
  return h("a", {href: `#/actor/${encodeURIComponent(code)}`}, label || code);
}

function participants(list) {
  return (list || []).map((p) => p.code ? `${p.name || p.text} (${p.code})` : (p.name || p.text)).join(", ");
}

// Codes as links to their actor pages ("USAGOV PRKGOV" or a list).
function codeLinks(codes) {
  const list = Array.isArray(codes) ? codes : String(codes || "").split(/\s+/);
  const out = [];
  for (const code of list.filter(Boolean)) {
    if (out.length) out.push(", ");
    out.push(actorLink(code));
  }
  return out.length ? out : ["—"];
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

function paramsObject(params, names) {
  return Object.fromEntries(names.map((k) => [k, params.get(k)]).filter(([, v]) => v !== null && v !== ""));
}

// "Download: CSV · JSON" for a list endpoint and the filters of the view.
function downloads(path, filters) {
  const url = (format) => `/api/${path}` + query({...filters, format});
  return h("p", {className: "downloads"}, "Download: ",
    h("a", {href: url("csv"), download: `${path.replace(/\W+/g, "-")}.csv`, "data-format": "csv"}, "CSV"), " · ",
    h("a", {href: url("json"), download: `${path.replace(/\W+/g, "-")}.json`, "data-format": "json"}, "JSON"));
}

// Facet counts: each value narrows the list (a link to the same view with that filter added);
// an active filter can be removed. facets: {name: [{value, count}, ...]}.
function facetPanel(view, params, facets) {
  if (!facets) return null;
  const base = Object.fromEntries([...params.entries()].filter(([k]) => k !== "offset" && k !== "cursor"));
  const groups = [];
  for (const name of Object.keys(facets)) {
    const values = facets[name] || [];
    const active = base[name];
    if (!values.length && !active) continue;
    const items = [];
    if (active) {
      const without = {...base};
      delete without[name];
      items.push(h("li", {className: "active"}, h("a", {href: `#/${view}` + query(without), title: "remove this filter"}, `✕ ${active}`)));
    }
    for (const item of values.slice(0, 12)) {
      if (String(item.value) === active) continue;
      const label = name === "quad" && QUADS[item.value] ? `${item.value} ${QUADS[item.value]}` : String(item.value);
      items.push(h("li", {}, h("a", {href: `#/${view}` + query({...base, [name]: item.value})}, label),
        " ", h("span", {className: "muted"}, item.count)));
    }
    groups.push(h("div", {className: "facet", "data-facet": name}, h("h3", {}, name), h("ul", {}, items)));
  }
  return groups.length ? h("div", {className: "facets"}, groups) : null;
}

// --- Vega: loaded on first use, drawn as SVG ----------------------------------------------------

const VENDOR = "/static/vendor/";
let vegaReady = null;
let liveViews = [];
let drawing = [];  // the charts of the current view still being drawn

function loadScript(src) {
  return new Promise((resolve, reject) => {
    const el = document.createElement("script");
    el.src = src;
    el.addEventListener("load", resolve);
    el.addEventListener("error", () => reject(new Error(`could not load ${src}`)));
    document.head.append(el);
  });
}

// null where there is no real document (the Node test harness): views then show tables only.
function loadVega() {
  if (!document.head) return Promise.resolve(null);
  if (!vegaReady) {
    vegaReady = loadScript(VENDOR + "vega.min.js")
      .then(() => Promise.all([loadScript(VENDOR + "vega-lite.min.js"), loadScript(VENDOR + "vega-interpreter.min.js")]))
      .then(() => window.vega);
  }
  return vegaReady;
}

// Draw a Vega (or, with lite, Vega-Lite) spec into container; onClick(datum) for marks clicked.
async function drawVega(container, spec, {lite = false, onClick = null} = {}) {
  const vega = await loadVega();
  if (!vega) return null;
  const compiled = lite ? window.vegaLite.compile(spec).spec : spec;
  const view = new vega.View(vega.parse(compiled, null, {ast: true}), {
    expr: window.vegaInterpreter.expressionInterpreter, renderer: "svg", container, hover: true,
  });
  if (onClick) view.addEventListener("click", (_event, item) => { if (item && item.datum) onClick(item.datum); });
  liveViews.push(view);
  await view.runAsync();
  return view;
}

function chartWidth(fallback) {
  const width = main.clientWidth;
  return Math.max(260, Math.min(fallback || 900, (width || fallback || 900) - 40));
}

// The first day of a period label (2018-06-12, 2018-W24, 2018-06, 2018-Q2, 2018), as YYYY-MM-DD.
function periodStart(period) {
  const q = /^(\d{4})-Q(\d)$/.exec(period);
  if (q) return `${q[1]}-${String(3 * (Number(q[2]) - 1) + 1).padStart(2, "0")}-01`;
  const w = /^(\d{4})-W(\d\d)$/.exec(period);
  if (w) {  // ISO week: the Monday of the week that holds 4 January, plus (week - 1) weeks
    const jan4 = Date.UTC(Number(w[1]), 0, 4);
    const monday = jan4 - ((new Date(jan4).getUTCDay() + 6) % 7) * 86400000;
    return new Date(monday + (Number(w[2]) - 1) * 7 * 86400000).toISOString().slice(0, 10);
  }
  if (/^\d{4}-\d\d-\d\d$/.test(period)) return period;
  if (/^\d{4}$/.test(period)) return `${period}-01-01`;
  return `${period}-01`;
}

// The start of the period `steps` periods after (or before) a label, as YYYY-MM-DD.
function shiftedStart(period, steps) {
  const q = /^(\d{4})-Q(\d)$/.exec(period);
  if (q) {
    const n = Number(q[1]) * 4 + Number(q[2]) - 1 + steps;
    return periodStart(`${Math.floor(n / 4)}-Q${(n % 4) + 1}`);
  }
  const days = /^\d{4}-W\d\d$/.test(period) ? 7 : /^\d{4}-\d\d-\d\d$/.test(period) ? 1 : 0;
  if (days) return new Date(Date.parse(periodStart(period)) + steps * days * 86400000).toISOString().slice(0, 10);
  if (/^\d{4}$/.test(period)) return `${Number(period) + steps}-01-01`;
  const [year, month] = period.split("-").map(Number);
  const n = year * 12 + month - 1 + steps;
  return `${Math.floor(n / 12)}-${String((n % 12) + 1).padStart(2, "0")}-01`;
}

// The cooperation–conflict series as a Vega-Lite chart: stacked bars per QuadClass on a time
// axis, and the mean Goldstein score as a line on its own axis.
function seriesSpec(series, width) {
  const names = ["verbal_cooperation", "material_cooperation", "verbal_conflict", "material_conflict"];
  const unit = {day: "yearmonthdate", week: "yearweek", month: "yearmonth", quarter: "yearquarter", year: "year"}[series.by] || "yearmonth";
  const counts = [];
  const means = [];
  for (const p of series.periods) {
    names.forEach((name, i) => { if (p[name]) counts.push({start: periodStart(p.period), period: p.period, quad: QUADS[i + 1], events: p[name]}); });
    if (p.goldstein_mean !== null && p.goldstein_mean !== undefined) means.push({start: periodStart(p.period), period: p.period, goldstein: p.goldstein_mean});
  }
  // one period before the first and one after the last, so that a short series keeps narrow bars
  const first = series.periods[0].period;
  const last = series.periods[series.periods.length - 1].period;
  const x = {field: "start", type: "temporal", timeUnit: unit, title: series.by,
    scale: {domain: [shiftedStart(first, -1), shiftedStart(last, 2)]}};
  return {
    width, height: 220, autosize: {type: "fit-x", contains: "padding"},
    layer: [
      {data: {values: counts}, mark: {type: "bar", tooltip: true},
        encoding: {x, y: {field: "events", type: "quantitative", aggregate: "sum", title: "events", stack: "zero"},
          color: {field: "quad", type: "nominal", title: "QuadClass",
            scale: {domain: Object.values(QUADS), range: QUAD_COLORS}, legend: {orient: "bottom", columns: width < 560 ? 2 : 4}},
          tooltip: [{field: "period", title: series.by}, {field: "quad"}, {field: "events", aggregate: "sum", title: "events"}]}},
      {data: {values: means}, mark: {type: "line", point: true, color: "#333", tooltip: true},
        encoding: {x: {...x, bandPosition: 0.5}, y: {field: "goldstein", type: "quantitative", title: "mean Goldstein", scale: {domain: [-10, 10]}},
          tooltip: [{field: "period", title: series.by}, {field: "goldstein", title: "mean Goldstein"}]}},
    ],
    resolve: {scale: {y: "independent"}},
  };
}

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
        ? widthPercent(h("span", {className: `q${i + 1}`, title: `${QUADS[i + 1]}: ${m[name]}`}, m[name]), (100 * m[name]) / most)
        : null))),
      h("td", {className: "num"}, m.goldstein_mean === null ? "—" : m.goldstein_mean)));
  }
  flush();
  return scroller(h("table", {className: "series"},
    h("thead", {}, h("tr", {}, [series.by, "events", "by QuadClass (1 2 3 4)", "mean Goldstein"].map((c) => h("th", {}, c)))),
    h("tbody", {}, rows)));
}

// A chart box that fills itself once Vega is loaded; the table stays below it for reading.
function seriesChart(series) {
  const box = h("div", {className: "chart", "data-chart": "series", role: "img",
    "aria-label": `cooperation and conflict per ${series.by}`});
  if (series.periods.length) {
    drawing.push(drawVega(box, seriesSpec(series, chartWidth(900)), {lite: true}).catch((err) => box.replaceChildren(failure(err))));
  }
  return box;
}

// --- articles ---------------------------------------------------------------------------------

const ARTICLE_FILTERS = ["search", "outlet", "since", "until", "month", "language"];

async function viewArticles(params) {
  const show = painter();
  setTitle("Articles");
  const search = params.get("search") || "";
  const input = h("input", {type: "search", name: "search", placeholder: "words in the title or text", size: 40});
  input.value = search;
  const form = h("form", {className: "filters", onsubmit: (e) => {
    e.preventDefault();
    location.hash = "#/articles" + query({search: input.value.trim()});
  }}, input, h("button", {type: "submit"}, "Search"));
  show(h("h1", {}, "Articles"), form, h("p", {className: "muted"}, "Loading…"));
  try {
    const filters = paramsObject(params, ARTICLE_FILTERS);
    const result = await api("articles", {...filters, limit: 500, facets: "all"});
    const rows = result.articles.map((a) => h("tr", {},
      h("td", {className: "nowrap"}, a.date || ""),
      h("td", {}, articleLink(a.id, a.title_highlights ? marked(a.title || "(no title)", a.title_highlights) : (a.title || "(no title)")),
        a.snippet ? h("div", {className: "muted snippet"}, typeof a.snippet === "string" ? a.snippet : marked(a.snippet.text, a.snippet.highlights)) : null),
      h("td", {}, a.outlet || ""),
      h("td", {className: "num"}, a.events), h("td", {className: "num"}, a.quotes),
      h("td", {className: "num"}, a.actors),
      h("td", {}, h("code", {}, a.id))));
    show(h("h1", {}, "Articles"), form,
      facetPanel("articles", params, result.facets),
      h("p", {className: "muted"}, `${result.count} of ${result.stored} articles` + (search ? ` matching “${search}”` : "")),
      downloads("articles", filters),
      table(["date", "title", "outlet", "events", "quotes", "actors", "id"], rows));
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
  setTitle("Article", id.slice(0, 8));
  show(h("p", {className: "muted"}, "Loading…"));
  let result;
  try {
    result = await api("articles/" + encodeURIComponent(id));
  } catch (err) {
    show(h("h1", {}, "Article"), failure(err));
    return;
  }
  const {article, analysis} = result;
  setTitle(article.title || "(no title)", "Article");
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
      h("a", {href: "#/quotes" + query({article: article.id})}, "quotes"), " · ",
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
const EVENT_FILTERS = ["actor", "type", "modality", "since", "until", "article", "country", "outlet", "story", "month", "quad"];

function eventRow(e, extra) {
  return h("tr", {},
    h("td", {className: "nowrap"}, e.date || "—"),
    h("td", {}, quadBadge(e.quad, e.type), e.mode ? h("div", {className: "muted"}, e.mode) : null,
      e.goldstein !== null && e.goldstein !== undefined ? h("div", {className: "muted"}, `Goldstein ${e.goldstein}`) : null),
    h("td", {}, participants(e.actors) || "—", " → ", participants(e.recipients) || "—",
      extra ? h("div", {className: "muted"}, extra) : null),
    h("td", {}, e.modality),
    h("td", {}, sentenceWithTrigger(e), e.merged_id ? h("div", {className: "muted"}, h("a", {href: `#/merged/${encodeURIComponent(e.merged_id)}`}, "every report of this event")) : null),
    h("td", {}, articleLink(e.article_id, null, e.n)));
}

async function viewEvents(params) {
  const show = painter();
  setTitle("Events");
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
  const filters = paramsObject(params, EVENT_FILTERS);
  show(h("h1", {}, "Events"), form, h("p", {className: "muted"}, "Loading…"));
  try {
    const result = await api("events", {...filters, limit: 200, offset, facets: "all"});
    show(h("h1", {}, "Events"), form, facetPanel("events", params, result.facets), pager("events", filters, result, "events"),
      downloads("events", filters),
      table(EVENT_COLUMNS, result.events.map((e) => eventRow(e))));
  } catch (err) {
    show(h("h1", {}, "Events"), form, failure(err));
  }
}

// --- quotes -----------------------------------------------------------------------------------

const QUOTE_FILTERS = ["speaker", "actor", "article", "outlet", "story", "country", "since", "until", "month", "direct"];

function quoteItem(q) {
  const date = q.article_date || q.date;
  return h("blockquote", {className: q.direct ? "quote direct" : "quote"},
    h("p", {}, q.direct ? `“${q.text}”` : q.text),
    h("footer", {className: "muted"}, "— ", q.speaker_name || q.speaker_text || "unknown speaker",
      q.speaker_code ? [" (", actorLink(q.speaker_code), ")"] : null,
      q.direct ? " · direct" : " · reported", " · ",
      articleLink(q.article_id, q.title || q.outlet || q.article_id.slice(0, 8)), date ? ` · ${date}` : ""));
}

// Who is quoted, with how many quotes: from /api/quotes/speakers, [{speaker, code, quotes}].
function speakerLists(speakers, filters) {
  const byName = new Map();
  const byCode = new Map();
  for (const s of speakers) {
    if (s.speaker) byName.set(s.speaker, (byName.get(s.speaker) || 0) + s.quotes);
    if (s.code) byCode.set(s.code, (byCode.get(s.code) || 0) + s.quotes);
  }
  const sorted = (m) => [...m.entries()].sort((a, b) => b[1] - a[1] || String(a[0]).localeCompare(String(b[0])));
  return h("div", {className: "groups"},
    h("div", {}, h("h2", {}, "By speaker"), h("ul", {className: "counts"}, sorted(byName).slice(0, 30).map(([name, n]) =>
      h("li", {}, h("a", {href: "#/quotes" + query({...filters, speaker: name})}, name), " ", h("span", {className: "muted"}, n))))),
    h("div", {}, h("h2", {}, "By actor"), byCode.size ? h("ul", {className: "counts"}, sorted(byCode).slice(0, 30).map(([code, n]) =>
      h("li", {}, h("a", {href: "#/quotes" + query({...filters, actor: code})}, code), " ", h("span", {className: "muted"}, n),
        " · ", h("a", {href: `#/actor/${encodeURIComponent(code)}`}, "actor page")))) : h("p", {className: "muted"}, "No coded speaker.")));
}

// "N items; showing a–b" with previous / next links (offset paging, 200 a page).
function pager(view, filters, result, noun) {
  const offset = result.offset || 0;
  const total = result.total === undefined ? result.count : result.total;
  const more = result.total_exact === false ? "+" : "";
  const p = h("p", {className: "muted pager"}, `${total}${more} ${noun}` +
    (result.count ? `; showing ${offset + 1}–${offset + result.count} ` : ". "));
  if (offset > 0) p.append(h("a", {href: `#/${view}` + query({...filters, offset: Math.max(0, offset - 200)})}, "← previous"), " ");
  if (result.has_more || offset + result.count < total) p.append(h("a", {href: `#/${view}` + query({...filters, offset: offset + 200})}, "next →"));
  return p;
}

async function viewQuotes(params) {
  const show = painter();
  setTitle("Quotes");
  const form = filterForm("quotes", [
    {name: "speaker", label: "speaker", placeholder: "Trump, experts"},
    {name: "actor", label: "speaker code", placeholder: "USAGOV, PRK"},
    {name: "article", label: "article", placeholder: "id prefix", size: 10},
  ], params);
  const filters = paramsObject(params, QUOTE_FILTERS);
  const offset = Number(params.get("offset") || 0);
  show(h("h1", {}, "Quotes"), form, h("p", {className: "muted"}, "Loading…"));
  try {
    const [result, speakers] = await Promise.all([
      api("quotes", {...filters, limit: 200, offset, facets: "all"}),
      api("quotes/speakers", {...filters, limit: 200}).catch(() => null)]);
    const groups = speakers ? speakerLists(speakers.speakers || [], filters)
      : speakerLists(result.quotes.map((q) => ({speaker: q.speaker_name || q.speaker_text, code: q.speaker_code, quotes: 1})), filters);
    show(h("h1", {}, "Quotes"), form, facetPanel("quotes", params, result.facets), pager("quotes", filters, result, "quotes"),
      downloads("quotes", filters), groups,
      h("h2", {}, "Quotes"), h("div", {className: "quotes"}, result.quotes.map(quoteItem)));
  } catch (err) {
    show(h("h1", {}, "Quotes"), form, failure(err));
  }
}

// --- stories ----------------------------------------------------------------------------------

const STORY_FILTERS = ["search", "country", "outlet", "since", "until", "month", "article"];

function listText(value, sep) {
  return Array.isArray(value) ? value.join(sep) : (value || "");
}

async function viewStories(params) {
  const show = painter();
  setTitle("Stories");
  const form = filterForm("stories", [{name: "search", label: "words in a title", placeholder: "summit"}], params);
  const filters = paramsObject(params, STORY_FILTERS);
  const offset = Number(params.get("offset") || 0);
  show(h("h1", {}, "Stories"), form, h("p", {className: "muted"}, "Loading…"));
  try {
    const result = await api("stories", {...filters, limit: 200, offset, facets: "all"});
    const rows = result.stories.map((s) => h("tr", {},
      h("td", {className: "nowrap"}, s.first === s.last ? (s.first || "—") : `${s.first} – ${s.last}`),
      h("td", {}, h("a", {href: `#/story/${encodeURIComponent(s.id)}`}, s.title || s.id)),
      h("td", {className: "num"}, s.n_articles === undefined ? s.articles : s.n_articles),
      h("td", {}, codeLinks(s.countries)),
      h("td", {}, listText(s.places, " · "))));
    show(h("h1", {}, "Stories"), form, facetPanel("stories", params, result.facets),
      pager("stories", filters, result, "stories"), downloads("stories", filters),
      table(["dates", "title (first article)", "articles", "countries", "places"], rows));
  } catch (err) {
    show(h("h1", {}, "Stories"), form, failure(err));
  }
}

// Articles of a story over time: one dot per article, a row per outlet.
function storyTimeSpec(articles, width) {
  const values = articles.filter((a) => a.date).map((a) => ({date: a.date, outlet: a.outlet || "(no outlet)",
    title: a.title || a.id, id: a.id, kind: a.repost ? "repost" : "article"}));
  return {
    width, autosize: {type: "fit-x", contains: "padding"},
    data: {values},
    mark: {type: "point", filled: true, size: 110, tooltip: true, cursor: "pointer"},
    encoding: {
      x: {field: "date", type: "temporal", title: "date of the article", timeUnit: "yearmonthdate",
        scale: {padding: 30}, axis: {format: "%d %b %Y", labelOverlap: true}},
      y: {field: "outlet", type: "nominal", title: null},
      color: {field: "outlet", type: "nominal", legend: null},
      shape: {field: "kind", type: "nominal", scale: {domain: ["article", "repost"], range: ["circle", "triangle"]}, legend: null},
      tooltip: [{field: "date", type: "temporal", timeUnit: "yearmonthdate"}, {field: "outlet"}, {field: "title"}, {field: "kind"}],
    },
  };
}

function mergedRow(m) {
  return h("tr", {},
    h("td", {className: "nowrap"}, m.date || "—"),
    h("td", {}, quadBadge(m.quad, m.type)),
    h("td", {}, codeLinks(m.actors), " → ", codeLinks(m.recipients)),
    h("td", {}, m.place || ""),
    h("td", {className: "num"}, m.articles === undefined ? m.n_articles : m.articles),
    h("td", {}, h("a", {href: `#/merged/${encodeURIComponent(m.id)}`}, "every report")));
}

async function viewStory(id) {
  const show = painter();
  const rid = renderId;
  setTitle("Story", id);
  show(h("h1", {}, "Story"), h("p", {className: "muted"}, "Loading…"));
  try {
    const result = await api("stories/" + encodeURIComponent(id));
    const story = result.story;
    const articles = result.articles || [];
    const merged = result.merged_events || [];
    const quotes = result.quotes || [];
    const reposts = result.reposts || [];
    const outlets = new Set(articles.map((a) => a.outlet || "(no outlet)"));
    setTitle(story.title || story.id, "Story");
    const chart = h("div", {className: "chart", "data-chart": "story"});
    const copyOf = (r, side) => [articleLink(r[side], r[`${side}_title`] || r[side].slice(0, 8)),
      h("div", {className: "muted"}, [r[`${side}_outlet`], r[`${side}_date`]].filter(Boolean).join(" · "))];
    show(h("h1", {}, story.title || story.id),
      h("p", {className: "muted"}, `${story.id} · ${articles.length} articles from ${outlets.size} outlets · ` +
        `${story.first || "?"} – ${story.last || "?"} · `, codeLinks(story.countries)),
      h("p", {}, h("a", {href: "#/events" + query({story: story.id})}, "its events"), " · ",
        h("a", {href: "#/quotes" + query({story: story.id})}, "its quotes"), " · ",
        h("a", {href: "#/map" + query({story: story.id})}, "map"), " · ",
        h("a", {href: "#/network" + query({story: story.id})}, "network")),
      h("h2", {}, "Articles and outlets over time"), chart,
      table(["date", "outlet", "title", ""], articles.map((a) => h("tr", {},
        h("td", {className: "nowrap"}, a.date || "—"), h("td", {}, a.outlet || "—"),
        h("td", {}, articleLink(a.id, a.title || "(no title)")),
        h("td", {className: "muted"}, a.repost ? "repost" : "")))),
      h("h2", {}, `Merged events (${merged.length})`),
      merged.length ? table(["date", "type", "actors → recipients", "place", "articles", ""], merged.map(mergedRow))
        : h("p", {className: "muted"}, "No merged event."),
      h("h2", {}, `Quotes (${quotes.length})`),
      quotes.length ? h("div", {className: "quotes"}, quotes.map(quoteItem)) : h("p", {className: "muted"}, "No quote."),
      h("h2", {}, `Reposts (${reposts.length})`),
      reposts.length ? table(["original", "copy", "similarity"], reposts.map((r) => h("tr", {},
        h("td", {}, copyOf(r, "original")), h("td", {}, copyOf(r, "copy")),
        h("td", {className: "num"}, r.similarity === null || r.similarity === undefined ? "—" : Number(r.similarity).toFixed(2)))))
        : h("p", {className: "muted"}, "No article of this story is a repost of another (same text, another date)."));
    if (current(rid) && articles.some((a) => a.date)) {
      await drawVega(chart, storyTimeSpec(articles, chartWidth(800)), {lite: true,
        onClick: (d) => { if (d.id) location.hash = `#/article/${encodeURIComponent(d.id)}`; }}).catch((err) => chart.replaceChildren(failure(err)));
    }
  } catch (err) {
    show(h("h1", {}, "Story"), failure(err));
  }
}

// --- one merged event: every report of it -------------------------------------------------------

async function viewMerged(id) {
  const show = painter();
  setTitle("Merged event", id);
  show(h("h1", {}, "Merged event"), h("p", {className: "muted"}, "Loading…"));
  try {
    const result = await api("merged/" + encodeURIComponent(id));
    const m = result.merged;
    const reports = result.reports || [];
    setTitle(`${m.type} ${m.date || ""}`.trim(), "Merged event");
    show(h("h1", {}, "Merged event ", h("code", {}, m.id)),
      h("dl", {className: "meta"},
        h("dt", {}, "type"), h("dd", {}, quadBadge(m.quad, m.type), m.cameo ? ` CAMEO ${m.cameo}` : "",
          m.goldstein !== null && m.goldstein !== undefined ? ` · Goldstein ${m.goldstein}` : ""),
        h("dt", {}, "who"), h("dd", {}, codeLinks(m.actors), " → ", codeLinks(m.recipients)),
        h("dt", {}, "when"), h("dd", {}, m.date || "no date"),
        h("dt", {}, "where"), h("dd", {}, m.place ? `${m.place}${m.place_country ? ", " + m.place_country : ""}` : "—"),
        h("dt", {}, "as told"), h("dd", {}, listText(m.modalities, ", ") || "—"),
        h("dt", {}, "reports"), h("dd", {}, `${m.mentions} sentences in ${m.articles} articles from ${m.outlets} outlets`),
        h("dt", {}, "stories"), h("dd", {}, (result.stories || []).length
          ? (result.stories || []).flatMap((s, i) => [i ? ", " : "", h("a", {href: `#/story/${encodeURIComponent(s)}`}, s)]) : "—")),
      h("h2", {}, "Every report of it"),
      table(["article date", "outlet", "sentence", "date it gives", "modality", "article"], reports.map((r) => h("tr", {},
        h("td", {className: "nowrap"}, r.article_date || "—"),
        h("td", {}, r.outlet || "—"),
        h("td", {}, sentenceWithTrigger(r)),
        h("td", {className: "nowrap"}, r.date || "—", r.dated_by_article ? h("div", {className: "muted"}, "from the article's date") : null),
        h("td", {}, r.modality || ""),
        h("td", {}, articleLink(r.article_id, r.title || null, r.n))))));
  } catch (err) {
    show(h("h1", {}, "Merged event"), failure(err));
  }
}

// --- actor and dyad pages -------------------------------------------------------------------------

function timelineItems(events) {
  const items = [];
  let lastDate = null;
  for (const e of events) {
    if (e.date !== lastDate) { items.push(h("h3", {className: "when"}, e.date || "no date")); lastDate = e.date; }
    items.push(h("div", {className: "tl-event"},
      quadBadge(e.quad, e.type), " ", h("span", {className: "muted"}, `${e.role} · ${e.modality}`), " ",
      h("div", {}, sentenceWithTrigger(e)),
      h("div", {className: "muted"}, participants(e.actors) || "—", " → ", participants(e.recipients) || "—",
        " · ", articleLink(e.article_id, e.title || e.article_id, e.n))));
  }
  return items;
}

function periodLinks(base, by) {
  return h("p", {className: "muted"}, "Count per: ", ["week", "month", "quarter", "year"].flatMap((p, i) => [
    i ? " · " : "", p === by ? h("b", {}, p) : h("a", {href: base + query({by: p})}, p)]));
}

function leftOut(series) {
  const left = series.left_out || {};
  return h("p", {className: "muted"}, `Counting ${Array.isArray(series.modalities) ? series.modalities.join(", ") : "all"} events; ` +
    `left out: ${left.undated || 0} undated, ${left.vaguer_than_the_period || 0} dated more loosely than a ${series.by}.`);
}

async function viewActor(code, params) {
  const show = painter();
  const by = params.get("by") || "month";
  setTitle(code, "Actor");
  show(h("h1", {}, "Actor ", h("code", {}, code)), h("p", {className: "muted"}, "Loading…"));
  try {
    const [series, timeline, page] = await Promise.all([
      api("series", {actor: code, by}), api("timeline", {actor: code, limit: 1000}),
      api("actors/" + encodeURIComponent(code))]);
    const info = page.actor;
    const names = (info.names || []).join("; ");
    setTitle(info.names && info.names.length ? `${code} (${info.names[0]})` : code, "Actor");
    const partners = info.partners || [];
    show(h("h1", {}, "Actor ", h("code", {}, code)),
      names ? h("p", {}, names) : null,
      h("p", {className: "muted"}, `${info.mentions} mentions in ${info.articles} articles; ${info.events} events ` +
        `(${info.as_source} as source, ${info.as_target} as target)` + (info.first ? `, ${info.first} – ${info.last}` : "")),
      h("p", {}, h("a", {href: "#/events" + query({actor: code})}, "events"), " · ",
        h("a", {href: "#/quotes" + query({actor: code})}, "quotes"), " · ",
        h("a", {href: "#/network" + query({actor: code})}, "network"), " · ",
        h("a", {href: "#/map" + query({actor: code})}, "map")),
      h("h2", {}, `Cooperation and conflict per ${series.by}`), periodLinks(`#/actor/${encodeURIComponent(code)}`, series.by),
      seriesChart(series), leftOut(series), seriesTable(series),
      h("h2", {}, "With whom"),
      partners.length ? table(["dyad", "events", "by QuadClass (1 2 3 4)", "mean Goldstein"], partners.map((p) => h("tr", {},
        h("td", {}, h("a", {href: `#/dyad/${encodeURIComponent(code)}/${encodeURIComponent(p.code)}`}, `${code} – ${p.code}`)),
        h("td", {className: "num"}, p.events),
        h("td", {}, [1, 2, 3, 4].map((q) => quadBadge(q, p[QUADS[q].replace(" ", "_")]))),
        h("td", {className: "num"}, p.goldstein_mean === null ? "—" : p.goldstein_mean))))
        : h("p", {className: "muted"}, "No other coded actor."),
      h("h2", {}, `${timeline.count} dated events`),
      timelineItems(timeline.events));
  } catch (err) {
    show(h("h1", {}, "Actor ", h("code", {}, code)), failure(err));
  }
}

async function viewDyad(a, b, params) {
  const show = painter();
  const by = params.get("by") || "month";
  setTitle(`${a} – ${b}`, "Dyad");
  const heading = () => h("h1", {}, "Dyad ", actorLink(a), " – ", actorLink(b));
  show(heading(), h("p", {className: "muted"}, "Loading…"));
  try {
    const [series, timeline] = await Promise.all([
      api("series", {actor: a, other: b, by}), api("timeline", {actor: a, other: b, limit: 1000})]);
    const roles = new Map();
    for (const e of timeline.events) roles.set(e.role, (roles.get(e.role) || 0) + 1);
    show(heading(),
      h("p", {className: "muted"}, [...roles.entries()].map(([role, n]) => `${n} ${role}`).join(" · ") || "no event between them",
        " · ", h("a", {href: `#/dyad/${encodeURIComponent(b)}/${encodeURIComponent(a)}`}, "the other way round"), " · ",
        h("a", {href: "#/timeline" + query({actor: a, other: b})}, "timeline")),
      h("h2", {}, `Cooperation and conflict per ${series.by}`), periodLinks(`#/dyad/${encodeURIComponent(a)}/${encodeURIComponent(b)}`, series.by),
      seriesChart(series), leftOut(series), seriesTable(series),
      h("h2", {}, `${timeline.count} dated events`),
      timelineItems(timeline.events));
  } catch (err) {
    show(heading(), failure(err));
  }
}

// --- map ----------------------------------------------------------------------------------------

const MAP_FILTERS = ["actor", "type", "modality", "since", "until", "country", "outlet", "story", "month", "quad"];

// The QuadClass with most events at a point (1-4), or 0.
function dominantQuad(p) {
  let best = 0;
  let most = 0;
  [1, 2, 3, 4].forEach((q) => {
    const n = p[QUADS[q].replace(" ", "_")] || 0;
    if (n > most) { most = n; best = q; }
  });
  return best;
}

function mapSpec(points, width) {
  const height = Math.round(width * 0.52);
  const values = points.map((p, i) => ({i, lat: p.lat, lon: p.lon, events: p.events || p.mentions || 1,
    label: p.name || "?", quad: QUADS[dominantQuad(p)] || "no QuadClass"}));
  return {
    width, height, autosize: "none",
    projections: [{name: "projection", type: "equalEarth", size: {signal: "[width, height]"}, fit: {signal: "{type: 'Sphere'}"}}],
    data: [
      {name: "world", url: VENDOR + "countries-110m.json", format: {type: "topojson", feature: "countries"}},
      {name: "graticule", transform: [{type: "graticule", step: [30, 30]}]},
      {name: "points", values, transform: [{type: "geopoint", projection: "projection", fields: ["lon", "lat"]}]},
    ],
    scales: [
      {name: "size", type: "sqrt", domain: {data: "points", field: "events"}, zero: true, range: [60, 1400]},
      {name: "quad", type: "ordinal", domain: [...Object.values(QUADS), "no QuadClass"], range: [...QUAD_COLORS, "#777"]},
    ],
    legends: [{fill: "quad", orient: "bottom-left", title: "most events", symbolType: "circle"}],
    marks: [
      {type: "shape", from: {data: "graticule"}, encode: {update: {stroke: {value: "#e4e8ec"}, strokeWidth: {value: 0.5}, fill: {value: null}}},
        transform: [{type: "geoshape", projection: "projection"}]},
      {type: "shape", from: {data: "world"}, encode: {update: {fill: {value: "#e8ecef"}, stroke: {value: "#fff"}, strokeWidth: {value: 0.5}}},
        transform: [{type: "geoshape", projection: "projection"}]},
      {type: "symbol", name: "clusters", from: {data: "points"}, encode: {
        enter: {fillOpacity: {value: 0.7}, stroke: {value: "#fff"}, strokeWidth: {value: 1}, cursor: {value: "pointer"}},
        update: {x: {field: "x"}, y: {field: "y"}, size: {scale: "size", field: "events"}, fill: {scale: "quad", field: "quad"},
          tooltip: {signal: "datum.label + ': ' + datum.events + ' events'"}}}},
      {type: "text", from: {data: "clusters"}, interactive: false, encode: {update: {
        x: {field: "x"}, y: {field: "y"}, text: {field: "datum.events"}, align: {value: "center"}, baseline: {value: "middle"},
        fill: {value: "#fff"}, fontSize: {value: 10}, fontWeight: {value: "bold"}}}},
    ],
  };
}

// The events at one map point: those of its country (with the map's filters) whose place falls
// in the point's grid cell (or at the point itself when the map shows exact places).
async function eventsAt(point, grid, filters) {
  const result = await api("events", {...filters, ...(point.country ? {country: point.country} : {}), limit: 500});
  const snap = (v) => (grid ? Math.round(v / grid) * grid : v);
  const near = (a, b) => Math.abs(a - b) < 1e-6;
  return result.events.filter((e) => typeof e.place_lat === "number" &&
    near(snap(e.place_lat), point.lat) && near(snap(e.place_lon), point.lon));
}

async function viewMap(params) {
  const show = painter();
  const rid = renderId;
  setTitle("Map");
  const grid = Number(params.get("grid") || 2);
  const filters = paramsObject(params, MAP_FILTERS);
  const form = filterForm("map", [
    {name: "actor", label: "actor", placeholder: "USA, PRKGOV"},
    {name: "since", label: "since", placeholder: "YYYY[-MM[-DD]]", size: 10},
    {name: "until", label: "until", placeholder: "YYYY[-MM[-DD]]", size: 10},
    {name: "grid", label: "cluster within (degrees)", options: ["0", "1", "5", "10"], any: "2"},
  ], params);
  show(h("h1", {}, "Map of events"), form, h("p", {className: "muted"}, "Loading…"));
  try {
    const result = await api("map", {...filters, grid});
    const points = result.points || [];
    const chart = h("div", {className: "chart map", "data-chart": "map"});
    const detail = h("div", {className: "cluster-detail"},
      h("p", {className: "muted"}, "Click a circle to list its events."));
    const showPoint = async (d) => {
      const p = points[d.i];
      if (!p) return;
      detail.replaceChildren(h("p", {className: "muted"}, "Loading…"));
      try {
        const events = await eventsAt(p, grid, filters);
        detail.replaceChildren(h("h2", {}, `${p.events} events at ${p.name || "?"}${p.country ? " (" + p.country + ")" : ""}` +
          (grid ? ` and within ${grid}°` : "")),
        (p.types || []).length ? h("p", {className: "muted"}, p.types.map((t) => `${t.value} ${t.count}`).join(" · ")) : null,
        table(EVENT_COLUMNS, events.slice(0, 200).map((e) => eventRow(e))));
      } catch (err) {
        detail.replaceChildren(failure(err));
      }
    };
    show(h("h1", {}, "Map of events"), form,
      h("p", {className: "muted"}, `${result.events === undefined ? "" : result.events + " events with a place, "}` +
        `in ${points.length} ${grid ? `clusters of ${grid}°` : "places"}.`),
      downloads("map", {...filters, grid}), chart, detail,
      h("h2", {}, grid ? "Clusters" : "Places"), table(["place", "country", "events", "by QuadClass (1 2 3 4)", "mean Goldstein", "lat", "lon"],
        points.map((p) => h("tr", {}, h("td", {}, p.name || "?"), h("td", {}, p.country || ""), h("td", {className: "num"}, p.events),
          h("td", {}, [1, 2, 3, 4].map((q) => quadBadge(q, p[QUADS[q].replace(" ", "_")] || 0))),
          h("td", {className: "num"}, p.goldstein_mean === null || p.goldstein_mean === undefined ? "—" : p.goldstein_mean),
          h("td", {className: "num"}, Number(p.lat).toFixed(2)), h("td", {className: "num"}, Number(p.lon).toFixed(2))))));
    if (current(rid)) {
      await drawVega(chart, mapSpec(points, chartWidth(1000)), {onClick: showPoint}).catch((err) => chart.replaceChildren(failure(err)));
    }
  } catch (err) {
    show(h("h1", {}, "Map of events"), form, failure(err));
  }
}

// --- actor network ------------------------------------------------------------------------------

const NETWORK_FILTERS = ["actor", "type", "since", "until", "country", "story", "quad", "min_articles", "min_weight"];

function networkSpec(network, width) {
  const height = Math.max(320, Math.round(width * 0.6));
  const index = new Map(network.nodes.map((n, i) => [n.id, i]));
  const nodes = network.nodes.map((n, i) => ({index: i, id: n.id, weight: n.weight || n.events || 1,
    label: n.name ? `${n.id} (${n.name})` : n.id, cx: width / 2, cy: height / 2}));  // cx, cy: where x and y forces pull
  const links = network.edges.filter((e) => index.has(e.source) && index.has(e.target)).map((e) => ({
    source: index.get(e.source), target: index.get(e.target), quad: QUADS[e.quad] || "no QuadClass", weight: e.weight}));
  return {
    width, height, autosize: "none", padding: 5,
    data: [{name: "nodes", values: nodes}, {name: "links", values: links}],
    scales: [
      {name: "quad", type: "ordinal", domain: [...Object.values(QUADS), "no QuadClass"], range: [...QUAD_COLORS, "#999"]},
      {name: "size", type: "sqrt", domain: {data: "nodes", field: "weight"}, zero: true, range: [60, 1400]},
      {name: "width", type: "sqrt", domain: {data: "links", field: "weight"}, zero: true, range: [1, 8]},
    ],
    legends: [{fill: "quad", orient: "bottom-left", title: "edges: QuadClass", symbolType: "square"}],
    marks: [
      {type: "symbol", name: "nodemarks", zindex: 1, from: {data: "nodes"},
        encode: {
          enter: {fill: {value: "#1f5f99"}, fillOpacity: {value: 0.85}, stroke: {value: "#fff"}, cursor: {value: "pointer"},
            size: {scale: "size", field: "weight"}},
          update: {tooltip: {signal: "datum.label + ': ' + datum.weight + ' merged events'"}},
        },
        transform: [{type: "force", iterations: 300, static: true, forces: [
          {force: "center", x: {signal: "width / 2"}, y: {signal: "height / 2"}},
          {force: "collide", radius: 30},
          {force: "nbody", strength: -400},
          {force: "link", links: "links", distance: 90},
          {force: "x", x: "datum.cx", strength: 0.03},
          {force: "y", y: "datum.cy", strength: 0.05},
        ]}]},
      {type: "path", from: {data: "links"}, interactive: false,
        encode: {update: {stroke: {scale: "quad", field: "quad"}, strokeOpacity: {value: 0.75},
          strokeWidth: {scale: "width", field: "weight"}}},
        transform: [{type: "linkpath", shape: "curve", sourceX: "datum.source.x", sourceY: "datum.source.y",
          targetX: "datum.target.x", targetY: "datum.target.y"}]},
      {type: "text", from: {data: "nodemarks"}, interactive: false, zindex: 2,
        encode: {update: {x: {field: "x"}, y: {field: "y", offset: -14}, text: {field: "datum.id"}, align: {value: "center"},
          fontSize: {value: 11}, fill: {value: "#1d232a"}}}},
    ],
  };
}

async function viewNetwork(params) {
  const show = painter();
  const rid = renderId;
  setTitle("Actor network");
  const filters = paramsObject(params, NETWORK_FILTERS);
  const form = filterForm("network", [
    {name: "actor", label: "around actor", placeholder: "USA, PRKGOV"},
    {name: "since", label: "since", placeholder: "YYYY[-MM[-DD]]", size: 10},
    {name: "until", label: "until", placeholder: "YYYY[-MM[-DD]]", size: 10},
    {name: "min_weight", label: "edges of at least", options: ["2", "3", "5", "10"], any: "1"},
  ], params);
  show(h("h1", {}, "Actor network"), form, h("p", {className: "muted"}, "Loading…"));
  try {
    const network = await api("network", {...filters, limit: 150});
    const chart = h("div", {className: "chart network", "data-chart": "network"});
    show(h("h1", {}, "Actor network"), form,
      h("p", {className: "muted"}, `${network.nodes.length} coded actors and ${network.edges.length} edges: an edge joins two actors ` +
        "of merged events, thicker for more events, coloured by the QuadClass most of them have. Click an actor for its page."),
      downloads("network", filters), chart,
      h("h2", {}, "Edges"),
      table(["source", "target", "merged events", "by QuadClass (1 2 3 4)", "mean Goldstein", ""], network.edges.map((e) => h("tr", {},
        h("td", {}, actorLink(e.source)), h("td", {}, actorLink(e.target)),
        h("td", {className: "num"}, e.weight),
        h("td", {}, [1, 2, 3, 4].map((q) => quadBadge(q, e[QUADS[q].replace(" ", "_")] || 0))),
        h("td", {className: "num"}, e.goldstein_mean === null || e.goldstein_mean === undefined ? "—" : e.goldstein_mean),
        h("td", {}, h("a", {href: `#/dyad/${encodeURIComponent(e.source)}/${encodeURIComponent(e.target)}`}, "dyad"))))));
    if (current(rid) && network.nodes.length) {
      await drawVega(chart, networkSpec(network, chartWidth(1000)), {onClick: (d) => { if (d.id) location.hash = `#/actor/${encodeURIComponent(d.id)}`; }})
        .catch((err) => chart.replaceChildren(failure(err)));
    }
  } catch (err) {
    show(h("h1", {}, "Actor network"), form, failure(err));
  }
}

// --- timeline -----------------------------------------------------------------------------------

async function viewTimeline(params) {
  const show = painter();
  setTitle("Timeline");
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
    const who = timeline.other ? `${timeline.actor} and ${timeline.other}` : timeline.actor;
    setTitle("Timeline: " + who);
    const left = series.left_out;
    show(h("h1", {}, "Timeline: " + who), form,
      h("h2", {}, "Per " + series.by),
      h("p", {className: "muted"}, `Counting ${Array.isArray(series.modalities) ? series.modalities.join(", ") : "all"} events; ` +
        `left out: ${left.undated} undated, ${left.vaguer_than_the_period} dated more loosely than a ${series.by}.`),
      seriesChart(series),
      seriesTable(series),
      h("h2", {}, `${timeline.count} dated events`),
      timelineItems(timeline.events).length ? timelineItems(timeline.events) : h("p", {className: "muted"}, "No dated event."));
  } catch (err) {
    show(h("h1", {}, "Timeline"), form, failure(err));
  }
}

// --- actors -----------------------------------------------------------------------------------

async function viewActors(params) {
  const show = painter();
  setTitle("Actors");
  const form = filterForm("actors", [{name: "search", label: "code or name", placeholder: "PRK, Kim"}], params);
  const filters = paramsObject(params, ["search", "country"]);
  show(h("h1", {}, "Actors"), form, h("p", {className: "muted"}, "Loading…"));
  try {
    const result = await api("actors", filters);
    show(h("h1", {}, "Actors"), form, downloads("actors", filters),
      table(["code", "names", "mentions", "articles", "events", "as source", "as target", ""], result.actors.map((a) => h("tr", {},
        h("td", {}, actorLink(a.code, h("code", {}, a.code))), h("td", {}, (a.names || []).join("; ")),
        h("td", {className: "num"}, a.mentions), h("td", {className: "num"}, a.articles),
        h("td", {className: "num"}, a.events), h("td", {className: "num"}, a.as_source),
        h("td", {className: "num"}, a.as_target),
        h("td", {}, h("a", {href: "#/timeline" + query({actor: a.code})}, "timeline"), " · ",
          h("a", {href: "#/events" + query({actor: a.code})}, "events"))))));
  } catch (err) {
    show(h("h1", {}, "Actors"), form, failure(err));
  }
}

// --- API reference (offline: read from the OpenAPI document) ------------------------------------

async function viewApi() {
  const show = painter();
  setTitle("API");
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

const NAV_OF = {article: "articles", story: "stories", merged: "stories", actor: "actors", dyad: "actors"};

// route() draws the view the hash names; once it is drawn, <body data-ready="VIEW"> tells a
// browser test (or a screenshot script) that the page is complete.
function route() {
  const drawn = drawView();
  const id = renderId;
  if (document.body) document.body.removeAttribute("data-ready");
  return Promise.resolve(drawn).then(() => Promise.allSettled(drawing)).finally(() => {
    if (id === renderId && document.body) document.body.setAttribute("data-ready", location.hash || "#/");
  });
}

function drawView() {
  renderId += 1;
  for (const view of liveViews) view.finalize();
  liveViews = [];
  drawing = [];
  const hash = location.hash.replace(/^#\/?/, "");
  const [path, search] = hash.split("?");
  const params = new URLSearchParams(search || "");
  const [view, arg, arg2] = path.split("/");
  const decode = (s) => decodeURIComponent(s || "");
  for (const link of document.querySelectorAll("nav a")) {
    link.classList.toggle("active", link.dataset.view === (NAV_OF[view] || view || "articles"));
  }
  switch (view) {
    case "article": return viewArticle(decode(arg), params);
    case "stories": return viewStories(params);
    case "story": return viewStory(decode(arg));
    case "merged": return viewMerged(decode(arg));
    case "events": return viewEvents(params);
    case "quotes": return viewQuotes(params);
    case "actor": return viewActor(decode(arg), params);
    case "dyad": return viewDyad(decode(arg), decode(arg2), params);
    case "map": return viewMap(params);
    case "network": return viewNetwork(params);
    case "timeline": return viewTimeline(params);
    case "actors": return viewActors(params);
    case "api": return viewApi();
    default: return viewArticles(params);
  }
}

window.addEventListener("hashchange", route);
api("health").then((health) => {
  const store = document.getElementById("store");
  store.textContent = `${String(health.db).split("/").pop()} · ${health.articles} articles · ${health.events} events`;
  if (store.setAttribute) store.setAttribute("title", String(health.db));
}).catch((err) => {
  document.getElementById("store").textContent = err.message;
});
route();
