"""Runs the tidings pipeline over corpora too large for one machine, on Apache Spark.

Two layers:

* ``analyze_partition(rows, options=...)`` is plain Python (no Spark needed): it turns an
  iterable of JSONL input rows into Analysis dicts (``Analysis.as_dict()``, the
  ``tidings extract`` format) and ``{"id", "source", "error"}`` rows for documents that
  fail. It never raises for a bad document, so one bad row never kills a partition.
* ``run_spark(input_path, output_path, ...)`` reads JSONL lines (or whole text files),
  repartitions, runs ``analyze_partition`` in ``mapPartitions`` and writes JSONL analyses
  or Parquet event rows (the columns of the store's ``events`` table), plus the errors.

pyspark is an optional extra (``pip install tidings[spark]``); it is imported only inside
``run_spark``, and its absence is the one-line error T320. See docs/spark.md.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterable, Iterator
from typing import Any, NamedTuple

from .errors import ConfigError, InputError, TidingsError

log = logging.getLogger(__name__)

INPUT_FORMATS = ("jsonl", "text")
OUTPUT_FORMATS = ("jsonl", "parquet")
OPTION_KEYS = ("raw", "dct", "stages", "pipeline", "batch_size", "source")
INTERNAL = "T149"  # the ingest code for an internal error while reading one input


class SparkMissingError(TidingsError):
    """pyspark is not installed (it is the optional ``spark`` extra)."""

    code = "T320"


class SparkJobError(TidingsError):
    """The Spark job itself failed (not one document: those become error rows)."""

    code = "T321"


# --------------------------------------------------------------------------- the partition function


def pipeline_options(options: dict[str, Any] | None):
    """Check an options dict and return ``(pipeline.Options, dct, batch_size, source)``.

    Keys: ``raw`` (bool), ``dct`` (YYYY-MM-DD for every row; a row's own ``dct`` wins),
    ``stages`` (a subset of ``pipeline.STAGES``), ``pipeline`` (spaCy pipeline name),
    ``batch_size`` (documents parsed together, default 32), ``source`` (prefix naming rows
    that carry no source of their own, default ``"row"``). Raises ConfigError (T300).
    """
    from .pipeline import STAGES, Options, validate_dct

    options = dict(options or {})
    unknown = sorted(set(options) - set(OPTION_KEYS))
    if unknown:
        raise ConfigError(f"unknown option(s) {unknown}; known: {', '.join(OPTION_KEYS)}")
    stages = options.get("stages")
    if stages is None:
        stages = STAGES
    elif isinstance(stages, str):
        stages = tuple(s.strip() for s in stages.split(",") if s.strip())
    stages = tuple(stages)
    bad = sorted(set(stages) - set(STAGES))
    if bad:
        raise ConfigError(f"unknown stage(s) {bad}; known: {', '.join(STAGES)}")
    batch_size = options.get("batch_size", 32)
    if not isinstance(batch_size, int) or isinstance(batch_size, bool) or batch_size < 1:
        raise ConfigError(f"batch_size must be a positive whole number, not {batch_size!r}")
    opts = Options(raw=bool(options.get("raw", False)), pipeline=options.get("pipeline"), stages=stages)
    return opts, validate_dct(options.get("dct")), batch_size, str(options.get("source") or "row")


def analyze_partition(rows: Iterable, *, options: dict[str, Any] | None = None) -> Iterator[dict]:
    """Analyze one partition of input rows; yield one output dict per row, in order.

    A row is a dict in the JSONL input format of ``tidings.ingest``
    (``{"id"?, "text"|"html", "url"?, "title"?, "date"?, "dct"?, "outlet"?}``), a JSONL
    line as a string, a ``(source, dict | str)`` pair naming where it came from, or a
    ``TextDocument(source, text)`` (one whole text or HTML file, read like ``tidings extract``
    reads a .txt file).
    Output: ``Analysis.as_dict()`` for a document analysed, ``{"id", "source", "error"}``
    (the error line with its ``[Txxx]`` code) for one that could not be read or analysed.
    Only invalid ``options`` raise (ConfigError, before any row is read).
    """
    opts, dct, batch_size, prefix = pipeline_options(options)
    batch: list = []
    for n, row in enumerate(rows, 1):
        batch.append(_article(row, f"{prefix}:{n}", opts.raw))
        if len(batch) >= batch_size:
            yield from _analyze_batch(batch, opts, dct)
            batch = []
    if batch:
        yield from _analyze_batch(batch, opts, dct)


class TextDocument(NamedTuple):
    """A row that is one whole text or HTML file (``--input-format text``), not a JSONL object."""

    source: str
    text: str


def _article(row, source: str, raw: bool):
    """An Article, or a ReadError saying why the row can't be one (never raises)."""
    from .clean import article_from_input
    from .ingest import ReadError
    from .ingest.decode import EMPTY, Refused
    from .ingest.readers import Options as ReaderOptions
    from .ingest.readers import _jsonl_article, error

    if isinstance(row, TextDocument):
        source = row.source
    elif isinstance(row, tuple) and len(row) == 2 and isinstance(row[0], str):
        source, row = row
    try:
        if isinstance(row, TextDocument):
            if not row.text.strip():
                raise Refused(EMPTY, "the file is empty or whitespace-only")
            article = article_from_input(row.text, raw=raw, source=source)
            article.meta.setdefault("input_format", "text")
            return article
        if isinstance(row, dict):
            line = json.dumps(row, ensure_ascii=False, default=str)
        elif isinstance(row, str):
            line = row
        else:
            return ReadError(source, f"[T107] the row is not a JSON object or JSONL line "
                                     f"(it is a {type(row).__name__})", "T107")
        opts = ReaderOptions(input_format="jsonl", fetch_links=False, max_bytes=10 * 1024 * 1024,
                             encoding=None, raw=raw)
        article = _jsonl_article(line, source, opts)
        article.source = source
        return article
    except InputError as err:
        return error(source, err)
    except Exception as exc:  # noqa: BLE001 - one bad row must not end the partition
        log.debug("internal error while reading %s", source, exc_info=True)
        return ReadError(source, f"[{INTERNAL}] internal error while reading ({type(exc).__name__}: {exc})",
                         INTERNAL)


def _analyze_batch(batch: list, opts, dct: str | None) -> Iterator[dict]:
    """Analyze a batch together; if the batch itself fails (e.g. in parsing), one by one."""
    from .pipeline import analyze_stream

    try:
        results = list(analyze_stream(batch, opts, dct=dct, batch_size=len(batch)))
    except Exception:  # noqa: BLE001 - find the one document that breaks the batch
        log.debug("batch failed; analysing its documents one by one", exc_info=True)
        results = []
        for item in batch:
            try:
                results.extend(analyze_stream([item], opts, dct=dct))
            except Exception as exc:  # noqa: BLE001
                results.append((item, exc))
    for item, result in results:
        yield _output_row(item, result)


def _output_row(item, result) -> dict:
    from .ingest import ReadError
    from .model import Analysis

    if isinstance(item, ReadError):
        return {"id": None, "source": item.source, "error": item.reason}
    if isinstance(result, Analysis):
        return result.as_dict()
    message = str(result) if isinstance(result, TidingsError) else \
        f"[T500] analysis failed: {type(result).__name__}: {result}"
    return {"id": item.id, "source": item.source, "error": " ".join(message.split())}


def is_error(row: dict) -> bool:
    """True for the error rows ``analyze_partition`` yields."""
    return "error" in row and "text" not in row


# --------------------------------------------------------------------------- event rows (Parquet)

# the store's ``events`` table columns, in order, with their Spark type names
EVENT_COLUMNS = (
    ("article_id", "string"), ("n", "int"), ("type", "string"), ("mode", "string"),
    ("cameo", "string"), ("quad", "int"), ("goldstein", "double"), ("date", "string"),
    ("date_start", "date"), ("date_end", "date"), ("date_source", "string"), ("modality", "string"),
    ("place_name", "string"), ("place_country", "string"), ("place_lat", "double"),
    ("place_lon", "double"), ("place_start", "int"), ("place_end", "int"), ("place_text", "string"),
    ("sentence_start", "int"), ("sentence_end", "int"), ("sentence_text", "string"),
    ("trigger_start", "int"), ("trigger_end", "int"), ("trigger_text", "string"),
    ("confidence", "double"), ("actors", "string"), ("recipients", "string"),
    ("actor_codes", "string"), ("recipient_codes", "string"),
    ("actor_names", "string"), ("recipient_names", "string"),
)
ERROR_COLUMNS = (("id", "string"), ("source", "string"), ("error", "string"))


def event_rows(analysis: dict) -> list[tuple]:
    """The flat event rows of one Analysis dict, as tuples in ``EVENT_COLUMNS`` order."""
    from .model import Analysis
    from .store.write import record_rows

    rows = record_rows(Analysis.from_dict(analysis))["events"]
    return [tuple(row.get(name) for name, _ in EVENT_COLUMNS) for row in rows]


# --------------------------------------------------------------------------- the Spark job


def _import_pyspark():
    try:
        import pyspark  # noqa: F401
        from pyspark.sql import SparkSession
    except ImportError as exc:
        raise SparkMissingError("the spark runner needs pyspark: pip install 'tidings[spark]' "
                                "(pyspark==4.3.0) and a Java 17+ runtime") from exc
    return SparkSession


def _schema(columns):
    from pyspark.sql import types as T

    kinds = {"string": T.StringType(), "int": T.IntegerType(), "double": T.DoubleType(),
             "date": T.DateType(), "boolean": T.BooleanType()}
    return T.StructType([T.StructField(name, kinds[kind], True) for name, kind in columns])


def run_spark(input_path: str, output_path: str, *, input_format: str = "jsonl",
              output_format: str = "jsonl", partitions: int | None = None, master: str | None = None,
              options: dict[str, Any] | None = None, spark=None, link: bool = False,
              threshold: float = 0.8) -> dict[str, int]:
    """Analyze a corpus on Spark and write ``output_path/analyses`` (or ``events``) and ``errors``.

    ``input_format``: ``jsonl`` (one document per line, any Hadoop path or glob) or ``text``
    (one document per file, read with ``wholeTextFiles``). ``output_format``: ``jsonl``
    writes ``analyses/`` (one Analysis JSON per line, the ``tidings extract`` format) and
    ``errors/`` as JSON lines; ``parquet`` writes ``events/`` (one row per event, the
    store's ``events`` columns, ``article_id`` first) and ``errors/`` as Parquet.
    ``partitions`` repartitions the input (default: Spark's); ``master`` e.g. ``local[2]``
    (default: the session's); a ``spark`` session passed in, or one already active in this
    process, is used as is and left open; a session started here is stopped at the end.
    Returns counts: ``{"documents", "analyses", "errors", "events"}``.

    ``link`` (Parquet output only): one analysis per clean text, every source kept as a
    sighting, and the corpus linked on Spark with the blocking keys of ``link.keys``; writes
    ``articles``, ``sightings``, ``events``, ``errors``, ``keys``, ``duplicates``,
    ``merged_events`` and ``merged_mentions`` (``threshold``: the near-duplicate Jaccard),
    which ``tidings load`` reads into a store. The counts then add ``texts``, ``sightings``,
    ``duplicate_pairs``, ``merged_events`` and ``components``.
    """
    if input_format not in INPUT_FORMATS:
        raise ConfigError(f"unknown input format {input_format!r}; use one of {', '.join(INPUT_FORMATS)}")
    if output_format not in OUTPUT_FORMATS:
        raise ConfigError(f"unknown output format {output_format!r}; use one of {', '.join(OUTPUT_FORMATS)}")
    if link and output_format != "parquet":
        raise ConfigError("linking on Spark writes Parquet: use --format parquet with --link")
    if not 0.0 < threshold <= 1.0:
        raise ConfigError(f"duplicate threshold must be in (0, 1], got {threshold}")
    if partitions is not None and (not isinstance(partitions, int) or partitions < 1):
        raise ConfigError(f"partitions must be a positive whole number, not {partitions!r}")
    options = dict(options or {})
    pipeline_options(options)  # fail on bad options here, not in every task
    if "://" not in str(output_path) and os.path.exists(output_path):
        raise ConfigError(f"the output {output_path} exists already; remove it or pick another")
    if "://" not in str(input_path) and not any(ch in str(input_path) for ch in "*?[") \
            and not os.path.exists(input_path):
        raise ConfigError(f"no such input: {input_path}")
    SparkSession = _import_pyspark()
    from pyspark import StorageLevel

    if spark is None:
        spark = SparkSession.getActiveSession()  # e.g. inside pyspark or a notebook: keep it open
    own_session = spark is None
    try:
        if own_session:
            builder = SparkSession.builder.appName("tidings").config("spark.ui.showConsoleProgress", "false")
            if master:
                builder = builder.master(master)
            spark = builder.getOrCreate()
            spark.sparkContext.setLogLevel("INFO" if log.isEnabledFor(logging.DEBUG) else "ERROR")
        if link:
            return _run_link(spark, str(input_path), str(output_path), input_format, partitions, options,
                             StorageLevel.MEMORY_AND_DISK, threshold)
        return _run(spark, str(input_path), str(output_path), input_format, output_format,
                    partitions, options, StorageLevel.MEMORY_AND_DISK)
    except TidingsError:
        raise
    except Exception as exc:  # Py4J / Spark errors: one line for the user, the rest in the debug log
        log.debug("the Spark job failed", exc_info=True)
        raise SparkJobError(f"the Spark job failed: {_job_error_line(exc)}") from exc
    finally:
        if own_session and spark is not None:
            spark.stop()


def input_rows(spark, input_path: str, input_format: str = "jsonl", partitions: int | None = None):
    """The RDD of ``(source, row)`` pairs ``analyze_partition`` reads, spread over ``partitions``.

    JSONL: one pair per non-blank line, ``source`` = ``PATH:N`` with N the line's number in
    Spark's order of the input (the line number for one file). Text: one pair per file.
    """
    sc = spark.sparkContext
    if input_format == "jsonl":
        numbered = sc.textFile(input_path).zipWithIndex() \
            .filter(lambda pair: pair[0].strip() != "") \
            .map(lambda pair: (pair[1], (f"{input_path}:{pair[1] + 1}", pair[0])))
    else:
        numbered = sc.wholeTextFiles(input_path).zipWithIndex() \
            .map(lambda pair: (pair[1], TextDocument(*pair[0])))
    if partitions:
        # deal documents out by number: RDD.repartition moves pickled batches of rows, which
        # can leave one partition (and one core) with most of the documents
        numbered = numbered.partitionBy(partitions, lambda n: n)
    return numbered.values()


def _job_error_line(exc: Exception) -> str:
    """One informative line from a Spark error: the Java exception, or a Python worker's last line."""
    java = getattr(exc, "java_exception", None)  # py4j's Py4JJavaError
    text = str(java.toString()) if java is not None else str(exc)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not lines:
        return type(exc).__name__
    line = (lines[-1] if "Traceback (most recent call last)" in text else lines[0])[:300]
    if "JAVA_GATEWAY_EXITED" in line:
        line += " (is Java 17+ installed, and JAVA_HOME right?)"
    return line


def _run(spark, input_path, output_path, input_format, output_format, partitions, options, level):
    from .export import json_line  # U+2028/U+2029/U+0085 escaped, lone surrogates kept as escapes

    rows = input_rows(spark, input_path, input_format, partitions)
    part_options = dict(options)

    def run_partition(items):
        return analyze_partition(items, options=part_options)

    results = rows.mapPartitions(run_partition).persist(level)
    try:
        analyses = results.filter(lambda row: not is_error(row))
        errors = results.filter(is_error)
        counts = {"documents": results.count(), "errors": errors.count()}
        counts["analyses"] = counts["documents"] - counts["errors"]
        if output_format == "jsonl":
            analyses.map(json_line) \
                .saveAsTextFile(os.path.join(output_path, "analyses"))
            errors.map(json_line) \
                .saveAsTextFile(os.path.join(output_path, "errors"))
            counts["events"] = analyses.map(lambda row: len(row.get("events") or [])).sum()
        else:
            events = analyses.flatMap(event_rows)
            frame = spark.createDataFrame(events, _schema(EVENT_COLUMNS))
            frame.write.parquet(os.path.join(output_path, "events"))
            counts["events"] = spark.read.parquet(os.path.join(output_path, "events")).count()
            error_frame = spark.createDataFrame(
                errors.map(lambda row: tuple(row.get(name) for name, _ in ERROR_COLUMNS)),
                _schema(ERROR_COLUMNS))
            error_frame.write.parquet(os.path.join(output_path, "errors"))
        counts["events"] = int(counts["events"])
        return counts
    finally:
        results.unpersist()


# --------------------------------------------------------------------------- linking on Spark
#
# ``run_spark(..., link=True)`` (``tidings spark --link``, Parquet output) reads every row into
# an Article keyed by its text (``store.sightings.own_id``), keeps one Article per text with the
# sightings of all its sources, analyses each text once, and links the corpus with the blocking
# keys of ``tidings.link.keys``: keys are exploded into (key, member) rows, grouped, and the
# groups' star edges joined into connected components with DataFrames. Near-duplicate pairs
# are the band-key groups' pairs with an exact Jaccard >= the threshold; merged events are
# ``link.merge_events`` run inside each connected component of the event keys. The Parquet
# folders are what ``tidings load`` (``store.load.load_spark``) reads into a store.

ARTICLE_COLUMNS = (
    ("id", "string"), ("source", "string"), ("url", "string"), ("outlet", "string"), ("title", "string"),
    ("byline", "string"), ("stated_date", "string"), ("dct_used", "string"), ("dct_source", "string"),
    ("dct_contradicted", "boolean"), ("language", "string"), ("text", "string"), ("raw", "string"),
    ("meta", "string"), ("analysis", "string"),
)
SIGHTING_COLUMNS = (
    ("article_id", "string"), ("key", "string"), ("source", "string"), ("url", "string"),
    ("outlet", "string"), ("title", "string"), ("stated_date", "string"), ("given_id", "string"),
)
KEY_COLUMNS = (("article_id", "string"), ("event_n", "int"), ("key", "string"))
DUPLICATE_COLUMNS = (("a", "string"), ("b", "string"), ("similarity", "double"), ("repost", "boolean"),
                     ("original", "string"), ("copy", "string"))
MERGED_COLUMNS = (
    ("id", "string"), ("type", "string"), ("cameo", "string"), ("quad", "int"), ("goldstein", "double"),
    ("date", "string"), ("date_start", "date"), ("date_end", "date"), ("actors", "string"),
    ("recipients", "string"), ("countries", "string"), ("place", "string"), ("place_country", "string"),
    ("modalities", "string"), ("n_mentions", "int"), ("n_articles", "int"), ("n_outlets", "int"),
)
MENTION_COLUMNS = (
    ("merged_id", "string"), ("article_id", "string"), ("event_n", "int"), ("sentence_start", "int"),
    ("sentence_end", "int"), ("sentence_text", "string"), ("trigger_start", "int"), ("trigger_end", "int"),
    ("trigger_text", "string"), ("date", "string"), ("modality", "string"), ("dated_by_article", "boolean"),
    ("outlet", "string"),
)
LINK_OUTPUTS = ("articles", "sightings", "events", "errors", "keys", "duplicates", "merged_events",
                "merged_mentions")
MAX_COMPONENT_ROUNDS = 60


def read_partition(rows: Iterable, *, raw: bool = False, prefix: str = "row") -> Iterator:
    """Rows as ``(content id, (order, Article dict, [sighting]))``, or error dicts (never raises)."""
    import datetime as dt

    from .ingest import ReadError
    from .store.sightings import own_id, sighting_row

    for n, (order, row) in enumerate(rows, 1):
        item = _article(row, f"{prefix}:{n}", raw)
        if isinstance(item, ReadError):
            yield {"id": None, "source": item.source, "error": item.reason}
            continue
        own_id(item)
        seen = sighting_row(item, None, dt.datetime(1970, 1, 1))
        seen.pop("run_id"), seen.pop("seen_at")
        yield item.id, (order, item.as_dict(), [seen])


def _first_copy(a: tuple, b: tuple) -> tuple:
    """One text read twice: the copy read first is the article, every source is a sighting."""
    first, second = (a, b) if a[0] <= b[0] else (b, a)
    return first[0], first[1], first[2] + second[2]


def analyze_articles(items: Iterable, *, options: dict[str, Any] | None = None) -> Iterator[dict]:
    """``(order, Article dict, sightings)`` -> ``{"analysis", "article", "sightings"}`` or an error row."""
    from .model import Article
    from .store.write import article_row

    opts, dct, batch_size, _ = pipeline_options(options)
    batch: list = []

    def flush():
        articles = [Article.from_dict(a) for _, a, _ in batch]
        for (_, _, seen), article, row in zip(batch, articles, _analyze_batch(articles, opts, dct), strict=True):
            if is_error(row):
                yield row
                continue
            from .model import Analysis

            record = article_row(article, Analysis.from_dict(row), None, None)
            record.pop("run_id"), record.pop("ingested_at")
            yield {"analysis": row, "article": record, "sightings": seen}

    for item in items:
        batch.append(item)
        if len(batch) >= batch_size:
            yield from flush()
            batch = []
    if batch:
        yield from flush()


def key_rows(analysis: dict, rows: int | None = None) -> list[tuple]:
    """``(article_id, event_n, key, role)`` for every blocking key of one analysis.

    ``role``: ``D`` a near-duplicate band key (``rows`` per band, see ``keys.band_rows``),
    ``S`` a key whose holders are all compared (an anchor's day, a loose mention's exact
    value), ``F`` a key an anchor is found under, ``L`` a key a loose mention looks anchors
    up with, ``T`` a story signature key.
    """
    from .link import keys
    from .model import Analysis

    a = Analysis.from_dict(analysis)
    out = [(a.id, None, k, "D") for k in keys.duplicate_keys(a.text, rows or keys.ROWS)]
    for f in keys.article_mentions(a):
        out += [(a.id, f.event_n, k, "S") for k in keys.anchor_keys(f) + keys.equal_keys(f)]
        out += [(a.id, f.event_n, k, "F") for k in keys.found_keys(f)]
        out += [(a.id, f.event_n, k, "L") for k in keys.lookup_keys(f)]
    out += [(a.id, None, k, "T") for k in keys.story_keys(a)]
    return out


def mention_rows(analysis: dict) -> list[tuple[str, dict]]:
    """``(mention id, MentionFeatures dict)`` of every matchable event mention of one analysis."""
    from .link.keys import article_mentions
    from .model import Analysis

    return [(f.mid, f.as_dict()) for f in article_mentions(Analysis.from_dict(analysis))]


def merge_component(component: str, features: Iterable[dict]) -> list[tuple[str, list, list]]:
    """The merged events of one connected component of event keys (``link.merge.link_batch``).

    A component holds every mention any of its mentions can be compared with, so linking it
    alone gives what linking the whole corpus gives for it (``link_batch`` is a function of
    the set of mentions, and its ids, ``merge.event_id``, of the mentions). Returns
    ``(component, merged rows, mention rows)`` with the store's columns.
    """
    from .link.keys import MentionFeatures
    from .link.merge import LinkState, events_of, link_batch
    from .store.link import link_rows

    state = LinkState()
    link_batch(state, [MentionFeatures.from_dict(f) for f in features])
    rows = link_rows([], events_of(state), [], {})
    return [(component, rows["merged_events"], rows["merged_mentions"])]


def connected_components(spark, edges, vertices):
    """Connected components of an undirected graph in DataFrames: each vertex's smallest member.

    ``edges``: DataFrame ``(src, dst)``; ``vertices``: DataFrame ``(id)``. Labels start as the
    vertex itself and take the smallest label among their neighbours until none changes (each
    round is a join and a group-by; the rounds needed grow with the components' diameter,
    which star edges keep small).
    """
    from pyspark.sql import functions as F

    both = edges.select("src", "dst").union(edges.select(F.col("dst").alias("src"), F.col("src").alias("dst"))) \
        .distinct().localCheckpoint()
    labels = vertices.select(F.col("id"), F.col("id").alias("label")).distinct().localCheckpoint()
    for _ in range(MAX_COMPONENT_ROUNDS):
        offered = both.join(labels, both.src == labels.id).select(F.col("dst").alias("id"), "label")
        new = labels.union(offered).groupBy("id").agg(F.min("label").alias("label")).localCheckpoint()
        changed = new.alias("n").join(labels.alias("o"), "id").where(F.col("n.label") != F.col("o.label")).count()
        labels = new
        if not changed:
            return labels
    raise SparkJobError(f"connected components did not settle in {MAX_COMPONENT_ROUNDS} rounds")


def star_edges(key_frame, roles_all: str, roles_look: str, roles_found: str):
    """Edges joining the holders of one key: every holder with role in ``roles_all`` to the
    smallest of them; every ``roles_found`` / ``roles_look`` holder to the smallest ``roles_look``
    holder (an anchor is only reached by the loose mentions that look it up)."""
    from pyspark.sql import functions as F

    sym = key_frame.where(F.col("role").isin(list(roles_all)))
    root = sym.groupBy("key").agg(F.min("member").alias("root"))
    edges = sym.join(root, "key").select(F.col("member").alias("src"), F.col("root").alias("dst"))
    if roles_look:
        look = key_frame.where(F.col("role").isin(list(roles_look)))
        lroot = look.groupBy("key").agg(F.min("member").alias("root"))
        reach = key_frame.where(F.col("role").isin(list(roles_look + roles_found)))
        edges = edges.union(reach.join(lroot, "key").select(F.col("member").alias("src"),
                                                             F.col("root").alias("dst")))
    return edges.where(F.col("src") != F.col("dst"))


def duplicate_pairs(candidates: Iterable[tuple[str, list[str]]]) -> Iterator[tuple[str, str]]:
    """The id pairs of each band-key group (sorted, a < b)."""
    for _, ids in candidates:
        ids = sorted(set(ids))
        for i, a in enumerate(ids):
            for b in ids[i + 1:]:
                yield a, b


def check_pair(a: dict, b: dict, threshold: float) -> tuple | None:
    """A candidate pair (``{"id", "dct", "text"}`` each) as a duplicates row, or None below ``threshold``."""
    from .link.duplicates import check_pair as check
    from .model import Analysis, DocDate

    def analysis(x: dict) -> Analysis:
        return Analysis(id=x["id"], title=None, outlet=None, byline=None, dct=DocDate.from_dict(x["dct"]),
                        text=x["text"])

    pair = check(analysis(a), analysis(b), threshold)
    return None if pair is None else (pair.a, pair.b, pair.similarity, pair.repost, pair.original, pair.copy)


def _run_link(spark, input_path, output_path, input_format, partitions, options, level, threshold):
    from pyspark.sql import functions as F

    from .link.keys import band_rows

    opts = dict(options)
    raw, prefix = bool(opts.get("raw", False)), str(opts.get("source") or "row")
    numbered = input_rows(spark, input_path, input_format, None).zipWithIndex().map(lambda p: (p[1], p[0]))
    read = numbered.mapPartitions(lambda rows: read_partition(rows, raw=raw, prefix=prefix)).persist(level)
    try:
        read_errors = read.filter(lambda r: isinstance(r, dict))
        texts = read.filter(lambda r: not isinstance(r, dict)).reduceByKey(_first_copy).values()
        texts = texts.zipWithIndex().map(lambda p: (p[1], p[0]))
        if partitions:
            texts = texts.partitionBy(partitions, lambda n: n)
        done = texts.values().mapPartitions(lambda items: analyze_articles(items, options=opts)).persist(level)
        ok = done.filter(lambda r: "analysis" in r)
        errors = read_errors.union(done.filter(lambda r: "analysis" not in r))
        counts = {"documents": read.count(), "texts": texts.count(), "errors": errors.count()}
        counts["analyses"] = counts["texts"] - (counts["errors"] - read_errors.count())

        def write(name, rdd, columns):
            frame = spark.createDataFrame(rdd, _schema(columns))
            frame.write.parquet(os.path.join(output_path, name))
            return spark.read.parquet(os.path.join(output_path, name))

        names = [n for n, _ in ARTICLE_COLUMNS]
        write("articles", ok.map(lambda r: tuple(r["article"][n] for n in names)), ARTICLE_COLUMNS)
        snames = [n for n, _ in SIGHTING_COLUMNS]
        write("sightings", ok.flatMap(lambda r: [tuple(s[n] for n in snames) for s in r["sightings"]]),
              SIGHTING_COLUMNS)
        counts["sightings"] = spark.read.parquet(os.path.join(output_path, "sightings")).count()
        analyses = ok.map(lambda r: r["analysis"])
        counts["events"] = write("events", analyses.flatMap(event_rows), EVENT_COLUMNS).count()
        write("errors", errors.map(lambda row: tuple(row.get(n) for n, _ in ERROR_COLUMNS)), ERROR_COLUMNS)

        rows = band_rows(threshold)
        keys = write("keys", analyses.flatMap(lambda a: key_rows(a, rows)), KEY_COLUMNS + (("role", "string"),))
        # near-duplicates: the pairs of each band-key group, checked with the exact Jaccard
        groups = keys.where(F.col("role") == "D").groupBy("key") \
            .agg(F.collect_set("article_id").alias("ids")).where(F.size("ids") > 1)
        shells = analyses.map(lambda a: (a["id"], {"id": a["id"], "dct": a["dct"], "text": a["text"]}))
        pairs = groups.rdd.map(lambda r: (r.key, r.ids)).mapPartitions(duplicate_pairs).distinct()
        checked = pairs.join(shells).map(lambda p: (p[1][0], (p[0], p[1][1]))).join(shells) \
            .map(lambda p: check_pair(p[1][0][1], p[1][1], threshold)).filter(lambda r: r is not None)
        counts["duplicate_pairs"] = write("duplicates", checked, DUPLICATE_COLUMNS).count()
        # merged events: connected components of the mentions over the event keys, merged inside each
        mentions = keys.where(F.col("role").isin(["S", "F", "L"])) \
            .select("key", "role", F.concat_ws(":", "article_id", F.col("event_n").cast("string")).alias("member"))
        edges = star_edges(mentions, "S", "L", "F")
        vertices = mentions.select(F.col("member").alias("id"))
        labels = connected_components(spark, edges, vertices)
        merged = labels.rdd.map(lambda r: (r.id, r.label)).join(analyses.flatMap(mention_rows)) \
            .map(lambda p: p[1]).groupByKey() \
            .flatMap(lambda g: merge_component(g[0], g[1])).persist(level)
        mnames, xnames = [n for n, _ in MERGED_COLUMNS], [n for n, _ in MENTION_COLUMNS]
        counts["merged_events"] = write("merged_events", merged.flatMap(
            lambda g: [tuple(r[n] for n in mnames) for r in g[1]]), MERGED_COLUMNS).count()
        write("merged_mentions", merged.flatMap(lambda g: [tuple(r[n] for n in xnames) for r in g[2]]),
              MENTION_COLUMNS)
        counts["components"] = labels.select("label").distinct().count()
        merged.unpersist()
        done.unpersist()
        return {k: int(v) for k, v in counts.items()}
    finally:
        read.unpersist()
