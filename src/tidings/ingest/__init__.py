"""Reads news documents from files, folders, stdin, feeds and web archives into Articles.

``read_inputs`` streams one Article per document, in input order, and one
``ReadError`` for each input (or JSONL line, feed entry, WARC record) it cannot
read; no exception escapes the iterator for bad input. Formats, limits and the
T1xx error codes are documented in docs/ingest.md.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Iterator
from pathlib import Path

from ..errors import ConfigError, InputError
from ..model import Article
from .decode import (
    EMPTY,
    GZIP_MAGIC,
    INTERNAL,
    NOT_FOUND,
    TOO_BIG,
    UNREADABLE,
    GzipReader,
    Refused,
    read_limited,
    sniff_format,
)
from .fetch import fetch, is_url
from .readers import (
    Options,
    ReadError,
    error,
    read_feed,
    read_html,
    read_jsonl,
    read_text,
    read_warc,
)

log = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 10 * 1024 * 1024  # 10 MiB per document (per line for JSONL, per record for WARC)
FORMATS = ("text", "html", "jsonl", "feed", "warc")

# file name suffix (after removing .gz) -> reader
SUFFIX_FORMATS = {
    ".txt": "text", ".text": "text", ".md": "text",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".jsonl": "jsonl", ".ndjson": "jsonl",
    ".xml": "feed", ".rss": "feed", ".atom": "feed",
    ".warc": "warc",
}

__all__ = ["read_inputs", "ReadError", "DEFAULT_MAX_BYTES", "FORMATS", "SUFFIX_FORMATS", "format_for_name"]


def read_inputs(paths: list[str], *, input_format: str | None = None, fetch_links: bool = False,
                max_bytes: int = DEFAULT_MAX_BYTES, encoding: str | None = None,
                raw: bool = False) -> Iterator[Article | ReadError]:
    """Yield an Article or a ReadError for every document in ``paths``, streaming, in order.

    ``paths`` holds files, folders (read recursively, sorted, hidden files skipped),
    ``-`` for stdin and http(s) URLs of feeds. ``input_format`` forces a reader
    (one of FORMATS); ``encoding`` decodes non-UTF-8 input; ``raw`` keeps each text
    verbatim. Invalid options raise ConfigError here, before anything is read.
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    if input_format is not None and input_format not in FORMATS:
        raise ConfigError(f"unknown input format {input_format!r}; use one of {', '.join(FORMATS)}")
    if not isinstance(max_bytes, int) or max_bytes <= 0:
        raise ConfigError(f"max_bytes must be a positive number of bytes, not {max_bytes!r}")
    if encoding is not None:
        import codecs

        try:
            codecs.lookup(encoding)
        except LookupError as exc:
            raise ConfigError(f"unknown encoding {encoding!r}") from exc
    opts = Options(input_format=input_format, fetch_links=fetch_links, max_bytes=max_bytes,
                   encoding=encoding, raw=raw)
    return _read_all([str(p) for p in paths], opts)


def _read_all(paths: list[str], opts: Options) -> Iterator[Article | ReadError]:
    for path in paths:
        if path == "-":
            yield from _guard("-", _read_stdin(opts))
        elif is_url(path):
            yield from _guard(path, _read_url(path, opts))
        else:
            yield from _read_path(Path(path), path, opts)


def _guard(source: str, items: Iterator[Article | ReadError]) -> Iterator[Article | ReadError]:
    """Pass items through; a refusal or OS error while reading ends this input with one ReadError."""
    try:
        yield from items
    except InputError as err:
        yield error(source, err)
    except OSError as err:
        yield ReadError(source, f"[{UNREADABLE}] cannot read: {err.strerror or err}", UNREADABLE)
    except Exception as err:  # noqa: BLE001 - a bug must not end the batch: report it as this input's error
        log.exception("internal error while reading %s", source)
        yield ReadError(source, f"[{INTERNAL}] internal error while reading ({type(err).__name__}: {err}); "
                                "please report it", INTERNAL)


def _read_path(path: Path, source: str, opts: Options) -> Iterator[Article | ReadError]:
    if not path.exists():
        yield ReadError(source, f"[{NOT_FOUND}] no such file or folder", NOT_FOUND)
    elif path.is_dir():
        files = walk(path)
        if not files:
            yield ReadError(source, f"[{EMPTY}] the folder holds no files (hidden files are skipped)", EMPTY)
        for file in files:
            yield from _guard(str(file), _read_file(file, str(file), opts))
    elif path.is_file():
        yield from _guard(source, _read_file(path, source, opts))
    else:
        yield from _guard(source, _read_file(path, source, opts))  # refused: a FIFO, device or socket


def walk(folder: Path) -> list[Path]:
    """Every non-hidden file under ``folder``, recursively, sorted by path."""
    found = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found.extend(Path(root) / f for f in files if not f.startswith("."))
    return sorted(found, key=lambda p: p.relative_to(folder).parts)


def format_for_name(name: str) -> str | None:
    """The reader a file name asks for (``a.jsonl.gz`` -> jsonl), or None to sniff the content."""
    lower = name.lower()
    if lower.endswith(".gz"):
        lower = lower[:-3]
    return SUFFIX_FORMATS.get(os.path.splitext(lower)[1])


