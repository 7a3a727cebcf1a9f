"""Fills the store's link tables from every stored analysis, and re-dates articles from the corpus.

``link_store(db)`` links the articles stored since the last link run against what is
already linked (near-duplicates, merged events, stories, corpus date evidence), through the
blocking keys kept in ``link_keys`` (see ``link.keys``): a batch costs its own size and its
candidate matches, not the store's. It then re-runs the pipeline on each of those articles
whose date can't be trusted and for which other articles give new date evidence, rewrites them
and links them again. ``link_store(db, full=True)`` (``tidings link --full``) drops the link
tables and links every article again: the same tables as any order of incremental runs over
the same analyses. Everything happens in ONE transaction: any error rolls everything back, the
database is never half-linked.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
from collections.abc import Sequence
from dataclasses import dataclass, field

import duckdb

from .. import nlp
from ..errors import StoreError
from ..model import Analysis, Article, DateEvidence, content_id
from ..pipeline import Options, analyze
from .dates import timex_range
from .sightings import count_over_sightings
from .write import _rollback, article_row, insert_rows, record_rows

log = logging.getLogger(__name__)

LINK_TABLES = ("duplicates", "merged_events", "merged_mentions", "stories", "story_articles",
               "corpus_date_evidence")
CORPUS_KINDS = ("corpus", "repost")  # DateEvidence kinds that come from other articles
CORPUS_FLAG = "date-from-corpus"  # DocDate flag of a date chosen from the corpus evidence


@dataclass
class LinkSummary:
    """What a link run found and changed."""

    articles: int = 0
    duplicate_pairs: int = 0
    reposts: int = 0
    merged_events: int = 0
    merged_multi: int = 0  # merged events reported by more than one article
    stories: int = 0
    stories_multi: int = 0  # stories of more than one article
    redated: list[tuple[str, str | None, str | None]] = field(default_factory=list)  # (id, before, after)
    failed: list[str] = field(default_factory=list)  # articles whose re-dating raised (kept as they were)

    def __str__(self) -> str:
        text = (f"linked {self.articles} articles: {self.duplicate_pairs} duplicate pairs "
                f"({self.reposts} reposts), {self.merged_events} merged events "
                f"({self.merged_multi} with >1 article), {self.stories} stories "
                f"({self.stories_multi} with >1 article)")
        if self.redated:
            text += f", {len(self.redated)} re-dated"
        if self.failed:
            text += f", {len(self.failed)} could not be re-dated"
        return text


def load_analyses(con: duckdb.DuckDBPyConnection) -> list[Analysis]:
    """Every stored Analysis, in article id order."""
    rows = con.execute("SELECT analysis FROM articles ORDER BY id").fetchall()
    return [Analysis.from_dict(json.loads(r[0])) for r in rows]


def article_from_row(con: duckdb.DuckDBPyConnection, article_id: str) -> Article:
    """Rebuild the Article an ``articles`` row was made from (text, stated date, title, meta, ...).

    The id must still be the hash of the text: a row whose text no longer gives its id is
    refused (``StoreError``) rather than re-analysed under the wrong id.
    """
    row = con.execute(
        "SELECT id, text, raw, source, url, outlet, title, byline, stated_date, language, meta "
        "FROM articles WHERE id = ?", [article_id]).fetchone()
    if row is None:
        raise StoreError(f"no article {article_id} in the store")
    meta = json.loads(row[10]) if row[10] else {}
    article = Article(id=row[0], text=row[1], raw=row[2] or "", source=row[3], url=row[4], outlet=row[5],
                      title=row[6], byline=row[7], stated_date=row[8], language=row[9],
                      photo_credits=list(meta.pop("photo_credits", []) or []),
                      removed=list(meta.pop("removed", []) or []), meta=meta)
    if content_id(article.text) != article.id:
        raise StoreError(f"article {article_id}: its stored text no longer hashes to its id; not re-dated")
    return article


def untrustworthy(analysis: Analysis) -> bool:
    """The date can't be relied on: no stated date and nothing inferred, or a contradicted one."""
    dct = analysis.dct
    return (dct.stated is None and dct.inferred is None and dct.source != "given") or dct.contradicted


def _key(ev: DateEvidence) -> tuple:
    return (ev.kind, json.dumps(ev.windows), round(ev.weight, 3))


def _already_applied(analysis: Analysis, evidence: Sequence[DateEvidence]) -> bool:
    """The stored analysis was made with exactly this corpus evidence."""
    had = {_key(e) for e in analysis.dct.evidence if e.kind in CORPUS_KINDS}
    return had == {_key(e) for e in evidence}


def anchor_day(ev: DateEvidence) -> dt.date | None:
    """The day of a corpus window nearest the event it rests on.

    A repost's window is the original's date; a "before" window (a planned mention) ends on
    the event, an "on or after" window starts on it (see ``link.corpus_dates``).
    """
    if not ev.windows:
        return None
    lo, hi = ev.windows[0][0], ev.windows[0][1]
    before = ev.kind == "corpus" and ev.detail.endswith("before it")
    if before and hi:
        # a report of an upcoming event was written before it: the day before, not the day itself
        return dt.date.fromisoformat(hi) - dt.timedelta(days=1)
    value = hi if before else lo
    if value is None:
        value = lo if before else hi
    return dt.date.fromisoformat(value) if value else None


def corpus_date(analysis: Analysis, evidence: Sequence[DateEvidence]) -> str | None:
    """See ``corpus_window``: the single day it chooses."""
    chosen = corpus_window(analysis, evidence)
    return chosen[0] if chosen else None


