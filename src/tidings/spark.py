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
             "date": T.DateType()}
    return T.StructType([T.StructField(name, kinds[kind], True) for name, kind in columns])


def run_spark(input_path: str, output_path: str, *, input_format: str = "jsonl",
              output_format: str = "jsonl", partitions: int | None = None, master: str | None = None,
              options: dict[str, Any] | None = None, spark=None) -> dict[str, int]:
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
    """
    if input_format not in INPUT_FORMATS:
        raise ConfigError(f"unknown input format {input_format!r}; use one of {', '.join(INPUT_FORMATS)}")
    if output_format not in OUTPUT_FORMATS:
        raise ConfigError(f"unknown output format {output_format!r}; use one of {', '.join(OUTPUT_FORMATS)}")
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
            analyses.map(lambda row: json.dumps(row, ensure_ascii=False)) \
                .saveAsTextFile(os.path.join(output_path, "analyses"))
            errors.map(lambda row: json.dumps(row, ensure_ascii=False)) \
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
