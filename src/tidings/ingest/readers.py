"""One reader per input format: text, HTML, JSONL, RSS/Atom feeds and WARC archives.

Each reader takes bytes (or a binary stream, for the streamed formats JSONL and WARC)
and yields Articles or ReadErrors. Whole-document formats (text, HTML, feed) are
held in memory up to ``max_bytes``; JSONL lines and WARC records are read one at a
time, and the limit applies to each line or record.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass

from ..clean import (
    article_from_html,
    article_from_input,
    date_refusal,
    keep_verbatim,
    parse_date,
    reconcile_dates,
)
from ..errors import InputError
from ..model import Article, Record
from .decode import (
    BAD_ENCODING,
    BAD_FIELD,
    BAD_JSON,
    BAD_WARC,
    EMPTY,
    EMPTY_ENTRY,
    EMPTY_FEED,
    INTERNAL,
    NO_HTML_RECORDS,
    NO_TEXT_FIELD,
    NOT_A_FEED,
    NOT_UTF8,
    TOO_BIG,
    Refused,
    declared_charset,
    decode_bytes,
    read_limited,
    skip_blank,
)
from .fetch import fetch

log = logging.getLogger(__name__)


@dataclass
class ReadError(Record):
    """An input that could not be read: where, why (one line, with its ``[T1xx]`` code), and the code."""

    source: str
    reason: str
    code: str

    def __post_init__(self) -> None:
        self.reason = " ".join(str(self.reason).split())  # always one line

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


@dataclass(frozen=True)
class Options:
    input_format: str | None
    fetch_links: bool
    max_bytes: int
    encoding: str | None
    raw: bool


def error(source: str, err: InputError) -> ReadError:
    return ReadError(source=source, reason=str(err), code=err.code)


# --------------------------------------------------------------------------- text and HTML


def read_text(data: bytes, source: str, opts: Options) -> Article:
    """Scraped text (HTML in a .txt is noticed and read as HTML)."""
    text = decode_bytes(data, opts.encoding, declared=declared_charset(data) if b"<" in data[:4096] else None)
    article = article_from_input(text, raw=opts.raw, source=source)
    article.meta.setdefault("input_format", "text")
    return article


def read_html(data: bytes, source: str, opts: Options, url: str | None = None,
              charset: str | None = None) -> Article:
    """An HTML page: main text and metadata via trafilatura."""
    text = decode_bytes(data, opts.encoding, declared=charset or declared_charset(data))
    article = article_from_html(text, raw=opts.raw, source=source, url=url)
    article.meta.setdefault("input_format", "html")
    return article


# --------------------------------------------------------------------------- JSONL


def read_jsonl(stream, source: str, opts: Options) -> Iterator[Article | ReadError]:
    """One JSON object per line; a broken line is one ReadError (``file.jsonl:LINE``)."""
    if opts.encoding and not _ascii_compatible(opts.encoding):
        lines = _text_lines(stream, opts)  # UTF-16/32: decode the stream, then split lines
    else:
        head = stream.peek(4)[:4] if hasattr(stream, "peek") else b""
        if not opts.encoding and (head.startswith((b"\xff\xfe", b"\xfe\xff"))
                                  or (len(head) >= 2 and b"\x00" in head[:2])):
            decode_bytes(head + b"x")  # raises the UTF-16/binary refusal for the whole file
        lines = _byte_lines(stream, opts)
    documents = 0
    for lineno, line in lines:
        where = f"{source}:{lineno}"
        if isinstance(line, Refused):
            documents += 1
            yield error(where, line)
            continue
        if not line.strip():
            continue
        documents += 1
        try:
            article = _jsonl_article(line, where, opts)
        except InputError as err:
            yield error(where, err)
        except Exception as exc:  # noqa: BLE001 - a bug on one line is that line's error, not the file's
            log.exception("internal error while reading %s", where)
            yield ReadError(where, f"[{INTERNAL}] internal error while reading the line "
                                   f"({type(exc).__name__}: {exc}); please report it", INTERNAL)
        else:
            yield article
    if documents == 0:
        raise Refused(EMPTY, "the JSONL file has no lines with documents")


def _ascii_compatible(encoding: str) -> bool:
    """True when lines can be split on the byte b"\\n" before decoding (not so for UTF-16/32)."""
    try:
        return "{\n".encode(encoding) == b"{\n"
    except (LookupError, UnicodeError):
        return False


def _byte_lines(stream, opts: Options) -> Iterator[tuple[int, str | Refused]]:
    lineno = 0
    while True:
        lineno += skip_blank(stream)  # runs of blank lines in bulk (a gzip of 1 GiB of them)
        line = stream.readline(opts.max_bytes + 1)
        if not line:
            return
        lineno += 1
        if len(line) > opts.max_bytes:
            while line and not line.endswith(b"\n"):  # skip the rest of the long line
                line = stream.readline(1 << 16)
            yield lineno, Refused(TOO_BIG, f"the line is longer than the limit of {opts.max_bytes:,} bytes "
                                           "(max_bytes)")
            continue
        if opts.encoding:
            try:
                text = line.decode(opts.encoding)
            except UnicodeDecodeError:
                yield lineno, Refused(BAD_ENCODING, f"the line is not valid {opts.encoding}")
                continue
            yield lineno, text.lstrip("\ufeff")
            continue
        try:
            text = line.decode("utf-8-sig" if lineno == 1 else "utf-8")
        except UnicodeDecodeError:
            try:
                decode_bytes(line)
            except Refused as err:
                yield lineno, err
                continue
            yield lineno, Refused(NOT_UTF8, "the line is not UTF-8; pass encoding=")
            continue
        yield lineno, text


def _text_lines(stream, opts: Options) -> Iterator[tuple[int, str | Refused]]:
    import codecs

    reader = codecs.getreader(opts.encoding)(stream, errors="strict")
    lineno = 0
    try:
        while True:
            line = reader.readline(opts.max_bytes + 1)
            if not line:
                return
            lineno += 1
            if len(line) > opts.max_bytes:
                while line and not line.endswith("\n"):
                    line = reader.readline(1 << 16)
                yield lineno, Refused(TOO_BIG, f"the line is longer than the limit of {opts.max_bytes:,} "
                                               "characters (max_bytes)")
                continue
            yield lineno, line.lstrip("\ufeff")
    except UnicodeDecodeError:
        yield lineno + 1, Refused(BAD_ENCODING, f"the bytes are not valid {opts.encoding}; the rest of the file "
                                            "is not read")


def _metadata_date(article: Article, iso: str, what: str, source: str) -> None:
    """A date given beside the text (a JSONL ``date``, a WARC capture date) weighed against the
    text's own dates as a page's metadata date is (``clean.reconcile_dates``): the same date wins
    unless the text prints another, and a dateline without a year takes its year from it; a
    disagreement is recorded in ``meta["date_choice"]``."""
    printed = article.meta.get("stated_date_from") in ("text", "headline")
    if not printed:
        article.stated_date = None
    reconcile_dates(article, markup=iso, markup_from=what)
    if article.meta.get("stated_date_from") in (None, "markup"):
        article.meta["stated_date_from"] = source


def _jsonl_article(line: str, where: str, opts: Options) -> Article:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise Refused(BAD_JSON, f"broken JSON: {exc.msg} (column {exc.colno})") from exc
    if not isinstance(record, dict):
        raise Refused(BAD_JSON, f"the line is JSON but not an object (it is a {type(record).__name__})")
    for key, value in record.items():
        found = _SURROGATE.search(key) or (_SURROGATE.search(value) if isinstance(value, str) else None)
        if found:
            raise Refused(BAD_JSON, f'the "{_SURROGATE.sub("?", key)}" field holds a lone surrogate escape '
                                    f"(\\u{ord(found.group(0)):04x}): it is not Unicode text")
    text, html = record.get("text"), record.get("html")
    title = _str_field(record, "title")
    doc_id = _str_field(record, "id")
    url = _str_field(record, "url")
    outlet = _str_field(record, "outlet")
    stated, dct = _str_field(record, "date"), _str_field(record, "dct")
    dct_iso = _dct_field(dct) if dct is not None else None
    if isinstance(text, str) and text.strip():
        article = article_from_input(text, raw=opts.raw, title=title, id=doc_id, source=where)
    elif isinstance(html, str) and html.strip():
        article = article_from_html(html, raw=opts.raw, title=title, id=doc_id, source=where, url=url)
    else:
        raise Refused(NO_TEXT_FIELD, 'the object has no non-empty "text" or "html" field')
    article.url = url or article.url
    article.outlet = outlet or article.outlet
    if dct_iso is not None:
        article.meta["dct"] = dct_iso
    if stated is not None:
        iso = parse_date(stated)
        if iso is None:
            log.warning("%s: the \"date\" field %r is not a date; the line has no stated date", where, stated)
            article.meta["date_unparsed"] = stated
        elif (why := date_refusal(iso)) is not None:
            article.meta.setdefault("date_refused", []).append({"value": iso, "from": 'the "date" field',
                                                                "reason": why})
        else:
            _metadata_date(article, iso, 'the "date" field', "field")
    extra = {k: v for k, v in record.items()
             if k not in {"text", "html", "id", "url", "title", "date", "dct", "outlet"}
             and isinstance(v, (str, int, float, bool))}
    if extra:
        article.meta["fields"] = extra
    article.meta.setdefault("input_format", "jsonl")
    return article


_SURROGATE = re.compile("[\ud800-\udfff]")


def _str_field(record: dict, key: str) -> str | None:
    """A JSONL string field, stripped (None when absent or blank); a number is taken as its text.

    Anything else (a list, an object, true/false) refuses the line (T120), naming the field.
    """
    value = record.get(key)
    if value is None or isinstance(value, str):
        return _str_or_none(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _str_or_none(value)
    raise Refused(BAD_FIELD, f'the "{key}" field must be a string or a number, '
                             f"not {_json_kind(value)}")


def _json_kind(value) -> str:
    """How JSON calls a decoded value's type: an array, an object, true/false."""
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _dct_field(value: str) -> str:
    """The ISO date of a JSONL ``dct`` field; one that is not a real date refuses the line (T120).

    ``dct`` anchors every time expression, so a wrong one is worse than none: the same
    value given as ``--dct`` is a T300 usage error.
    """
    iso = parse_date(value)
    if iso is None:
        raise Refused(BAD_FIELD, f'the "dct" field is not a real date (give YYYY-MM-DD): {value!r}')
    return iso