def corpus_window(analysis: Analysis, evidence: Sequence[DateEvidence]) -> tuple[str, str | None, str | None] | None:
    """A single document date from corpus evidence, for when the pipeline infers none.

    The strongest piece's anchor day (the event it rests on, or the original's date for a
    repost), moved into the window every piece and the article's own plausible window
    allow when they overlap: a report of an upcoming event is taken to date from just
    before it, a report of a past one from just after.
    """
    ranked = sorted(evidence, key=lambda e: -e.weight)
    day = next((d for d in (anchor_day(e) for e in ranked) if d), None)
    if day is None:
        return None
    lo, hi = dt.date.min, dt.date.max
    windows = [w for e in ranked for w in e.windows[:1]] + [analysis.dct.window]
    for first, last in windows:
        new_lo = max(lo, dt.date.fromisoformat(first)) if first else lo
        new_hi = min(hi, dt.date.fromisoformat(last)) if last else hi
        if new_lo > new_hi:
            continue  # a window that excludes the others is outweighed; keep the rest
        lo, hi = new_lo, new_hi
    day = min(max(day, lo), hi)
    return (day.isoformat(), None if lo == dt.date.min else lo.isoformat(),
            None if hi == dt.date.max else hi.isoformat())


def redate(article: Article, evidence: Sequence[DateEvidence], options: Options | None = None) -> Analysis:
    """Re-run the pipeline on ``article`` with corpus ``evidence`` for its document date.

    The evidence joins the article's own in ``infer_document_date`` (``combine`` sums the
    weights of the windows that allow each day). When that still gives no usable date (a
    corpus window a year wide gives no single inferred day), the date of ``corpus_date`` is
    passed as the document date and the result is marked ``source="inferred"`` with the flag
    ``date-from-corpus``; a stated date the text contradicts stays ``contradicted``.
    """
    doc = nlp.parse(article.text, (options or Options()).pipeline)  # parsed once for both runs
    result = analyze(article, options=options, doc=doc, extra_evidence=evidence)
    if result.dct.source == "inferred" or (result.dct.used and not result.dct.contradicted):
        return result
    window = corpus_window(result, evidence)
    if window is None:
        return result
    chosen, earliest, latest = window
    result = analyze(article, dct=chosen, options=options, doc=doc, extra_evidence=evidence)
    result.dct.source = "inferred"
    result.dct.inferred = chosen
    result.dct.window = [earliest, latest]  # what the article's own and the corpus evidence allow
    result.dct.flags = [f for f in result.dct.flags if f != "given-date-contradicted"] + [CORPUS_FLAG]
    return result


def link_store(db: str | os.PathLike | duckdb.DuckDBPyConnection | None = None, *,
               options: Options | None = None, redate_articles: bool = True,
               threshold: float = 0.8, full: bool = False, batch_size: int = 2000,
               window_days: int = 14, recount: bool = True) -> LinkSummary:
    """Link the articles not linked yet against what is stored, re-dating those of them the
    corpus can date; one transaction. ``full`` drops every link table and links all articles
    again (the same tables, whatever order they were linked in before).

    ``options`` are the pipeline options re-dating runs with (default: every stage); without
    the ``time`` stage, or with ``redate_articles=False``, nothing is re-dated. At most
    ``batch_size`` analyses are loaded at once. ``window_days`` is the story window
    (``group_stories``); ``recount=False`` leaves the counts over sightings to a later run
    (the streaming CLI's temporary store has none).
    """
    from .db import connect, default_db

    own = not isinstance(db, duckdb.DuckDBPyConnection)
    con = connect(db or default_db()) if own else db
    options = options or Options()
    summary = LinkSummary()
    try:
        con.execute("BEGIN TRANSACTION")
        try:
            _link_all(con, summary, options, redate_articles, threshold, full, batch_size, window_days, recount)
            con.execute("COMMIT")
        except BaseException as exc:
            _rollback(con)
            if isinstance(exc, duckdb.Error):
                raise StoreError(f"could not write the link tables: {str(exc).splitlines()[0]}") from exc
            raise
        return summary
    finally:
        if own:
            con.close()


STATE_TABLES = ("link_mentions", "link_keys", "link_articles")


def unlinked_articles(db: str | os.PathLike | None = None) -> int:
    """How many stored articles the link layer has not linked yet (0 for a store that can't be
    opened: the link step then reports its own error)."""
    from .db import connect, default_db

    try:
        con = connect(db or default_db(), read_only=True)
    except Exception:  # noqa: BLE001 - only a hint for whether to link
        return 0
    try:
        return con.execute(
            "SELECT count(*) FROM articles WHERE id NOT IN (SELECT article_id FROM link_articles)"
        ).fetchone()[0]
    except duckdb.Error:
        return 0
    finally:
        con.close()


def _link_all(con, summary: LinkSummary, options: Options, redate_articles: bool, threshold: float,
              full: bool, batch_size: int, window_days: int = 14, recount: bool = True) -> None:
    linked = con.execute("SELECT count(*) FROM link_articles").fetchone()[0]
    if full or not linked:
        for table in LINK_TABLES + STATE_TABLES:
            con.execute(f"DELETE FROM {table}")
    scratch = full or not linked
    todo = [r[0] for r in con.execute(
        "SELECT id FROM articles WHERE id NOT IN (SELECT article_id FROM link_articles) ORDER BY id").fetchall()]
    summary.articles = len(todo)
    evidence: dict[str, list[DateEvidence]] = {}
    if scratch and len(todo) > batch_size:
        evidence = _link_from_scratch(con, todo, threshold, batch_size, window_days)
    else:
        for k in range(0, len(todo), batch_size):
            analyses = list(_load(con, todo[k:k + batch_size]).values())
            info = link_batch_into_store(con, analyses, threshold, window_days)
            evidence.update(info["evidence"])
    if redate_articles and "time" in options.stages and evidence:
        _redate(con, summary, options, evidence)
    if recount:
        _recount(con)
    count = lambda sql: con.execute(sql).fetchone()[0]  # noqa: E731
    summary.articles = count("SELECT count(*) FROM link_articles")  # the whole linked store
    summary.duplicate_pairs = count("SELECT count(*) FROM duplicates")
    summary.reposts = count("SELECT count(*) FROM duplicates WHERE repost")
    summary.merged_events = count("SELECT count(*) FROM merged_events")
    summary.merged_multi = count("SELECT count(*) FROM merged_events WHERE n_articles > 1")
    summary.stories = count("SELECT count(*) FROM stories")
    summary.stories_multi = count("SELECT count(*) FROM stories WHERE n_articles > 1")


