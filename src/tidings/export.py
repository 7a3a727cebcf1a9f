"""Exports the store: Analysis JSON, any table as CSV / Parquet / JSON lines, GDELT-style TSV, PLOVER JSON."""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path
from typing import IO

from .errors import ConfigError
from .store.db import connect
from .store.queries import iter_analyses

FORMATS = ("jsonl", "csv", "parquet", "gdelt", "plover")
EVENT_FORMATS = ("gdelt", "plover")  # one row per event, built from several tables

# every table, with the order its rows are exported in
TABLES = {
    "articles": "id",
    "sentences": "article_id, n",
    "entities": "article_id, n",
    "timexes": "article_id, n",
    "actors": "article_id, n",
    "places": "article_id, n",
    "quotes": "article_id, n",
    "events": "article_id, n",
    "ingest_errors": "failed_at, run_id",
    "runs": "id",
    "duplicates": "a, b",
    "merged_events": "id",
    "merged_mentions": "merged_id, article_id, event_n",
    "stories": "id",
    "story_articles": "story_id, article_id",
    "corpus_date_evidence": "article_id, n",
    "sightings": "article_id, seen_at, key",
}


def export(db: str | os.PathLike | None = None, *, format: str = "jsonl", table: str | None = None,
           out: str | os.PathLike | IO[str] | None = None) -> int:
    """Write the store's contents to ``out`` (a path, a text stream, or stdout) and return the row count.

    ``jsonl`` without a ``table`` writes one Analysis JSON per article (what
    ``tidings extract`` prints, readable with ``Analysis.from_dict``). With a
    ``table``, or as ``csv`` / ``parquet`` (default table ``articles``), the
    table's rows are written by DuckDB's COPY; the ``articles`` table leaves out
    its ``analysis`` column there. Parquet needs a file path.
    """
    if format not in FORMATS:
        raise ConfigError(f"unknown export format {format!r}; choose one of {', '.join(FORMATS)}")
    if format in EVENT_FORMATS and table is not None:
        raise ConfigError(f"--format {format} exports events; it takes no --table")
    if table is not None and table not in TABLES:
        raise ConfigError(f"unknown table {table!r}; choose one of {', '.join(TABLES)}")
    if format == "parquet" and (out is None or not isinstance(out, (str, os.PathLike))):
        raise ConfigError("parquet export needs a file: give -o PATH")
    if isinstance(out, (str, os.PathLike)):
        parent = Path(out).parent
        if not parent.is_dir():
            raise ConfigError(f"cannot write {out}: folder {parent} does not exist")
    con = connect(db, read_only=True)
    try:
        if format == "jsonl" and table is None:
            return _export_analyses(con, out)
        if format in EVENT_FORMATS:
            return _write_text(out, gdelt_lines(con) if format == "gdelt" else plover_lines(con))
        return _copy_table(con, table or "articles", format, out)
    finally:
        con.close()


_LINE_BREAKERS = re.compile("[\u0085\u2028\u2029\ud800-\udfff]")


def json_line(value, **kwargs) -> str:
    """One JSON value on one line, UTF-8 kept: the one writer of every JSONL line tidings prints.

    U+2028, U+2029 and U+0085 are escaped (``\\u2028``): JSON allows them raw, but they end a line
    for JavaScript before ES2019 and for Python's ``str.splitlines``. A lone surrogate (a Python
    string can hold one, UTF-8 can't) is written as its ``\\udXXX`` escape instead of crashing
    the encoder, as ``json.dumps`` does with ``ensure_ascii``. With ``indent`` the value spans
    several lines (``--pretty``), each still free of these characters.
    """
    text = json.dumps(value, ensure_ascii=False, **kwargs)
    return _LINE_BREAKERS.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


jsonl_line = json_line  # the name the JSONL writers elsewhere use


def _export_analyses(con, out) -> int:
    count = 0
    if isinstance(out, (str, os.PathLike)):
        with open(out, "w", encoding="utf-8") as stream:
            return _export_analyses(con, stream)
    stream = out or sys.stdout
    for analysis in iter_analyses(con):
        stream.write(json_line(analysis) + "\n")
        count += 1
    return count


def _copy_table(con, table: str, format: str, out) -> int:
    columns = "* EXCLUDE (analysis)" if table == "articles" else "*"
    query = f"SELECT {columns} FROM {table} ORDER BY {TABLES[table]}"
    options = {"csv": "FORMAT CSV, HEADER", "jsonl": "FORMAT JSON", "parquet": "FORMAT PARQUET"}[format]
    if isinstance(out, (str, os.PathLike)) and format != "jsonl":
        return _copy_to(con, query, str(out), options)
    with tempfile.TemporaryDirectory(prefix="tidings-export-") as tmp:
        path = os.path.join(tmp, f"{table}.{format}")
        count = _copy_to(con, query, path, options)
        if isinstance(out, (str, os.PathLike)):
            with open(out, "w", encoding="utf-8", newline="") as stream:
                _copy_produced(path, format, stream)
        else:
            _copy_produced(path, format, out or sys.stdout)
    return count


