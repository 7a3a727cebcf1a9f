"""Full-text search over article titles and text with DuckDB's FTS extension (BM25, stemmed).

The extension comes from the pinned ``duckdb-extension-fts`` wheel and is LOADed from
its packaged file (never INSTALLed from the network). The index is derived data: ingest
rebuilds it after a run that stored articles; a missing or out-of-date index (or a
missing extension) makes search fall back to a plain word match.

A query (``parse_query``) is words and ``"quoted phrases"``. The words are tokenized as the
index tokenized the text (lower case, accents stripped, any character that is not a letter
a separator: ``Jong-un`` is ``jong un``); stop words (``the``, ``in``, ``un``: the index's
own list) are dropped, as the index dropped them; every remaining word must appear
(stemmed: ``summits`` finds ``summit``). A quoted phrase and a hyphenated word
(``Jong-un``, ``Jae-in``) must also appear as written, words in that order with only spaces
or punctuation between them (``Jong-un`` matches "Jong-un" and "Jong un"). Results are
ranked by BM25 over title and text, those holding the whole query as a phrase first. A
query of stop words only (``the``) is matched as a phrase. Without the index the words
are matched as substrings (not stemmed) and a short built-in list of stop words is dropped. ``snippet`` gives the passage
to show with each result and where its matched words are.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

log = logging.getLogger(__name__)

INDEX_SCHEMA = "fts_main_articles"


def extension_path() -> Path | None:
    """The packaged FTS extension file for this DuckDB version, if installed."""
    try:
        import duckdb_extension_fts
    except ImportError:
        return None
    path = Path(duckdb_extension_fts.__file__).parent / "extensions" / f"v{duckdb.__version__}" / "fts.duckdb_extension"
    return path if path.is_file() else None


def load_extension(con: duckdb.DuckDBPyConnection) -> bool:
    """LOAD the FTS extension into this connection; False when it is not available."""
    path = extension_path()
    if path is None:
        return False
    try:
        con.execute("LOAD '" + str(path).replace("'", "''") + "'")
    except duckdb.Error as exc:
        log.info("full-text search unavailable: %s", exc)
        return False
    return True


def rebuild_index(con: duckdb.DuckDBPyConnection) -> bool:
    """(Re)build the BM25 index over ``articles.title`` and ``articles.text``."""
    if not load_extension(con):
        return False
    try:
        con.execute("PRAGMA create_fts_index('articles', 'id', 'title', 'text', overwrite = 1)")
    except duckdb.Error as exc:
        log.warning("could not build the full-text index: %s", exc)
        return False
    return True


def index_is_current(con: duckdb.DuckDBPyConnection) -> bool:
    """True when the index exists and covers exactly the stored articles."""
    exists = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_schema = ? AND table_name = 'docs'",
        [INDEX_SCHEMA],
    ).fetchone()[0]
    if not exists:
        return False
    indexed = con.execute(f"SELECT count(*) FROM {INDEX_SCHEMA}.docs").fetchone()[0]
    return indexed == con.execute("SELECT count(*) FROM articles").fetchone()[0]


def ranked_ids_sql() -> str:
    """A subquery of ``(id, score)`` for the articles matching every word of ``?``, best first."""
    return (
        f"SELECT id, {INDEX_SCHEMA}.match_bm25(id, ?, conjunctive := 1) AS score FROM articles"
    )


def can_search(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether ranked full-text search can run on this connection now."""
    return index_is_current(con) and load_extension(con)


# --- queries --------------------------------------------------------------------------------------

# the index's tokenizer (``fts_main_articles.tokenize``): these characters separate words
_SEPARATORS = re.compile(r"""[0-9!@#$%^&*()_+={}\[\]:;<>,.?~\\/|'"`\-]+""")
_QUOTED = re.compile(r'"([^"]*)"|“([^”]*)”')
_LETTERS = re.compile(r"[^\W\d_]+")