def _recount(con) -> None:
    """The one place the link layer's article and outlet counts are set (merged_events and
    stories rows carry the counts of their own mentions; a store that keeps every sighting of
    an article counts over those here)."""
    count_over_sightings(con)


def _redate(con, summary: LinkSummary, options: Options, evidence: dict[str, list[DateEvidence]]) -> None:
    """Re-run the pipeline on the articles whose date the corpus evidence can fix, rewrite them
    and link them again."""
    from ..link.keys import article_mentions

    loaded = _load(con, sorted(evidence))
    changed: dict[str, Analysis] = {}
    for article_id, pieces in sorted(evidence.items()):
        old = loaded.get(article_id)
        if old is None or not untrustworthy(old) or old.dct.source == "given" or _already_applied(old, pieces):
            continue  # a date the user gave wins; evidence already used changes nothing
        try:
            article = article_from_row(con, article_id)
            new = redate(article, pieces, options)
        except Exception as exc:  # one article's failure never stops the link run
            log.warning("re-dating %s failed: %s: %s", article_id, type(exc).__name__, exc)
            log.debug("traceback of the failed re-dating", exc_info=True)
            summary.failed.append(article_id)
            continue
        if new.id != article_id:
            raise StoreError(f"re-dating {article_id} gave id {new.id}; nothing written")
        changed[article_id] = new
        summary.redated.append((article_id, old.dct.used, new.dct.used))
    if not changed:
        return
    ids = sorted(changed)
    for article_id in ids:
        _rewrite_article(con, article_id, changed[article_id])
    _unlink(con, ids)
    con.register("_re", _arrow_list("id", ids))
    try:
        con.execute("DELETE FROM link_keys WHERE role = 's' AND article_id IN (SELECT id FROM _re)")
    finally:
        con.unregister("_re")
    analyses = [changed[i] for i in ids]
    event_ids, _ = _link_events(con, [f for a in analyses for f in article_mentions(a)])
    _link_stories(con, analyses, event_ids)
    _evidence_for(con, event_ids, [])


def link_rows(pairs, merged, stories, evidence) -> dict[str, list[dict]]:
    """The rows of every link table."""
    rows: dict[str, list[dict]] = {t: [] for t in LINK_TABLES}
    rows["duplicates"] = [{"a": p.a, "b": p.b, "similarity": p.similarity, "repost": p.repost,
                           "original": p.original, "copy": p.copy} for p in pairs]
    for m in merged:
        start, end = timex_range(m.date)
        rows["merged_events"].append({
            "id": m.id, "type": m.type, "cameo": m.cameo, "quad": m.quad, "goldstein": m.goldstein,
            "date": m.date, "date_start": start, "date_end": end,
            "actors": " ".join(m.actors), "recipients": " ".join(m.recipients),
            "countries": " ".join(m.countries), "place": m.place, "place_country": m.place_country,
            "modalities": " ".join(m.modalities), "n_mentions": len(m.mentions),
            "n_articles": len(m.articles), "n_outlets": len(m.outlets),
        })
        for x in m.mentions:
            rows["merged_mentions"].append({
                "merged_id": m.id, "article_id": x.article_id, "event_n": x.event_index,
                "sentence_start": x.sentence.start, "sentence_end": x.sentence.end,
                "sentence_text": x.sentence.text, "trigger_start": x.trigger.start,
                "trigger_end": x.trigger.end, "trigger_text": x.trigger.text, "date": x.date,
                "modality": x.modality, "dated_by_article": x.dated_by_article, "outlet": x.outlet,
            })
    for s in stories:
        rows["stories"].append({
            "id": s.id, "first": s.first, "last": s.last, "title": s.title, "n_articles": len(s.articles),
            "countries": " ".join(s.countries), "places": " | ".join(s.places), "events": " ".join(s.events),
            "links": json.dumps(s.links),
        })
        rows["story_articles"].extend({"story_id": s.id, "article_id": a} for a in s.articles)
    for article_id, pieces in sorted(evidence.items()):
        for n, ev in enumerate(pieces):
            rows["corpus_date_evidence"].append({
                "article_id": article_id, "n": n, "kind": ev.kind, "detail": ev.detail,
                "windows": json.dumps(ev.windows), "weight": ev.weight,
                "span_start": ev.span.start if ev.span else None,
                "span_end": ev.span.end if ev.span else None,
                "span_text": ev.span.text if ev.span else None,
            })
    return rows


def _rewrite_article(con, article_id: str, analysis: Analysis) -> None:
    """Replace an article's analysis: its date columns and JSON, and every record row."""
    row = article_row(Article(id=article_id, text=analysis.text), analysis, None, dt.datetime.now())
    con.execute(
        "UPDATE articles SET dct_used = ?, dct_source = ?, dct_contradicted = ?, analysis = ? WHERE id = ?",
        [row["dct_used"], row["dct_source"], row["dct_contradicted"], row["analysis"], article_id])
    for table, table_rows in record_rows(analysis).items():
        con.execute(f"DELETE FROM {table} WHERE article_id = ?", [article_id])
        insert_rows(con, table, table_rows)


# ---- incremental linking ----------------------------------------------------------------------
#
# What is kept (schema v5): ``link_mentions`` (every linked mention's features, its event root
# and best anchor), ``link_keys`` (role a/f/l/e: anchor, found, lookup and equal keys of
# mentions; b: band keys of articles; s: story keys) and ``link_articles`` (each linked
# article's story profile, its story component and story). A batch is linked by loading only
# the stored mentions and articles that share a key with it (and the members of the events
# and story components those belong to), running the same set functions on that part, and
# replacing the events and stories it changed.

ROLE_KEYS = (("a", "anchor_keys"), ("f", "found_keys"), ("l", "lookup_keys"), ("e", "equal_keys"))


def _temp_keys(con, name: str, rows: list[tuple[str, str]]) -> None:
    import pyarrow as pa

    table = pa.table({"key": [r[0] for r in rows], "role": [r[1] for r in rows]})
    con.register(name, table)