def _copy_produced(path: str, format: str, stream) -> None:
    """Copy DuckDB's output file to ``stream``; JSON lines get ``json_line``'s escapes (DuckDB writes
    U+2028, U+2029 and U+0085 raw; inside JSON they can only be in strings, so a textual escape is exact)."""
    with open(path, encoding="utf-8", newline="") as produced:
        if format != "jsonl":
            shutil.copyfileobj(produced, stream)
            return
        for line in produced:
            stream.write(_LINE_BREAKERS.sub(lambda m: f"\\u{ord(m.group()):04x}", line))


def _copy_to(con, query: str, path: str, options: str) -> int:
    literal = "'" + path.replace("'", "''") + "'"
    result = con.execute(f"COPY ({query}) TO {literal} ({options})").fetchone()
    return int(result[0]) if result else 0



def _write_text(out, lines) -> int:
    """Write ``(line, is_row)`` pairs; only rows count (not a header line)."""
    if isinstance(out, (str, os.PathLike)):
        with open(out, "w", encoding="utf-8", newline="") as stream:
            return _write_text(stream, lines)
    stream = out or sys.stdout
    count = 0
    for line, is_row in lines:
        stream.write(line + "\n")
        count += is_row
    return count


# --- events: the rows both event formats are built from ---------------------------------------

_EVENT_QUERY = """
SELECT e.article_id, e.n, e.type, e.mode, e.cameo, e.quad, e.goldstein, e.date, e.date_start, e.date_end,
       e.modality, e.actors, e.recipients, e.place_name, e.place_country, e.place_lat, e.place_lon,
       e.place_text, e.sentence_start, e.sentence_end, e.sentence_text, e.trigger_start, e.trigger_end,
       e.trigger_text, e.confidence,
       a.url, a.source, a.outlet, a.title, a.language, a.dct_used, a.ingested_at,
       mm.merged_id,
       (SELECT any_value(p.feature) FROM places p
         WHERE p.article_id = e.article_id AND p.start_char = e.place_start) AS place_feature,
       (SELECT any_value(p.geonameid) FROM places p
         WHERE p.article_id = e.article_id AND p.start_char = e.place_start) AS place_geonameid,
       (SELECT min(s.n) FROM sentences s WHERE s.article_id = e.article_id
         AND e.sentence_start >= s.start_char AND e.sentence_start < s.end_char) AS sentence_n,
       (SELECT min(s.start_char) FROM sentences s WHERE s.article_id = e.article_id
         AND position(chr(10) || chr(10) IN a.text) > 0
         AND s.start_char >= position(chr(10) || chr(10) IN a.text)) AS lead_end
FROM events e
JOIN articles a ON a.id = e.article_id
LEFT JOIN merged_mentions mm ON mm.article_id = e.article_id AND mm.event_n = e.n
ORDER BY e.article_id, e.n
"""


def event_rows(con) -> list[dict]:
    """Every stored event with its article's metadata and its merged event id (if linked)."""
    cur = con.execute(_EVENT_QUERY)
    names = [d[0] for d in cur.description]
    rows = [dict(zip(names, r, strict=True)) for r in cur.fetchall()]
    for r in rows:
        r["actors"] = json.loads(r["actors"] or "[]")
        r["recipients"] = json.loads(r["recipients"] or "[]")
    return rows


def _sightings(con) -> dict[str, list[dict]]:
    """Every article's sightings (``store.sightings``): the sources its text was read from."""
    cur = con.execute("SELECT article_id, key, url, source, outlet, title, stated_date FROM sightings "
                      "ORDER BY article_id, seen_at, key")
    out: dict[str, list[dict]] = {}
    for article_id, key, url, source, outlet, title, stated in cur.fetchall():
        out.setdefault(article_id, []).append({"key": key, "url": url, "source": source, "outlet": outlet,
                                               "title": title, "stated_date": stated})
    return out


def _merged_info(con) -> dict[str, dict]:
    cur = con.execute("SELECT id, date, date_start, date_end, goldstein, n_mentions, n_articles FROM merged_events")
    return {r[0]: {"date": r[1], "date_start": r[2], "date_end": r[3], "goldstein": r[4],
                   "n_mentions": r[5], "n_articles": r[6]} for r in cur.fetchall()}


def _clean(value) -> str:
    """A TSV cell: no tabs or line breaks (GDELT files are unquoted)."""
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:g}"
    return " ".join(str(value).split())


