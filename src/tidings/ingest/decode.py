"""Bytes to text for the readers: size limit, gzip, encoding checks and format sniffing.

Everything here refuses bad input with ``Refused`` (an ``InputError`` carrying one
of the T1xx codes listed in docs/ingest.md); the readers turn it into a ReadError.
"""

from __future__ import annotations

import codecs
import re
import zlib

from ..errors import InputError

# ReadError codes (tidings owns T100-T149 for input; docs/ingest.md lists them)
NOT_FOUND = "T101"
EMPTY = "T102"
BINARY = "T103"
NOT_UTF8 = "T104"
TOO_BIG = "T105"
NO_BODY = "T106"
BAD_JSON = "T107"
NO_TEXT_FIELD = "T108"
BAD_GZIP = "T109"
BAD_WARC = "T110"
NOT_A_FEED = "T111"
FETCH_FAILED = "T112"
UNREADABLE = "T113"
BAD_ENCODING = "T114"
NO_TEXT = "T116"
NO_HTML_RECORDS = "T117"
INTERNAL = "T149"
EMPTY_FEED = "T118"
EMPTY_ENTRY = "T119"
BAD_FIELD = "T120"

GZIP_MAGIC = b"\x1f\x8b"
_CHUNK = 1 << 16


class Refused(InputError):
    """One document (or one line or record) that can't be read; ``code`` says why."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


def read_limited(stream, max_bytes: int, what: str = "the file") -> bytes:
    """Read a binary stream, refusing (T105) once it passes ``max_bytes``: never more is held."""
    chunks = []
    total = 0
    while True:
        chunk = stream.read(min(_CHUNK, max_bytes + 1 - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
        if total > max_bytes:
            raise Refused(TOO_BIG, f"{what} is larger than the limit of {max_bytes:,} bytes (max_bytes)")
    return b"".join(chunks)


class GzipReader:
    """A file-like reader that decompresses gzip members in a stream and notices truncation.

    Reading takes bytes from a position in the decompressed buffer (no copy of the buffer per
    line), and ``skip_blank`` passes over runs of blank lines in bulk: a small gzip of a
    gigabyte of empty lines is skipped at the speed of zlib, not of one Python step per line.
    """

    def __init__(self, raw):
        self.raw = raw
        self.decomp = zlib.decompressobj(zlib.MAX_WBITS | 16)
        self.buffer = b""
        self.pos = 0
        self.done = False
        self.in_member = False
        self.truncated = False

    def _available(self) -> int:
        return len(self.buffer) - self.pos

    def _check_truncated(self) -> None:
        if not self._available() and self.truncated:
            raise Refused(BAD_GZIP, "the gzip file is truncated (it ends before the end of the "
                                    "compressed stream)")

    def _take(self, end: int) -> bytes:
        data = self.buffer[self.pos:end]
        self.pos = end
        return data

    def read(self, size: int = -1) -> bytes:
        while not self.done and (size < 0 or self._available() < size):
            self._fill()
        self._check_truncated()
        return self._take(len(self.buffer) if size < 0 else min(len(self.buffer), self.pos + size))

    def readline(self, size: int = -1) -> bytes:
        scanned = self.pos
        while True:
            newline = self.buffer.find(b"\n", scanned)
            if newline >= 0 or self.done or (size >= 0 and self._available() >= size):
                break
            scanned = len(self.buffer)
            before = self.pos
            self._fill()
            scanned -= before - self.pos  # _fill may have moved the buffer's start
        self._check_truncated()
        end = newline + 1 if newline >= 0 else len(self.buffer)
        if size >= 0:
            end = min(end, self.pos + size)
        return self._take(end)

    def peek(self, size: int = 1) -> bytes:
        while not self.done and self._available() < size:
            self._fill()
        return self.buffer[self.pos:self.pos + max(size, 1)]

    def skip_blank(self) -> int:
        """Pass over whitespace (blank lines) in bulk; returns how many line ends were passed."""
        newlines = 0
        while True:
            if not self._available():
                if self.done:
                    return newlines
                self._fill()
                continue
            chunk = memoryview(self.buffer)[self.pos:]
            rest = bytes(chunk).lstrip()
            skipped = len(chunk) - len(rest)
            newlines += self.buffer.count(b"\n", self.pos, self.pos + skipped)
            self.pos += skipped
            if rest:
                return newlines

    def _fill(self) -> None:
        if self.pos:
            self.buffer, self.pos = self.buffer[self.pos:], 0
        decomp = self.decomp
        if decomp.eof:  # the next gzip member, if any
            leftover = decomp.unused_data
            self.decomp = decomp = zlib.decompressobj(zlib.MAX_WBITS | 16)
            self.in_member = False
            chunk = leftover or self.raw.read(_CHUNK)
        elif decomp.unconsumed_tail:
            chunk = decomp.unconsumed_tail
        else:
            chunk = self.raw.read(_CHUNK)
        if not chunk:
            self.done = True
            self.truncated = self.in_member  # reported once the data before the damage is read
            return
        if not self.in_member and not chunk.strip(b"\x00"):
            return  # zero padding between members
        self.in_member = True
        try:
            # at most _CHUNK * 4 bytes out per step, so a small bomb can't fill memory at once
            self.buffer += decomp.decompress(chunk, _CHUNK * 4)
        except zlib.error as exc:
            self.done = True
            raise Refused(BAD_GZIP, f"the gzip data is corrupt ({exc})") from exc
        if decomp.eof:
            self.in_member = False


def skip_blank(stream) -> int:
    """Pass over blank lines at the stream's position in bulk; the number of line ends passed.

    Works on any stream with ``peek`` and ``read`` (or its own ``skip_blank``); others skip nothing.
    """
    if hasattr(stream, "skip_blank"):
        return stream.skip_blank()
    if not hasattr(stream, "peek"):
        return 0
    newlines = 0
    while True:
        head = stream.peek(_CHUNK)
        if not head:
            return newlines
        rest = head.lstrip()
        skipped = len(head) - len(rest)
        if not skipped:
            return newlines
        newlines += head.count(b"\n", 0, skipped)
        stream.read(skipped)
        if rest:
            return newlines


_BOMS = [
    (codecs.BOM_UTF32_LE, "UTF-32", "utf-32"),
    (codecs.BOM_UTF32_BE, "UTF-32", "utf-32"),
    (codecs.BOM_UTF16_LE, "UTF-16", "utf-16"),
    (codecs.BOM_UTF16_BE, "UTF-16", "utf-16"),
]
_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f\x7f]")
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_CONTROL_TEXT = re.compile(r"[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f\x7f]")


def decode_bytes(data: bytes, encoding: str | None = None, declared: str | None = None) -> str:
    """Decode a document: UTF-8 (a BOM is fine) or the ``encoding`` the user passed.

    ``declared`` is a charset the document itself states (an HTML ``<meta charset>`` or an
    HTTP header): it is used when the bytes are not UTF-8. Anything else is refused with
    the encoding it looks like (T104), as binary (T103), or as empty (T102).
    """
    if not data.strip():
        raise Refused(EMPTY, "the file is empty" if not data else "the file holds only whitespace")
    if encoding:
        try:
            text = data.decode(encoding)
        except LookupError as exc:
            raise Refused(BAD_ENCODING, f"unknown encoding {encoding!r}") from exc
        except UnicodeDecodeError as exc:
            raise Refused(BAD_ENCODING, f"the bytes are not valid {encoding} (byte {exc.start}); "
                                        "check the encoding= you passed") from exc
        text = text.lstrip("\ufeff")
        if "\x00" in text:
            raise Refused(BINARY, f"binary data: NUL characters after decoding as {encoding}")
        return text
    for bom, name, codec in _BOMS:
        if data.startswith(bom):
            raise Refused(NOT_UTF8, f"the text is not UTF-8: it looks like {name} (it starts with a {name} "
                                    f"byte-order mark); pass encoding={codec!r}")
    head = data[:65536]
    if b"\x00" in head:
        raise Refused(BINARY, "binary data (NUL bytes), not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if declared:
            try:
                return data.decode(declared).lstrip("\ufeff")
            except (LookupError, UnicodeDecodeError):
                pass
        if len(_CONTROL.findall(head)) > max(4, len(head) // 100):
            raise Refused(BINARY, "binary data (control bytes, not UTF-8), not text") from exc
        valid = len(_UTF8_MULTIBYTE.findall(data))
        invalid = len(data.decode("utf-8", "replace")) - len(data.decode("utf-8", "ignore"))
        if valid > invalid:
            raise Refused(NOT_UTF8, f"the text looks like UTF-8 but has {invalid} invalid byte sequence(s) (first at "
                                    f"byte {exc.start}); repair the file, or pass encoding= to decode it another way"
                          ) from exc
        high = [b for b in head if b >= 0x80]
        looks = "Windows-1252" if any(0x80 <= b <= 0x9F for b in high) else "Latin-1 (ISO-8859-1)"
        raise Refused(NOT_UTF8, f"the text is not UTF-8 (invalid byte 0x{data[exc.start]:02x} at {exc.start}): "
                                f"it looks like {looks}; pass encoding={'cp1252' if 'Windows' in looks else 'latin-1'!r}"
                      ) from exc
    if len(_CONTROL_TEXT.findall(text[:65536])) > max(4, len(text[:65536]) // 100):
        raise Refused(BINARY, "binary data (control characters), not text")
    return text


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w.:-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([\w.:-]+)""", re.IGNORECASE)


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML/XML document states in its first 4 KB, if any."""
    head = data[:4096]
    found = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    if not found:
        return None
    name = found.group(1).decode("ascii", "replace")
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def sniff_format(head: bytes) -> str:
    """Guess "warc", "feed", "html", "jsonl" or "text" from the first bytes of a document."""
    if head.startswith(b"WARC/"):
        return "warc"
    text = head.lstrip(codecs.BOM_UTF8).lstrip()
    lower = text[:4096].lower()
    if lower.startswith(b"<?xml") or lower.startswith(b"<rss") or lower.startswith(b"<feed") \
            or lower.startswith(b"<rdf:rdf"):
        if re.search(rb"<(?:rss|feed|rdf:rdf)\b", lower):
            return "feed"
        if re.search(rb"<html\b", lower):
            return "html"
        return "feed"
    if re.match(rb"(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", lower, re.DOTALL):
        return "html"
    if text.startswith(b"{"):
        return "jsonl"
    return "text"