def _matching(con, wanted: list[tuple[str, str]], columns: str = "article_id, event_n") -> list[tuple]:
    """Rows of link_keys whose (key, role) is in ``wanted``."""
    if not wanted:
        return []
    _temp_keys(con, "_wanted_keys", sorted(set(wanted)))
    try:
        return con.execute(f"SELECT DISTINCT {columns} FROM link_keys k JOIN _wanted_keys w "
                           "ON k.key = w.key AND k.role = w.role").fetchall()
    finally:
        con.unregister("_wanted_keys")


class _StoredMembers(dict):
    """``LinkState.members`` over a store: the members of a stored event are read the first
    time the batch touches that event (joins, attaches to or takes from it), not before."""

    def __init__(self, con, state) -> None:
        super().__init__()
        self.con, self.state = con, state
        self.unread: set[str] = set()  # roots known from the loaded mentions, members not read

    def _read(self, root: str) -> None:
        from ..link import keys as K

        self.unread.discard(root)
        dict.__setitem__(self, root, set())
        rows = self.con.execute("SELECT feat, root, best_score, best_sig, best_mid FROM link_mentions "
                                "WHERE root = ?", [root]).fetchall()
        _add_stored(self.state, rows, K)

    def __missing__(self, root: str) -> set[str]:
        if root in self.unread:
            self._read(root)
            return dict.__getitem__(self, root)
        value: set[str] = set()
        dict.__setitem__(self, root, value)
        return value

    def __contains__(self, root) -> bool:
        return dict.__contains__(self, root) or root in self.unread

    def pop(self, root, *default):
        if root in self.unread:
            self._read(root)
        return dict.pop(self, root, *default)

    def get(self, root, default=None):
        if root in self.unread:
            self._read(root)
        return dict.get(self, root, default)


def _add_stored(state, rows, K) -> None:
    """Add stored mentions (rows of feat, root, best) to the state, each once, remembering how
    they were stored (``state.stored``) so that only the changed ones are rewritten."""
    for feat, root, score, sig, best_mid in rows:
        f = K.MentionFeatures.from_dict(json.loads(feat))
        mid = f.mid
        if mid not in state.feats:
            best = (score, sig, best_mid) if best_mid else None
            state.add(f, None, best)
            state.root[mid] = root
            state.stored[mid] = (root, best)
        members = state.members
        if dict.__contains__(members, root):
            dict.__getitem__(members, root).add(mid)
        else:
            members.unread.add(root)


# A necessary condition, in SQL, for ``merge.pair_score`` of a new mention (w) and a stored one
# (s, its feature JSON) to reach MIN_SUPPORT: the same negation, agreeing places, no two
# disjoint sets of actor names, and an upper bound of the support points (date, place, actors,
# trigger stem) high enough. A stored anchor that fails it for every new loose mention
# sharing a key could never be chosen, and a stored loose mention that fails it for every new
# anchor keeps its choice: neither is read. ``pair_score`` itself decides for the rest.
_S_DAYS = """CASE WHEN s.month IS NOT NULL AND s.lo IS NULL THEN (CASE WHEN s.day IS NOT NULL THEN 1 ELSE 31 END)
                  WHEN s.lo IS NULL OR s.hi IS NULL THEN 1000000
                  ELSE date_diff('day', CAST(s.lo AS DATE), CAST(s.hi AS DATE)) + 1 END"""
_PLAUSIBLE = f"""
    w.negated = s.negated
    AND (NOT s.has_place OR NOT w.has_place
         OR (w.p0 IS NOT NULL AND w.p0 = s.p0) OR (w.p1 IS NOT DISTINCT FROM s.p1)
         OR (w.p2 = 'country' AND w.p3 IS NOT NULL AND w.p3 = s.p3)
         OR (s.p2 = 'country' AND s.p3 IS NOT NULL AND s.p3 = w.p3))
    AND NOT (len(w.names) > 0 AND len(s.names) > 0 AND NOT list_has_any(w.names, s.names))
    AND (CASE WHEN w.doc OR s.doc THEN 0
              WHEN w.days = 1 AND s.days = 1 THEN 2
              WHEN greatest(w.days, s.days) <= 31 OR w.yearless OR s.yearless THEN 1 ELSE 0 END
         + CASE WHEN w.has_place AND s.has_place THEN 2 ELSE 0 END
         + CASE WHEN list_has_any(w.names, s.names) THEN 2 WHEN list_has_any(w.codes, s.codes) THEN 1 ELSE 0 END
         + CASE WHEN w.stem = s.stem THEN 1 ELSE 0 END
         - CASE WHEN w.doc OR s.doc THEN 1 ELSE 0 END) >= {{min_support}}
"""


def _wanted_rows(feats: list) -> list[dict]:
    """(key, role) rows a batch looks up, with the fields of its mention the SQL test needs."""
    from ..link import keys as K

    rows = []
    for f in feats:
        roles = ((("a", K.anchor_keys(f)), ("l", K.found_keys(f))) if f.anchor
                 else (("f", K.lookup_keys(f)), ("e", K.equal_keys(f))))
        place = f.place or [None] * 5
        base = {"negated": f.negated, "doc": f.document_dated, "days": min(f.days, 1000000),
                "yearless": f.lo is None and bool(f.day), "has_place": f.place is not None,
                "p0": None if place[0] is None else str(place[0]), "p1": place[1], "p2": place[2], "p3": place[3],
                "names": list(f.names), "codes": list(f.codes), "stem": f.stem}
        for role, keys in roles:
            rows += [{"key": k, "role": role, **base} for k in keys]
    return rows