def _split_code(code: str | None, country: str | None) -> dict[str, str]:
    """CAMEO actor code -> GDELT's country / known group / type columns."""
    code = code or ""
    out = {"CountryCode": country or "", "KnownGroupCode": "", "Type1Code": "", "Type2Code": "", "Type3Code": ""}
    if code[:3] in ("IGO", "NGO", "MNC"):
        out["Type1Code"], out["KnownGroupCode"] = code[:3], code[3:6]
        return out
    if not country and len(code) >= 3 and code[:3] != "---":
        out["CountryCode"] = code[:3] if code[:3].isalpha() else ""
    rest = code[3:]
    for k, key in enumerate(("Type1Code", "Type2Code", "Type3Code")):
        out[key] = rest[3 * k:3 * k + 3]
    return out


_GEO_TYPE = {"country": 1, "region": 5, "city": 4}  # GDELT: 1 country, 2 US state, 3 US city, 4 world city, 5 world state


def _geo_type(feature: str | None, country: str | None) -> int | str:
    kind = _GEO_TYPE.get(feature or "", 4 if feature else "")
    if country == "USA" and kind in (4, 5):
        return {4: 3, 5: 2}[kind]
    return kind


GDELT_COLUMNS = [
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *[f"Actor{i}{c}" for i in (1, 2) for c in (
        "Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code", "Religion2Code",
        "Type1Code", "Type2Code", "Type3Code")],
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *[f"{g}_{c}" for g in ("Actor1Geo", "Actor2Geo", "ActionGeo") for c in (
        "Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")],
    "DATEADDED", "SOURCEURL",
]
TIDINGS_GDELT_COLUMNS = [
    "tidings_event", "tidings_date", "tidings_type", "tidings_mode", "tidings_modality", "tidings_article_id",
    "tidings_event_n", "tidings_sentence_start", "tidings_sentence_end", "tidings_sentence", "tidings_trigger",
]


def gdelt_rows(con) -> list[dict]:
    """One GDELT-2.0-events-style row per event: a merged event once, an unmerged mention alone.

    A merged event's row is built from its first mention (lowest article id, then event
    number) with the merged date and mean Goldstein; NumMentions / NumArticles / NumSources
    count its mentions, and its articles and outlets over their sightings (the same text read
    from five outlets is five articles and five sources; a sighting without an outlet counts
    as its own source).
    """
    merged = _merged_info(con)
    seen = _sightings(con)
    groups: dict[str, list[dict]] = {}
    for r in event_rows(con):
        key = r["merged_id"] or f"{r['article_id']}:{r['n']}"
        groups.setdefault(key, []).append(r)
    out = []
    for number, (key, members) in enumerate(groups.items(), 1):
        first = members[0]
        info = merged.get(first["merged_id"] or "", {})
        date, start = info.get("date", first["date"]), info.get("date_start", first["date_start"])
        goldstein = info.get("goldstein", first["goldstein"])
        ids = sorted({m["article_id"] for m in members})
        sightings = [(i, s) for i in ids for s in seen.get(i) or [{"key": i, "outlet": None}]]
        sources = {s["outlet"] or f"{i} {s['key']}" for i, s in sightings}
        row = {
            "GLOBALEVENTID": number,
            "SQLDATE": start.strftime("%Y%m%d") if start else "",
            "MonthYear": start.strftime("%Y%m") if start else "",
            "Year": start.year if start else "",
            "FractionDate": f"{start.year + (start.timetuple().tm_yday - 1) / 365:.4f}" if start else "",
        }
        for i, people in ((1, first["actors"]), (2, first["recipients"])):
            who = next((p for p in people if p.get("code")), people[0] if people else {})
            parts = _split_code(who.get("code"), who.get("country"))
            row[f"Actor{i}Code"] = who.get("code") or ""
            row[f"Actor{i}Name"] = (who.get("name") or who.get("text") or "").upper()
            for part, value in parts.items():
                row[f"Actor{i}{part}"] = value
        cameo = first["cameo"] or ""
        lead_end = first["lead_end"]
        row |= {
            "IsRootEvent": int(lead_end is None or (first["sentence_start"] or 0) < lead_end),
            "EventCode": cameo, "EventBaseCode": cameo, "EventRootCode": cameo[:2],
            "QuadClass": first["quad"], "GoldsteinScale": goldstein,
            "NumMentions": len(members), "NumSources": len(sources),
            "NumArticles": len(sightings), "AvgTone": "",
        }
        if first["place_name"]:
            row |= {
                "ActionGeo_Type": _geo_type(first["place_feature"], first["place_country"]),
                "ActionGeo_FullName": first["place_name"], "ActionGeo_CountryCode": first["place_country"],
                "ActionGeo_Lat": first["place_lat"], "ActionGeo_Long": first["place_lon"],
                "ActionGeo_FeatureID": first["place_geonameid"],
            }
        added = first["ingested_at"]
        row |= {
            "DATEADDED": added.strftime("%Y%m%d%H%M%S") if added else "",
            "SOURCEURL": first["url"] or first["source"] or "",
            "tidings_event": key, "tidings_date": date, "tidings_type": first["type"],
            "tidings_mode": first["mode"], "tidings_modality": first["modality"],
            "tidings_article_id": first["article_id"], "tidings_event_n": first["n"],
            "tidings_sentence_start": first["sentence_start"], "tidings_sentence_end": first["sentence_end"],
            "tidings_sentence": first["sentence_text"], "tidings_trigger": first["trigger_text"],
        }
        out.append(row)
    return out