def _str_or_none(value) -> str | None:
    if value is None:
        return None
    value = str(value).strip()
    return value or None


# --------------------------------------------------------------------------- feeds


def read_feed(data: bytes, source: str, opts: Options) -> Iterator[Article | ReadError]:
    """RSS or Atom: one Article per entry (linked pages fetched only with ``fetch_links``)."""
    import feedparser

    if not data.strip():
        raise Refused(EMPTY, "the file is empty")
    headers = {"content-type": f"application/xml; charset={opts.encoding}"} if opts.encoding else None
    parsed = feedparser.parse(data, response_headers=headers) if headers else feedparser.parse(data)
    if not parsed.get("version") and not parsed.entries:
        why = parsed.get("bozo_exception")
        raise Refused(NOT_A_FEED, "not an RSS or Atom feed" + (f" ({str(why).splitlines()[0]})" if why else ""))
    if not parsed.entries:
        raise Refused(EMPTY_FEED, "the feed has no entries")
    feed_title = _str_or_none(parsed.feed.get("title"))
    for number, entry in enumerate(parsed.entries, start=1):
        where = f"{source}#{number}"
        link = _str_or_none(entry.get("link"))
        title = _str_or_none(entry.get("title"))
        article = None
        if opts.fetch_links and link:
            try:
                page = fetch(link, opts.max_bytes)
                article = read_html(page.data, link, opts, url=page.url, charset=page.charset)
            except InputError as err:
                yield error(link, err)
        try:
            if article is None:
                article = _entry_article(entry, title, where, opts)
        except InputError as err:
            yield error(where, err)
            continue
        article.url = link or article.url
        article.title = article.title or title
        article.outlet = feed_title or article.outlet
        stated = _entry_date(entry)
        if stated:
            article.stated_date = stated
        article.meta["feed"] = {"source": source, "entry": number, "title": feed_title}
        article.meta.setdefault("input_format", "feed")
        yield article