def _load_state(con, feats: list) -> tuple:
    """The part of the stored link state a batch of mention features can touch: the stored
    anchors of the same day as its anchors, the stored anchors its loose mentions could
    choose and the stored loose mentions that could choose its anchors (``_PLAUSIBLE``), the
    stored loose mentions of an equal key; the members of an event are read only when the
    batch changes it (``_StoredMembers``)."""
    import pyarrow as pa

    from ..link import keys as K
    from ..link.merge import MIN_SUPPORT, LinkState

    state = LinkState()
    state.stored = {}
    state.members = _StoredMembers(con, state)
    wanted = _wanted_rows(feats)
    if not wanted:
        return state, set()
    schema = pa.schema([("key", pa.string()), ("role", pa.string()), ("negated", pa.bool_()), ("doc", pa.bool_()),
                        ("days", pa.int64()), ("yearless", pa.bool_()), ("has_place", pa.bool_()),
                        ("p0", pa.string()), ("p1", pa.string()), ("p2", pa.string()), ("p3", pa.string()),
                        ("names", pa.list_(pa.string())), ("codes", pa.list_(pa.string())), ("stem", pa.string())])
    con.register("_wanted", pa.Table.from_pylist(wanted, schema=schema))
    try:
        rows = con.execute(f"""
            WITH keys AS (SELECT DISTINCT key, role FROM _wanted),
            hits AS (
                SELECT k.key, k.role, k.article_id, k.event_n FROM link_keys k JOIN keys w
                ON k.key = w.key AND k.role = w.role),
            stored AS (
                SELECT h.key, h.role, h.article_id, h.event_n,
                       CAST(m.feat->>'negated' AS BOOLEAN) AS negated,
                       CAST(m.feat->>'document_dated' AS BOOLEAN) AS doc,
                       m.feat->>'lo' AS lo, m.feat->>'hi' AS hi, m.feat->>'month' AS month, m.feat->>'day' AS day,
                       (m.feat->>'place') IS NOT NULL AS has_place, m.feat->>'$.place[0]' AS p0, m.feat->>'$.place[1]' AS p1,
                       m.feat->>'$.place[2]' AS p2, m.feat->>'$.place[3]' AS p3,
                       CAST(m.feat->'names' AS VARCHAR[]) AS names, CAST(m.feat->'codes' AS VARCHAR[]) AS codes,
                       m.feat->>'stem' AS stem
                FROM hits h JOIN link_mentions m ON m.article_id = h.article_id AND m.event_n = h.event_n
                WHERE h.role IN ('f', 'l')),
            scored AS (
                SELECT *, {_S_DAYS} AS days, s.lo IS NULL AND s.day IS NOT NULL AS yearless FROM stored s),
            picked AS (
                SELECT article_id, event_n FROM hits WHERE role IN ('a', 'e')
                UNION
                SELECT s.article_id, s.event_n FROM scored s JOIN _wanted w ON s.key = w.key AND s.role = w.role
                WHERE {_PLAUSIBLE.format(min_support=MIN_SUPPORT)})
            SELECT m.feat, m.root, m.best_score, m.best_sig, m.best_mid
            FROM link_mentions m JOIN picked p ON m.article_id = p.article_id AND m.event_n = p.event_n
            """).fetchall()
    finally:
        con.unregister("_wanted")
    log.debug("link batch of %d mentions: %d stored mentions loaded", len(feats), len(rows))
    _add_stored(state, rows, K)
    return state, set(state.root.values())


def _arrow_pairs(pairs):
    import pyarrow as pa

    return pa.table({"article_id": [p[0] for p in pairs], "event_n": [p[1] for p in pairs]})


def _link_events(con, feats: list) -> tuple[set[str], list]:
    """Link mention features into the store's events; returns (ids of events removed or
    changed, the changed MergedEvents)."""
    from ..link import keys as K
    from ..link.merge import event_id, link_batch, record

    state, _old_roots = _load_state(con, feats)
    removed, changed = link_batch(state, feats)
    before = state.stored  # every stored mention read, as it was stored (read lazily too)
    ids = {event_id(r) for r in removed | changed}
    # only the mentions that are new or whose event or best anchor changed are rewritten
    moved = sorted(m for m in state.feats if before.get(m) != (state.root.get(m), state.best.get(m)))
    stale = [tuple(m.rsplit(":", 1)) for m in moved if m in before]
    if stale:
        con.register("_stale", _arrow_pairs([(a, int(n)) for a, n in stale]))
        try:
            con.execute("DELETE FROM link_mentions WHERE (article_id, event_n) IN "
                        "(SELECT article_id, event_n FROM _stale)")
            con.execute("DELETE FROM merged_mentions WHERE (article_id, event_n) IN "
                        "(SELECT article_id, event_n FROM _stale)")
        finally:
            con.unregister("_stale")
    rows = []
    for m in moved:
        f, r, best = state.feats[m], state.root[m], state.best.get(m)
        rows.append({"article_id": f.article_id, "event_n": f.event_n, "anchor": f.anchor,
                     "feat": json.dumps(f.as_dict(), ensure_ascii=False), "root": r,
                     "best_score": best[0] if best else None, "best_sig": best[1] if best else None,
                     "best_mid": best[2] if best else None})
    insert_rows(con, "link_mentions", rows)
    events_out = [record(r, [state.feats[m] for m in sorted(state.members[r])]) for r in sorted(changed)]
    key_rows = []
    for f in feats:
        for role, fn in ROLE_KEYS:
            key_rows += [{"key": k, "role": role, "article_id": f.article_id, "event_n": f.event_n}
                         for k in getattr(K, fn)(f)]
    insert_rows(con, "link_keys", key_rows)
    if ids:
        con.register("_ids", _arrow_list("id", sorted(ids)))
        try:
            con.execute("DELETE FROM merged_events WHERE id IN (SELECT id FROM _ids)")
        finally:
            con.unregister("_ids")
    out = link_rows([], events_out, [], {})
    moved_set = {tuple(m.rsplit(":", 1)) for m in moved}
    insert_rows(con, "merged_events", out["merged_events"])
    insert_rows(con, "merged_mentions", [r for r in out["merged_mentions"]
                                         if (r["article_id"], str(r["event_n"])) in moved_set])
    return ids, events_out


def _arrow_list(name: str, values: list):
    import pyarrow as pa

    return pa.table({name: values})