def gdelt_lines(con):
    """The GDELT TSV: a header line, then one line per event."""
    columns = GDELT_COLUMNS + TIDINGS_GDELT_COLUMNS
    yield "\t".join(columns), False
    for row in gdelt_rows(con):
        yield "\t".join(_clean(row.get(c)) for c in columns), True


# --- PLOVER -----------------------------------------------------------------------------------

CODEBOOK = "plover-base"


def _plover_entity(actor: dict) -> dict:
    code = actor.get("code") or ""
    country = actor.get("country") or (code[:3] if code[:3].isalpha() else None)
    top = code[:3] if code[:3].isalpha() else None  # "---GOV": a government of no known country
    return {"code": top or country, "sector": code[3:] or None, "entity_text": actor.get("text"),
            "identifier_text": actor.get("name"), "country": actor.get("country"), "cameo_code": code or None,
            "start": actor.get("start"), "end": actor.get("end")}


def plover_records(con) -> list[dict]:
    """One PLOVER record (the manual's JSON record format) per stored event mention."""
    from . import __version__

    coded = None
    records = []
    seen = _sightings(con)
    for r in event_rows(con):
        start, end = r["date_start"], r["date_end"]
        coded = coded or (r["ingested_at"].date().isoformat() if r["ingested_at"] else None)
        event_id = f"tidings-{r['article_id']}-{r['n']}"
        actors = [_plover_entity(a) for a in r["actors"]]
        recipients = [_plover_entity(a) for a in r["recipients"]]
        location = None
        if r["place_name"]:
            location = {"extracted_place": r["place_text"], "resolved_place": r["place_name"],
                        "geonameid": r["place_geonameid"], "lat": r["place_lat"], "lon": r["place_lon"],
                        "country_code": r["place_country"], "feature": r["place_feature"],
                        "resolution": {"country": 1, "region": 2, "city": 4}.get(r["place_feature"] or "")}
        records.append({
            "id": event_id,
            "event_id": event_id,
            "has_event": True,
            "date": start.isoformat() if start else None,
            "enddate": end.isoformat() if end and end != start else None,
            "event_date": start.isoformat() if start else None,
            "timex": r["date"],
            "actor": actors,
            "recipient": recipients,
            "source_actor": "; ".join(a["identifier_text"] or a["entity_text"] or "" for a in actors) or None,
            "source_code": " ".join(a["cameo_code"] for a in actors if a["cameo_code"]) or None,
            "target_actor": "; ".join(a["identifier_text"] or a["entity_text"] or "" for a in recipients) or None,
            "target_code": " ".join(a["cameo_code"] for a in recipients if a["cameo_code"]) or None,
            "event": [r["type"]],
            "event_type": r["type"],
            "mode": [r["mode"]] if r["mode"] else [],
            "context": [],
            "modality": r["modality"],
            "quad_code": r["quad"],
            "event_scale": r["goldstein"],
            "cameo_root": r["cameo"],
            "event_loc": location,
            "event_text": [(r["sentence_text"] or "").strip()],
            "trigger": {"start": r["trigger_start"], "end": r["trigger_end"], "text": r["trigger_text"]},
            "link": r["merged_id"],
            "text_info": {"sequence": r["sentence_n"], "start": r["sentence_start"], "end": r["sentence_end"]},
            "cite_info": {"url": r["url"] or r["source"], "title": r["title"], "language": r["language"],
                          "publication": r["outlet"], "coder": f"tidings {__version__}", "codebook": CODEBOOK},
            "story_date": r["dct_used"],
            "publication": r["outlet"],
            "story_id": r["article_id"],
            "coder": f"tidings {__version__}",
            "coded_date": coded,
            "confidence": r["confidence"],
            "sightings": [{k: v for k, v in s.items() if k != "key"} for s in seen.get(r["article_id"], [])],
        })
    return records


def plover_lines(con):
    for record in plover_records(con):
        yield json_line(record, default=str), True