def tokenize(text: str) -> list[str]:
    """Words as the index reads them: lower case, accents stripped, split at non-letters."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(c))
    return [w for w in re.split(r"\s+", _SEPARATORS.sub(" ", plain)) if w]


@dataclass
class Query:
    """A parsed search: the words every result must hold, and the phrases it must hold as written."""

    text: str
    words: list[str] = field(default_factory=list)  # every word, stop words too, in order
    phrases: list[list[str]] = field(default_factory=list)  # quoted phrases and hyphenated words

    def terms(self, stopwords: frozenset[str]) -> list[str]:
        """The distinct words that must appear (not stop words), in order."""
        return list(dict.fromkeys(w for w in self.words if w not in stopwords))

    @property
    def empty(self) -> bool:
        return not self.words


def parse_query(text: str) -> Query:
    """Words and phrases of a search query (``Kim "the summit"``, ``Moon Jae-in``)."""
    query = Query(text=text)
    rest = text
    for match in _QUOTED.finditer(text):
        words = tokenize(match.group(1) if match.group(1) is not None else match.group(2))
        if words:
            query.phrases.append(words)
            query.words += words
    rest = _QUOTED.sub(" ", rest).replace('"', " ")
    for token in rest.split():
        words = tokenize(token)
        if len(words) > 1 and _LETTERS.search(token):  # Jong-un, Jae-in, al-Assad: written as one word
            query.phrases.append(words)
        query.words += words
    return query


def phrase_pattern(words: list[str]) -> str:
    """A regular expression (for lower-cased text) of the words in order, only non-letters between them."""
    return r"(^|[^a-z])" + r"[^a-z]*".join(re.escape(w) for w in words) + r"($|[^a-z])"


_STOPWORDS: dict[str, frozenset[str]] = {}
# when there is no index to read its list from: the commonest English function words (a
# subset of the index's own 571-word list), so "the summit" still means "summit"
FALLBACK_STOPWORDS = frozenset(
    "a an and are as at be but by for from had has have he her his i in into is it its not of on or "
    "she that the their them they this to un was we were will with would you".split())


def stopwords(con: duckdb.DuckDBPyConnection) -> frozenset[str]:
    """The index's stop words (read once per process)."""
    if INDEX_SCHEMA not in _STOPWORDS:
        try:
            rows = con.execute(f"SELECT sw FROM {INDEX_SCHEMA}.stopwords").fetchall()
        except duckdb.Error:
            return FALLBACK_STOPWORDS  # no index (yet): not cached, an index may come
        _STOPWORDS[INDEX_SCHEMA] = frozenset(r[0] for r in rows) or FALLBACK_STOPWORDS
    return _STOPWORDS[INDEX_SCHEMA]


BOOSTED = 1000  # the best this many matches by BM25 are re-ranked by whether they hold the whole query