def _link_duplicates(con, analyses: list[Analysis], threshold: float) -> list:
    """Near-duplicate pairs of the batch, within it and with stored articles."""
    from ..link.duplicates import candidate_pairs, check_pair
    from ..link.keys import band_rows, duplicate_keys, shingles

    rows = band_rows(threshold)
    keyed = [(a.id, duplicate_keys(a.text, rows)) for a in analyses]
    batch_ids = {a.id for a in analyses}
    # the default threshold's band keys have role "b"; a threshold below 0.5 cuts the MinHash
    # into other bands, kept as "b<rows>": a batch meets the stored articles keyed alike
    role = "b" if rows == 4 else f"b{rows}"
    stored = _matching(con, [(k, role) for _id, ks in keyed for k in ks], "k.key, k.article_id")
    pairs = candidate_pairs(keyed + [(aid, [key]) for key, aid in stored])
    pairs = {p for p in pairs if p[0] in batch_ids or p[1] in batch_ids}
    need = sorted({x for p in pairs for x in p} - batch_ids)
    by_id = {a.id: a for a in analyses}
    by_id.update(_load(con, need))
    sets = {}
    out = []
    for a, b in sorted(pairs):
        for x in (a, b):
            if x not in sets:
                sets[x] = shingles(by_id[x].text)
        p = check_pair(by_id[a], by_id[b], threshold, sets[a], sets[b])
        if p is not None:
            out.append(p)
    insert_rows(con, "link_keys", [{"key": k, "role": role, "article_id": aid, "event_n": None}
                                   for aid, ks in keyed for k in ks])
    insert_rows(con, "duplicates", link_rows(out, [], [], {})["duplicates"])
    return out


def _load(con, ids: list[str]) -> dict[str, Analysis]:
    if not ids:
        return {}
    con.register("_load_ids", _arrow_list("id", ids))
    try:
        rows = con.execute("SELECT a.analysis FROM articles a JOIN _load_ids i ON a.id = i.id").fetchall()
    finally:
        con.unregister("_load_ids")
    out = {}
    for (text,) in rows:
        a = Analysis.from_dict(json.loads(text))
        out[a.id] = a
    return out


def _link_stories(con, analyses: list[Analysis], touched_events: set[str], window_days: int = 14,
                  profiles: dict | None = None, fresh: bool = False) -> int:
    """Recompute the stories of every story component the batch (or a changed event) touches
    (``profiles``: the batch's story profiles, already made, instead of ``analyses``)."""
    from ..link.stories import (
        MIN_SIMILARITY,
        StoryProfile,
        cluster_profiles,
        profile_keys,
        story_profile,
        story_record,
    )

    profiles = dict(profiles) if profiles is not None else {a.id: story_profile(a) for a in analyses}
    batch_ids = sorted(profiles)  # the articles whose story keys are written here
    # from scratch (``fresh``) every article is in ``profiles`` and nothing is stored yet
    members = set() if fresh else _story_members(con, profiles, touched_events)
    # whole story components (no story crosses one)
    con.register("_mem", _arrow_list("id", sorted(members)))
    try:
        comps = [r[0] for r in con.execute(
            "SELECT DISTINCT component FROM link_articles WHERE article_id IN (SELECT id FROM _mem)").fetchall()]
        con.register("_comps", _arrow_list("c", comps))
        rows = con.execute("SELECT article_id, profile, story_id FROM link_articles WHERE article_id IN "
                           "(SELECT id FROM _mem) OR component IN (SELECT c FROM _comps)").fetchall()
        con.unregister("_comps")
    finally:
        con.unregister("_mem")
    old_stories = {r[2] for r in rows if r[2]}
    for aid, profile, _sid in rows:
        if aid not in profiles:
            profiles[aid] = StoryProfile.from_dict(json.loads(profile))
    ordered = [profiles[k] for k in sorted(profiles)]
    ids = [p.id for p in ordered]
    merged_of, event_pairs = _events_among(con, ids)
    dup_pairs = _duplicates_among(con, ids)
    clusters, used, parts = cluster_profiles(ordered, event_pairs, dup_pairs, window_days=window_days,
                                             threshold=MIN_SIMILARITY)
    stories = []
    story_of = {}
    for k, cluster in enumerate(clusters):
        links = {kind: c for (cl, kind), c in used.items() if cl == k}
        s = story_record([ordered[i] for i in cluster], merged_of, links)
        stories.append(s)
        for i in cluster:
            story_of[ordered[i].id] = s.id
    if old_stories:
        con.register("_old", _arrow_list("id", sorted(old_stories)))
        try:
            con.execute("DELETE FROM stories WHERE id IN (SELECT id FROM _old)")
            con.execute("DELETE FROM story_articles WHERE story_id IN (SELECT id FROM _old)")
        finally:
            con.unregister("_old")
    con.register("_ids", _arrow_list("id", ids))
    try:
        con.execute("DELETE FROM link_articles WHERE article_id IN (SELECT id FROM _ids)")
    finally:
        con.unregister("_ids")
    insert_rows(con, "link_articles", [
        {"article_id": p.id, "profile": json.dumps(p.as_dict(), ensure_ascii=False),
         "component": parts[i], "story_id": story_of[p.id]} for i, p in enumerate(ordered)])
    chunk: list[dict] = []
    for aid in batch_ids:  # story keys, written a chunk at a time (120 an article)
        chunk += [{"key": k, "role": "s", "article_id": aid, "event_n": None} for k in profile_keys(profiles[aid])]
        if len(chunk) >= 50_000:
            insert_rows(con, "link_keys", chunk)
            chunk = []
    insert_rows(con, "link_keys", chunk)
    rows = link_rows([], [], stories, {})
    insert_rows(con, "stories", rows["stories"])
    insert_rows(con, "story_articles", rows["story_articles"])
    return len(stories)


def _story_members(con, profiles: dict, touched_events: set[str]) -> set[str]:
    """The stored articles a batch's stories can involve: those sharing a story key with it,
    the articles of the events it changed, and their event and duplicate partners."""
    from ..link.stories import profile_keys

    affected = set(profiles)
    new_keys = [(k, "s") for p in profiles.values() for k in profile_keys(p)]
    if touched_events:
        con.register("_ev", _arrow_list("id", sorted(touched_events)))
        try:
            affected |= {r[0] for r in con.execute(
                "SELECT DISTINCT article_id FROM merged_mentions WHERE merged_id IN (SELECT id FROM _ev)").fetchall()}
        finally:
            con.unregister("_ev")
    neighbours = {aid for _key, aid in _matching(con, new_keys, "k.key, k.article_id")}
    members = affected | neighbours
    # event partners and duplicate partners of the affected articles
    members |= _event_partners(con, affected)
    if affected:
        con.register("_aff", _arrow_list("id", sorted(affected)))
        try:
            members |= {x for row in con.execute(
                "SELECT a, b FROM duplicates WHERE a IN (SELECT id FROM _aff) OR b IN (SELECT id FROM _aff)"
            ).fetchall() for x in row}
        finally:
            con.unregister("_aff")
    return members