def _entry_date(entry) -> str | None:
    """The entry's published (else updated) date as ISO, read from the raw string, or None.

    feedparser's own parsed date is not trusted: it turns ``9999-99-99`` into 9999-11-01.
    A date is kept only when its raw string is a real calendar date that ``date_refusal``
    accepts (from 1900 to tomorrow, not the epoch zero).
    """
    for key in ("published", "updated"):
        raw = dict.get(entry, key)  # plain lookup: feedparser maps a missing "updated" to "published"
        iso = parse_date(raw) if isinstance(raw, str) else None
        if iso and date_refusal(iso) is None:
            return iso
    return None


# an entity reference the feed never defined, left as text by the XML parser ("&lol9;", escaped by
# feedparser as "&amp;lol9"): an ampersand after no letter or digit ("AT&T", "B&Bs" stay), a name
# that is no HTML entity, an optional ";"
_ENTITY_JUNK = re.compile(r"(?<![\w&])&(?:amp;)?([A-Za-z][A-Za-z0-9]+);?")


def strip_entity_junk(text: str) -> str:
    """Remove references to undefined entities (billion-laughs leftovers) from feed text."""
    import html.entities

    def junk(m: re.Match) -> str:
        return m.group(0) if m.group(1) + ";" in html.entities.html5 else ""

    return _ENTITY_JUNK.sub(junk, text) if "&" in text else text