def matches_sql(con: duckdb.DuckDBPyConnection, query: Query, *, text_expr: str = "a.title || ' ' || a.text",
                ) -> tuple[str, list]:
    """A subquery of ``(id, score)`` for the articles matching ``query``, and its parameters.

    With a current index: BM25 over the index tables (k=1.2, b=0.75, as ``match_bm25``),
    only over documents holding every term; without one, a case-insensitive match of each
    word. Phrases then filter the candidates by ``text_expr``; among the ``BOOSTED`` best, a
    document holding the whole query as a phrase scores 1,000 more. The regular expressions
    run on the candidates only (MATERIALIZED steps keep DuckDB from running them over every
    article first).
    """
    phrase_filters, phrase_params = [], []
    for words in query.phrases:
        phrase_filters.append(f"regexp_matches(lower({text_expr}), ?)")
        phrase_params.append(phrase_pattern(words))
    whole = phrase_pattern(query.words) if len(query.words) > 1 else None
    use_index = can_search(con)
    terms = query.terms(stopwords(con) if use_index else FALLBACK_STOPWORDS)
    params: list = []
    if use_index and terms:
        s = INDEX_SCHEMA
        steps = [f"""qterms AS (SELECT DISTINCT termid FROM {s}.dict
                            WHERE term IN (SELECT stem(unnest(?::VARCHAR[]), 'porter'))),
            hits AS (SELECT t.docid, t.termid, count(*) AS tf FROM {s}.terms t
                     WHERE t.termid IN (SELECT termid FROM qterms) GROUP BY t.docid, t.termid),
            stems AS (SELECT count(DISTINCT stem(t, 'porter')) AS n FROM (SELECT unnest(?::VARCHAR[]) AS t)),
            docs_all AS (SELECT docid FROM hits GROUP BY docid HAVING count(*) = (SELECT n FROM stems)),
            scores AS MATERIALIZED (
                SELECT d.name AS id, sum(log(((st.num_docs - dc.df) + 0.5) / (dc.df + 0.5) + 1)
                       * (h.tf * 2.2) / (h.tf + 1.2 * (0.25 + 0.75 * d.len / st.avgdl))) AS score
                FROM hits h JOIN docs_all USING (docid) JOIN {s}.docs d ON d.docid = h.docid
                JOIN {s}.dict dc ON dc.termid = h.termid, {s}.stats st
                GROUP BY d.name)"""]
        params += [terms, terms]
    else:  # no index (or only stop words): every word (or the phrase of them) as a substring
        conditions, word_params = [], []
        if not terms:
            conditions.append(f"regexp_matches(lower({text_expr}), ?)")
            word_params.append(phrase_pattern(query.words))
        for word in terms:
            conditions.append(f"contains(lower({text_expr}), ?)")
            word_params.append(word)
        steps = ["scores AS MATERIALIZED (SELECT a.id, 0.0::DOUBLE AS score FROM articles a WHERE "
                 + " AND ".join(conditions or ["true"]) + ")"]
        params += word_params
    if phrase_filters:
        steps.append("with_text AS MATERIALIZED (SELECT sc.id, sc.score, a.title, a.text FROM scores sc "
                     "JOIN articles a ON a.id = sc.id)")
        steps.append("kept AS (SELECT id, score FROM with_text a WHERE " + " AND ".join(phrase_filters) + ")")
        params += phrase_params
    else:
        steps.append("kept AS (SELECT id, score FROM scores)")
    if whole:
        steps.append(f"""top AS MATERIALIZED (SELECT id, score FROM kept ORDER BY score DESC, id LIMIT {BOOSTED}),
            boost AS (SELECT t.id, CASE WHEN regexp_matches(lower({text_expr}), ?) THEN 1000 ELSE 0 END AS b
                      FROM top t JOIN articles a ON a.id = t.id)""")
        params.append(whole)
        final = "SELECT k.id, k.score + coalesce(b.b, 0) AS score FROM kept k LEFT JOIN boost b ON b.id = k.id"
    else:
        final = "SELECT id, score FROM kept"
    return "WITH " + ",\n            ".join(steps) + "\n        " + final, params


def snippet(text: str, query: Query, stop: frozenset[str] = frozenset(), width: int = 220) -> dict:
    """The passage of ``text`` to show for a result: ``{"text", "highlights": [[start, end], ...]}``.

    Highlights are offsets into the snippet's text of the query's phrases and words (a word
    matches the words starting with it: "summit" highlights "summits"), around the first
    match; "…" marks cut ends.
    """
    lower = text.lower()
    spans: list[tuple[int, int]] = []
    for words in query.phrases + ([query.words] if len(query.words) > 1 else []):
        for m in re.finditer(phrase_pattern(words), lower):
            start = m.start() + len(m.group(1))
            spans.append((start, m.end() - len(m.group(2))))
    for word in query.terms(stop) or query.words:
        for m in re.finditer(r"(?<![^\W\d_])" + re.escape(word) + r"[^\W\d_]*", lower):
            spans.append(m.span())
    spans.sort()
    merged: list[list[int]] = []
    for s, e in spans:  # overlapping, or apart by spaces and hyphens only ("Moon" "Jae-in"): one mark
        if merged and (s <= merged[-1][1] or not text[merged[-1][1]:s].strip(" -\u2010\u2011")):
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    first = merged[0][0] if merged else 0
    start = max(0, first - width // 3)
    if start:  # begin at a word
        space = text.rfind(" ", 0, start)
        start = space + 1 if space >= 0 and start - space < 30 else start
    end = min(len(text), start + width)
    if end < len(text):
        space = text.find(" ", end)
        end = space if 0 <= space - end < 30 else end
    prefix = "…" if start else ""
    shown = prefix + text[start:end].replace("\n", " ") + ("…" if end < len(text) else "")
    marks = [[s - start + len(prefix), e - start + len(prefix)] for s, e in merged if s >= start and e <= end]
    return {"text": shown, "highlights": marks}