def _event_partners(con, ids: set[str]) -> set[str]:
    if not ids:
        return set()
    con.register("_p", _arrow_list("id", sorted(ids)))
    try:
        return {r[0] for r in con.execute(
            "SELECT DISTINCT m2.article_id FROM merged_mentions m1 JOIN merged_mentions m2 "
            "ON m1.merged_id = m2.merged_id WHERE m1.article_id IN (SELECT id FROM _p)").fetchall()}
    finally:
        con.unregister("_p")


def _events_among(con, ids: list[str]) -> tuple[dict[str, set[str]], set[tuple[str, str]]]:
    """Merged events of these articles ({id: articles}) and their main-event pairs."""
    from ..link.dates import parse_value

    if not ids:
        return {}, set()
    con.register("_among", _arrow_list("id", ids))
    try:
        rows = con.execute(
            "SELECT m.merged_id, m.article_id, count(*), any_value(e.date) FROM merged_mentions m "
            "JOIN merged_events e ON e.id = m.merged_id WHERE m.article_id IN (SELECT id FROM _among) "
            "GROUP BY m.merged_id, m.article_id").fetchall()
        all_rows = con.execute(
            "SELECT m.merged_id, m.article_id FROM merged_mentions m WHERE m.merged_id IN "
            "(SELECT DISTINCT merged_id FROM merged_mentions WHERE article_id IN (SELECT id FROM _among)) "
            "GROUP BY m.merged_id, m.article_id").fetchall()
    finally:
        con.unregister("_among")
    merged_of: dict[str, set[str]] = {}
    for mid, aid in all_rows:
        merged_of.setdefault(mid, set()).add(aid)
    counts: dict[str, dict[str, int]] = {}
    dates = {}
    for mid, aid, n, date in rows:
        counts.setdefault(aid, {})[mid] = n
        dates[mid] = date
    main: dict[str, set[str]] = {}
    for aid, c in counts.items():
        top = max(c.values())
        for mid, n in c.items():
            if n == top:
                main.setdefault(mid, set()).add(aid)
    pairs = set()
    for mid, arts in main.items():
        rng = parse_value(dates[mid])
        if rng is None or rng.days > 31 or len(arts) < 2:
            continue
        arts = sorted(arts)
        for x, a in enumerate(arts):
            for b in arts[x + 1:]:
                pairs.add((a, b))
    return merged_of, pairs


def _duplicates_among(con, ids: list[str]) -> set[tuple[str, str]]:
    if not ids:
        return set()
    con.register("_d", _arrow_list("id", ids))
    try:
        return {(a, b) for a, b in con.execute(
            "SELECT a, b FROM duplicates WHERE a IN (SELECT id FROM _d) AND b IN (SELECT id FROM _d)").fetchall()}
    finally:
        con.unregister("_d")


def _evidence_for(con, event_ids: set[str], dup_pairs: list) -> dict[str, list[DateEvidence]]:
    """Corpus date evidence for the articles of the changed events and of new reposts (their
    rows are replaced); loads only articles that need a date and the reports of their events."""
    from ..link import date_evidence_from_corpus
    from ..link.corpus_dates import needs_date

    arts: set[str] = set()
    if event_ids:
        con.register("_e", _arrow_list("id", sorted(event_ids)))
        try:
            targets = [r[0] for r in con.execute(
                "SELECT DISTINCT m.article_id FROM merged_mentions m JOIN articles a ON a.id = m.article_id "
                "WHERE m.merged_id IN (SELECT id FROM _e) AND (a.stated_date IS NULL OR a.dct_contradicted)"
            ).fetchall()]
        finally:
            con.unregister("_e")
        arts = set(targets)
    copies = {p.copy for p in dup_pairs if p.repost and p.copy}
    targets_all = arts | copies
    if not targets_all:
        return {}
    target_events = _event_partners(con, arts)
    loaded = _load(con, sorted(target_events | targets_all))
    targets_all = {t for t in targets_all if t in loaded and needs_date(loaded[t])}
    if not targets_all:
        return {}
    merged = _merged_of_articles(con, sorted(targets_all))
    pairs = _stored_pairs(con, sorted(targets_all))
    evidence = date_evidence_from_corpus(list(loaded.values()), merged, pairs)
    out = {t: evidence.get(t, []) for t in targets_all}
    con.register("_t", _arrow_list("id", sorted(out)))
    try:
        con.execute("DELETE FROM corpus_date_evidence WHERE article_id IN (SELECT id FROM _t)")
    finally:
        con.unregister("_t")
    insert_rows(con, "corpus_date_evidence", link_rows([], [], [], {k: v for k, v in out.items() if v})
                ["corpus_date_evidence"])
    return {k: v for k, v in out.items() if v}


def _merged_of_articles(con, ids: list[str]) -> list:
    """The MergedEvents (from link_mentions features) the articles have mentions in."""
    from ..link.keys import MentionFeatures
    from ..link.merge import record

    con.register("_m", _arrow_list("id", ids))
    try:
        rows = con.execute("SELECT root, feat FROM link_mentions WHERE root IN "
                           "(SELECT DISTINCT root FROM link_mentions WHERE article_id IN (SELECT id FROM _m))").fetchall()
    finally:
        con.unregister("_m")
    by_root: dict[str, list] = {}
    for root, feat in rows:
        by_root.setdefault(root, []).append(MentionFeatures.from_dict(json.loads(feat)))
    return [record(r, fs) for r, fs in sorted(by_root.items())]