def _entry_article(entry, title: str | None, where: str, opts: Options) -> Article:
    html = ""
    if entry.get("content"):
        html = entry.content[0].get("value") or ""
    html = strip_entity_junk(html or entry.get("summary") or entry.get("description") or "")
    if not html.strip():
        raise Refused(EMPTY_ENTRY, "the feed entry has no content or summary text"
                                   + ("" if opts.fetch_links else " (fetch_links=True would fetch its page)"))
    if re.search(r"<[a-zA-Z][^>]*>", html):
        text = html_fragment_text(html)
        if not text.strip():
            raise Refused(EMPTY_ENTRY, "the feed entry's HTML has no text")
        article = article_from_input(text, raw=False, title=title, source=where)
        if opts.raw:
            keep_verbatim(article, html)
    else:
        import html as html_module

        text = html_module.unescape(html)  # feedparser gives a summary as HTML, also when it has no tags
        if not text.strip():
            raise Refused(EMPTY_ENTRY, "the feed entry has no text (only references to undefined entities)")
        article = article_from_input(text, raw=opts.raw, title=title, source=where)
    article.raw = html
    return article


_BLOCK_TAGS = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "figure", "figcaption",
               "section", "article", "tr", "pre", "ul", "ol", "table"}


def html_fragment_text(html: str) -> str:
    """Plain text of an HTML fragment (a feed summary), one paragraph per block element."""
    import lxml.html

    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except (ValueError, lxml.etree.ParserError):
        return ""
    for element in root.iter("script", "style"):
        element.drop_tree()
    for element in root.iter():
        if element.tag in _BLOCK_TAGS:
            element.tail = "\n\n" + (element.tail or "")
        elif element.tag == "br":
            element.tail = "\n" + (element.tail or "")
    text = root.text_content()
    text = re.sub(r"[ \t]+\n", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


# --------------------------------------------------------------------------- WARC


def read_warc(stream, source: str, opts: Options) -> Iterator[Article | ReadError]:
    """HTML ``response`` (and ``resource``) records of a WARC; damage stops it with one ReadError."""
    from warcio.archiveiterator import ArchiveIterator

    html_records = 0
    number = 0
    try:
        records = ArchiveIterator(stream)
        for record in records:
            number += 1
            kind = _html_record(record)
            if kind is None:
                continue
            html_records += 1
            try:
                payload = read_limited(record.content_stream(), opts.max_bytes, what="the WARC record")
            except Refused as err:
                yield error(f"{source}@{records.get_record_offset()}", err)
                continue
            if getattr(record.raw_stream, "limit", 0) > 0:
                raise Refused(BAD_WARC, f"the WARC file is truncated (record {number} is cut short)")
            offset = records.get_record_offset()  # only valid once the record is read
            url = record.rec_headers.get_header("WARC-Target-URI")
            warc_date = record.rec_headers.get_header("WARC-Date")
            try:
                article = read_html(payload, source, opts, url=url, charset=kind)
            except InputError as err:
                yield error(f"{source}@{offset}", err)
                continue
            if warc_date:
                article.meta["warc_date"] = warc_date
                capture = parse_date(warc_date)
                if not article.stated_date and capture and date_refusal(capture) is None:
                    _metadata_date(article, capture, "the WARC capture date", "warc-date")
            article.meta["warc_offset"] = offset
            article.meta["input_format"] = "warc"
            yield article
    except Refused:
        raise
    except Exception as exc:  # noqa: BLE001 - warcio raises many types (ArchiveLoadFailed, ValueError, ...)
        detail = str(exc).splitlines()[0] if str(exc) else "no detail"
        raise Refused(BAD_WARC, f"the WARC file is truncated or corrupt after record {number} "
                                f"({type(exc).__name__}: {detail})") from exc
    if html_records == 0:
        raise Refused(NO_HTML_RECORDS, "the WARC file has no HTML response records")


def _html_record(record) -> str | None:
    """The charset ('' if none) of an HTML response/resource record; None for other records."""
    if record.rec_type == "response" and record.http_headers is not None:
        status = record.http_headers.get_statuscode() or ""
        if not status.startswith("2"):
            return None
        ctype = record.http_headers.get_header("Content-Type") or ""
    elif record.rec_type == "resource":
        ctype = record.rec_headers.get_header("Content-Type") or ""
    else:
        return None
    if not re.match(r"\s*(?:text/html|application/xhtml\+xml)", ctype, re.IGNORECASE):
        return None
    found = re.search(r"charset=[\"']?([\w.:-]+)", ctype, re.IGNORECASE)
    return found.group(1) if found else ""


__all__ = ["ReadError", "Options", "read_text", "read_html", "read_jsonl", "read_feed", "read_warc",
           "html_fragment_text"]