def _open_regular(path: Path):
    """Open a regular file for reading; refuse (T113) a FIFO, device, socket or a link to one.

    Opened without blocking, then checked on the open descriptor: a FIFO never makes
    ``open`` wait for a writer, and ``/dev/zero`` (or a link to it) is not read forever.
    """
    import stat

    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            kind = ("a FIFO (named pipe)" if stat.S_ISFIFO(mode) else "a device" if stat.S_ISCHR(mode)
                    or stat.S_ISBLK(mode) else "a socket" if stat.S_ISSOCK(mode) else "not a regular file")
            raise Refused(UNREADABLE, f"not a regular file: {kind}" + (" (through a symbolic link)"
                                                                         if path.is_symlink() else ""))
        if getattr(os, "O_NONBLOCK", 0):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def _read_file(path: Path, source: str, opts: Options) -> Iterator[Article | ReadError]:
    with _open_regular(path) as handle:
        magic = handle.read(2)
        handle.seek(0)
        compressed = magic == GZIP_MAGIC
        if not compressed and path.stat().st_size == 0:
            raise Refused(EMPTY, "the file is empty")
        fmt = opts.input_format or format_for_name(path.name)
        stream = GzipReader(handle) if compressed else handle
        if fmt is None:
            head = stream.read(4096)
            fmt = sniff_format(head)
            if compressed:
                handle.seek(0)
                stream = GzipReader(handle)
            else:
                handle.seek(0)
        if not compressed and fmt in ("text", "html", "feed") and path.stat().st_size > opts.max_bytes:
            raise Refused(TOO_BIG, f"the file is larger than the limit of {opts.max_bytes:,} bytes (max_bytes)")
        yield from _read_stream(stream, source, fmt, opts)


def _read_stream(stream, source: str, fmt: str, opts: Options, url: str | None = None,
                 charset: str | None = None) -> Iterator[Article | ReadError]:
    if fmt == "jsonl":
        if not hasattr(stream, "peek"):
            stream = _Peekable(stream)
        yield from read_jsonl(stream, source, opts)
    elif fmt == "warc":
        yield from read_warc(stream, source, opts)
    else:
        data = read_limited(stream, opts.max_bytes)
        yield from _read_data(data, source, fmt, opts, url=url, charset=charset)


def _read_data(data: bytes, source: str, fmt: str, opts: Options, url: str | None = None,
               charset: str | None = None) -> Iterator[Article | ReadError]:
    if not data.strip():
        raise Refused(EMPTY, "the file is empty" if not data else "the file holds only whitespace")
    if fmt == "feed":
        yield from read_feed(data, source, opts)
    elif fmt == "html":
        yield read_html(data, source, opts, url=url, charset=charset)
    else:
        yield read_text(data, source, opts)


def _read_stdin(opts: Options) -> Iterator[Article | ReadError]:
    if sys.stdin is None:
        raise Refused(UNREADABLE, "there is no standard input to read")
    stream = sys.stdin.buffer if hasattr(sys.stdin, "buffer") else sys.stdin
    stream = stream if hasattr(stream, "peek") else _Peekable(stream)
    if stream.peek(2)[:2] == GZIP_MAGIC:
        stream = _Peekable(GzipReader(stream))
    yield from _read_stream(stream, "-", opts.input_format or "text", opts)


def _read_url(url: str, opts: Options) -> Iterator[Article | ReadError]:
    page = fetch(url, opts.max_bytes)
    data = page.data
    if data[:2] == GZIP_MAGIC:
        import io

        data = read_limited(GzipReader(io.BytesIO(data)), opts.max_bytes)
    fmt = opts.input_format or ("html" if sniff_format(data[:4096]) == "html" else "feed")
    if fmt in ("jsonl", "warc"):
        import io

        yield from _read_stream(_Peekable(io.BytesIO(data)), url, fmt, opts)
    else:
        yield from _read_data(data, url, fmt, opts, url=page.url, charset=page.charset)


class _Peekable:
    """Adds ``peek`` and ``readline`` to a binary stream that has only ``read``."""

    def __init__(self, raw):
        self.raw = raw
        self.buffer = b""

    def peek(self, size: int = 1) -> bytes:
        while len(self.buffer) < size:
            chunk = self.raw.read(max(size - len(self.buffer), 4096))
            if not chunk:
                break
            self.buffer += chunk
        return self.buffer

    def read(self, size: int = -1) -> bytes:
        if size is None or size < 0:
            data, self.buffer = self.buffer + self.raw.read(), b""
            return data
        if len(self.buffer) < size:
            self.buffer += self.raw.read(size - len(self.buffer))
        data, self.buffer = self.buffer[:size], self.buffer[size:]
        return data

    def readline(self, size: int = -1) -> bytes:
        while b"\n" not in self.buffer and (size < 0 or len(self.buffer) < size):
            chunk = self.raw.read(4096)
            if not chunk:
                break
            self.buffer += chunk
        end = self.buffer.find(b"\n") + 1 or len(self.buffer)
        if size is not None and size >= 0:
            end = min(end, size)
        data, self.buffer = self.buffer[:end], self.buffer[end:]
        return data

    def readable(self) -> bool:
        return True

    def read1(self, size: int = -1) -> bytes:
        return self.read(size if size and size > 0 else 4096)

    @property
    def closed(self) -> bool:
        return False