def _stored_pairs(con, ids: list[str]) -> list:
    from ..link.duplicates import DuplicatePair

    con.register("_s", _arrow_list("id", ids))
    try:
        rows = con.execute("SELECT a, b, similarity, repost, original, copy FROM duplicates "
                           "WHERE copy IN (SELECT id FROM _s)").fetchall()
        out = []
        for a, b, sim, repost, original, copy in rows:
            out.append(DuplicatePair(a=a, b=b, similarity=sim, repost=repost, original=original, copy=copy))
    finally:
        con.unregister("_s")
    if not out:
        return out
    # the evidence a repost lends its copy is rebuilt from the two articles
    from ..link.duplicates import check_pair

    loaded = _load(con, sorted({x for p in out for x in (p.a, p.b)}))
    return [q for p in out if (q := check_pair(loaded[p.a], loaded[p.b], 0.0 + 1e-9)) is not None]


def link_batch_into_store(con, analyses: list[Analysis], threshold: float = 0.8, window_days: int = 14) -> dict:
    """Link a batch of analyses (not yet linked) into the store's link tables (inside the
    caller's transaction). Returns what changed: event ids, duplicate pairs, evidence."""
    from ..link.keys import article_mentions

    feats = [f for a in analyses for f in article_mentions(a)]
    event_ids, _events = _link_events(con, feats)
    pairs = _link_duplicates(con, analyses, threshold)
    _link_stories(con, analyses, event_ids, window_days)
    evidence = _evidence_for(con, event_ids, pairs)
    return {"events": event_ids, "pairs": pairs, "evidence": evidence}


def _link_from_scratch(con, todo: list[str], threshold: float, batch_size: int,
                       window_days: int) -> dict[str, list[DateEvidence]]:
    """Link every article into empty link tables, ``batch_size`` analyses loaded at a time.

    The events are linked batch by batch into ONE link state kept in memory (as
    ``merge_events`` does: the result is a function of the set of mentions), not read back
    from the store for each batch; the rows built over them (link_mentions, merged events,
    stories, corpus date evidence) are written once at the end. Rebuilding them after each
    batch, as an incremental run does, grew with the square of the store: after each batch
    nearly every event and story of a corpus had changed again. The tables (and the link
    state) are the same as linking the same articles in one batch."""
    from ..link import keys as K
    from ..link.merge import LinkState, link_batch, record
    from ..link.stories import story_profile

    state = LinkState()
    profiles = {}
    pairs: list = []
    for k in range(0, len(todo), batch_size):
        analyses = list(_load(con, todo[k:k + batch_size]).values())
        feats = [f for a in analyses for f in K.article_mentions(a)]
        link_batch(state, feats)
        insert_rows(con, "link_keys", [{"key": key, "role": role, "article_id": f.article_id, "event_n": f.event_n}
                                       for f in feats for role, fn in ROLE_KEYS for key in getattr(K, fn)(f)])
        pairs += _link_duplicates(con, analyses, threshold)
        profiles.update((a.id, story_profile(a)) for a in analyses)
        del analyses, feats
    rows = []
    for m in sorted(state.feats):
        f, best = state.feats[m], state.best.get(m)
        rows.append({"article_id": f.article_id, "event_n": f.event_n, "anchor": f.anchor,
                     "feat": json.dumps(f.as_dict(), ensure_ascii=False), "root": state.root[m],
                     "best_score": best[0] if best else None, "best_sig": best[1] if best else None,
                     "best_mid": best[2] if best else None})
        if len(rows) >= 20000:
            insert_rows(con, "link_mentions", rows)
            rows = []
    insert_rows(con, "link_mentions", rows)
    event_ids: set[str] = set()
    roots = sorted(r for r, mids in state.members.items() if mids)
    for k in range(0, len(roots), 2000):
        events = [record(r, [state.feats[m] for m in sorted(state.members[r])]) for r in roots[k:k + 2000]]
        out = link_rows([], events, [], {})
        insert_rows(con, "merged_events", out["merged_events"])
        insert_rows(con, "merged_mentions", out["merged_mentions"])
        event_ids.update(e.id for e in events)
    del state, rows
    _link_stories(con, [], set(), window_days, profiles=profiles, fresh=True)
    del profiles
    return _evidence_for(con, event_ids, pairs)


def _unlink(con, ids: list[str]) -> None:
    """Take articles out of the link state (to relink them after re-dating): their events
    are taken apart and every other mention of those events is linked again."""
    from ..link.keys import MentionFeatures

    con.register("_u", _arrow_list("id", ids))
    try:
        roots = [r[0] for r in con.execute(
            "SELECT DISTINCT root FROM link_mentions WHERE article_id IN (SELECT id FROM _u)").fetchall()]
        con.register("_r", _arrow_list("root", roots))
        others = [MentionFeatures.from_dict(json.loads(r[0])) for r in con.execute(
            "SELECT feat FROM link_mentions WHERE root IN (SELECT root FROM _r) "
            "AND article_id NOT IN (SELECT id FROM _u)").fetchall()]
        from ..link.merge import event_id

        ev = [event_id(r) for r in roots]
        con.register("_ev2", _arrow_list("id", ev))
        con.execute("DELETE FROM merged_events WHERE id IN (SELECT id FROM _ev2)")
        con.execute("DELETE FROM merged_mentions WHERE merged_id IN (SELECT id FROM _ev2)")
        con.execute("DELETE FROM link_mentions WHERE root IN (SELECT root FROM _r)")
        con.execute("DELETE FROM link_keys WHERE role IN ('a', 'f', 'l', 'e') AND (article_id IN (SELECT id FROM _u) "
                    "OR (article_id, event_n) IN (SELECT article_id, event_n FROM link_mentions WHERE false))")
        con.unregister("_ev2")
        con.unregister("_r")
    finally:
        con.unregister("_u")
    if others:
        # their keys stay; relinking them re-adds their rows (and keys again: drop those first)
        keyset = _arrow_pairs([(f.article_id, f.event_n) for f in others])
        con.register("_o", keyset)
        try:
            con.execute("DELETE FROM link_keys WHERE (article_id, event_n) IN (SELECT article_id, event_n FROM _o)")
        finally:
            con.unregister("_o")
        _link_events(con, others)
