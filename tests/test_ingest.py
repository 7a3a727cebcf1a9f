"""read_inputs: every format, stdin, feeds over (loopback) http, and every kind of bad input."""

from __future__ import annotations

import gzip
import io
import json
import shutil
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tidings.errors import ConfigError
from tidings.ingest import DEFAULT_MAX_BYTES, ReadError, format_for_name, read_inputs
from tidings.model import Article

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"

STORY = (
    "CAIRO (Reuters) - Egypt and Sudan agreed on Sunday to resume talks over the Nile dam with Ethiopia "
    "next month, the two foreign ministers said after meeting in Cairo.\n\n"
    "The talks stalled in April after the three countries failed to agree on how fast the reservoir "
    "should be filled."
)


def page(title: str, body: str) -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in body.split("\n\n"))
    return (f"<html><head><title>{title}</title></head><body><nav><a href='/'>Home</a></nav>"
            f"<article><h1>{title}</h1>{paragraphs}</article></body></html>")


def warc_bytes(pages: list[tuple[str, str]], *, compress: bool, extra_records: bool = False,
               html: bool = True) -> bytes:
    """A WARC with one HTML response record per (url, html); optionally a request and a non-HTML record."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=compress)
    for url, html in pages:
        if extra_records:
            headers = StatusAndHeaders("GET / HTTP/1.0", [("Host", "example.org")], is_http_request=True)
            writer.write_record(writer.create_warc_record(url, "request", http_headers=headers))
            png = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.0")
            writer.write_record(writer.create_warc_record(url + ".png", "response",
                                                          payload=io.BytesIO(b"\x89PNG\r\n"), http_headers=png))
        if not html:
            continue
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.0")
        writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(html.encode()),
                                                      http_headers=headers))
    return out.getvalue()


def run(paths, **kwargs) -> list[Article | ReadError]:
    return list(read_inputs([str(p) for p in paths], **kwargs))


def by_source(items) -> dict[str, Article | ReadError]:
    return {Path(item.source).name: item for item in items}


# --------------------------------------------------------------------------- the bad-input folder


@pytest.fixture
def mixed_folder(tmp_path: Path) -> Path:
    """Good documents of every format beside every kind of bad input."""
    folder = tmp_path / "inbox"
    folder.mkdir()
    # good
    shutil.copy(EXAMPLES / "000_5904b99a19247a34.txt", folder / "a_seed.txt")
    (folder / "b_bom.txt").write_bytes("Nile talks resume\n\n".encode("utf-8-sig") + STORY.encode())
    (folder / "c_page.html").write_text(page("Nile talks resume", STORY), encoding="utf-8")
    (folder / "d_story.txt.gz").write_bytes(gzip.compress(f"Nile talks resume\n\n{STORY}".encode()))
    (folder / "e_archive.warc.gz").write_bytes(warc_bytes(
        [("https://example.org/1", page("First", STORY)), ("https://example.org/2", page("Second", STORY))],
        compress=True, extra_records=True))
    # bad
    (folder / "f_empty.txt").write_bytes(b"")
    (folder / "g_binary.txt").write_bytes(bytes(range(256)) * 8)
    (folder / "h_latin1.txt").write_bytes(f"Café talks\n\n{STORY} Señor García said.".encode("latin-1"))
    (folder / "i_utf16.txt").write_bytes(f"Nile talks\n\n{STORY}".encode("utf-16"))
    whole = gzip.compress((f"Nile talks\n\n{STORY}\n\n" * 50).encode())
    (folder / "j_truncated.txt.gz").write_bytes(whole[: len(whole) // 2])
    archive = warc_bytes([(f"https://example.org/{n}", page(f"Page {n}", STORY)) for n in range(3)], compress=False)
    (folder / "k_truncated.warc").write_bytes(archive[: int(len(archive) * 0.9)])
    (folder / "l_nobody.html").write_text("<html><head><title>Menu</title></head><body><nav><a href='/'>Home</a>"
                                          "</nav></body></html>", encoding="utf-8")
    lines = [json.dumps({"id": "n1", "text": f"Nile talks resume\n\n{STORY}"}), '{"id": "n2", "text": "cut',
             json.dumps({"id": "n3", "html": page("Dam talks", STORY)})]
    (folder / "m_docs.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "n_big.txt").write_text("Big file\n\n" + (STORY + "\n\n") * 400, encoding="utf-8")
    (folder / ".hidden.txt").write_text(f"Hidden\n\n{STORY}", encoding="utf-8")
    return folder


def test_every_good_document_reads_and_every_bad_one_gives_one_error(mixed_folder: Path):
    items = run([mixed_folder, mixed_folder / "zz_missing.txt"], max_bytes=100_000)
    articles = [i for i in items if isinstance(i, Article)]
    errors = [i for i in items if isinstance(i, ReadError)]
    assert {Path(a.source.split(":")[0]).name for a in articles} == {
        "a_seed.txt", "b_bom.txt", "c_page.html", "d_story.txt.gz", "e_archive.warc.gz", "k_truncated.warc",
        "m_docs.jsonl"}
    assert len(articles) == 1 + 1 + 1 + 1 + 2 + 2 + 2  # the truncated WARC keeps the records before the damage
    codes = {Path(e.source).name: e.code for e in errors}
    assert codes == {
        "f_empty.txt": "T102", "g_binary.txt": "T103", "h_latin1.txt": "T104", "i_utf16.txt": "T104",
        "j_truncated.txt.gz": "T109", "k_truncated.warc": "T110", "l_nobody.html": "T106",
        "m_docs.jsonl:2": "T107", "n_big.txt": "T105", "zz_missing.txt": "T101",
    }
    assert len(errors) == len(codes)  # exactly one error each
    for err in errors:
        assert err.reason.startswith(f"[{err.code}] ") and "\n" not in err.reason
    reasons = {Path(e.source).name: e.reason for e in errors}
    assert "Latin-1" in reasons["h_latin1.txt"] and "encoding=" in reasons["h_latin1.txt"]
    assert "UTF-16" in reasons["i_utf16.txt"] and "encoding='utf-16'" in reasons["i_utf16.txt"]
    assert "100,000" in reasons["n_big.txt"]
    assert not any("hidden" in item.source for item in items)


def test_folder_order_is_sorted_and_streaming(mixed_folder: Path):
    (mixed_folder / "sub").mkdir()
    (mixed_folder / "sub" / "z.txt").write_text(f"Sub story\n\n{STORY}", encoding="utf-8")
    (mixed_folder / ".git").mkdir()
    (mixed_folder / ".git" / "x.txt").write_text(f"Hidden dir\n\n{STORY}", encoding="utf-8")
    iterator = read_inputs([str(mixed_folder)], max_bytes=100_000)
    first = next(iterator)
    assert isinstance(first, Article) and first.source.endswith("a_seed.txt")
    names = [Path(i.source.split("@")[0].split(":")[0]).name for i in iterator]
    assert names[-1] == "z.txt"
    assert names == sorted(names)


# --------------------------------------------------------------------------- formats


def test_text_file_is_cleaned():
    (article,) = run([EXAMPLES / "004_3979278851648cfb.txt"])
    assert article.outlet == "VOVWORLD" and article.text.startswith("US President Donald Trump")
    assert article.meta["input_format"] == "text"


def test_html_page_text_and_metadata():
    (article,) = run([FIXTURES / "page.html"])
    assert article.title == "Moon and Kim agree to end war"
    assert article.byline == "Maria Lopez"
    assert article.stated_date == "2018-04-27"
    assert article.outlet == "The Harbor Times"
    assert article.url == "https://harbor-times.example/world/moon-kim-summit"
    assert article.text.startswith("South Korean President Moon Jae-in and North Korean leader")
    assert article.text.count("\n\n") == 2
    for furniture in ("Share this", "All rights reserved", "Home", "PANMUNJOM"):
        assert furniture not in article.text
    assert article.meta["dateline_place"] == "PANMUNJOM"


def test_jsonl_lines_fields_and_broken_line():
    items = run([FIXTURES / "docs.jsonl"])
    assert [type(i).__name__ for i in items] == ["Article", "ReadError", "Article", "Article"]
    first, broken, html, plain = items
    assert first.id == "wire-001" and first.url == "https://wire.example/kenya-ethiopia"
    assert first.title == "Kenya and Ethiopia agree border deal" and first.outlet == "Example Wire"
    assert first.stated_date == "2021-03-04" and first.meta["dct"] == "2021-03-05"
    assert "Related Articles" not in first.text and first.text.startswith("Kenya and Ethiopia signed")
    assert broken.source.endswith("docs.jsonl:2") and broken.code == "T107"
    assert html.title == "Chile recalls envoy" and html.outlet == "AP" and html.stated_date == "2016-04-04"
    assert plain.source.endswith("docs.jsonl:5") and plain.title is None


def test_jsonl_objects_without_text_and_long_lines(tmp_path: Path):
    lines = [json.dumps({"text": "x" * 5000}), json.dumps([1, 2]), json.dumps({"id": 1}),
             json.dumps({"text": f"Nile talks\n\n{STORY}", "date": "sometime soon"})]
    path = tmp_path / "d.jsonl"
    path.write_text("\n".join(lines), encoding="utf-8")
    items = run([path], max_bytes=2000)
    assert [getattr(i, "code", "ok") for i in items] == ["T105", "T107", "T108", "ok"]
    assert items[3].stated_date is None and items[3].meta["date_unparsed"] == "sometime soon"


@pytest.mark.parametrize("dct", ["2018-02-30", "yesterday", "2019-13-01", "20180612", "soon, maybe"])
def test_jsonl_bad_dct_refuses_that_line_only(tmp_path: Path, dct: str):
    lines = [json.dumps({"id": "a", "text": STORY, "dct": dct}),
             json.dumps({"id": "b", "text": STORY, "dct": "2021-07-04"}),
             json.dumps({"id": "c", "text": STORY, "dct": "4 July 2021"})]
    path = tmp_path / "d.jsonl"
    path.write_text("\n".join(lines), encoding="utf-8")
    bad, good, spelled = run([path])
    assert isinstance(bad, ReadError) and bad.code == "T120" and bad.source.endswith("d.jsonl:1")
    assert '"dct"' in bad.reason and repr(dct) in bad.reason
    assert good.meta["dct"] == "2021-07-04" and spelled.meta["dct"] == "2021-07-04"


def test_jsonl_unreadable_date_is_dropped_with_a_warning(tmp_path: Path, caplog):
    lines = [json.dumps({"text": STORY, "date": value}) for value in ("2018-02-30", "yesterday", "Feb 3, 2020")]
    path = tmp_path / "d.jsonl"
    path.write_text("\n".join(lines), encoding="utf-8")
    with caplog.at_level("WARNING", logger="tidings.ingest"):
        impossible, word, good = run([path])
    assert impossible.stated_date is None and impossible.meta["date_unparsed"] == "2018-02-30"
    assert word.stated_date is None and word.meta["date_unparsed"] == "yesterday"
    assert good.stated_date == "2020-02-03" and "date_unparsed" not in good.meta
    warned = [r.getMessage() for r in caplog.records]
    assert len(warned) == 2 and "d.jsonl:1" in warned[0] and "'yesterday'" in warned[1]


@pytest.mark.parametrize(("field", "value", "kind"), [
    ("title", ["x"], "an array"), ("outlet", {"name": "AP"}, "an object"), ("url", True, "true/false"),
    ("id", [5], "an array"), ("date", ["2020-01-01"], "an array"), ("dct", {"y": 2020}, "an object")])
def test_jsonl_string_fields_refuse_lists_objects_and_booleans(tmp_path: Path, field, value, kind):
    path = tmp_path / "d.jsonl"
    path.write_text(json.dumps({"text": STORY, field: value}) + "\n" + json.dumps({"text": STORY}),
                    encoding="utf-8")
    bad, good = run([path])
    assert isinstance(bad, ReadError) and bad.code == "T120"
    assert f'"{field}" field' in bad.reason and kind in bad.reason
    assert isinstance(good, Article)


def test_jsonl_numbers_are_taken_as_text(tmp_path: Path):
    path = tmp_path / "d.jsonl"
    path.write_text(json.dumps({"text": STORY, "id": 5, "title": 1984, "outlet": 2.5}), encoding="utf-8")
    (article,) = run([path])
    assert (article.id, article.title, article.outlet) == ("5", "1984", "2.5")


def test_rss_entries_become_articles():
    items = run([FIXTURES / "feed.rss"])
    first, second, empty = items
    assert first.title == "Putin and Xi sign energy accord" and first.outlet == "Pacific Wire World"
    assert first.url == "https://pacific-wire.example/world/putin-xi-energy"
    assert first.stated_date == "2019-02-05"
    assert first.text == ("Russian President Vladimir Putin and Chinese President Xi Jinping signed a long-term "
                          "gas supply accord on Tuesday.\n\nThe deal covers deliveries through a new pipeline "
                          "from 2025.")
    assert first.meta["dateline_outlet"] == "Pacific Wire"
    assert second.text.startswith("The ceasefire agreed last week") and second.stated_date == "2019-02-06"
    assert isinstance(empty, ReadError) and empty.code == "T119" and empty.source.endswith("feed.rss#3")


def test_atom_feed_and_sniffing_an_unknown_extension(tmp_path: Path):
    (article,) = run([FIXTURES / "feed.atom"])
    assert article.title == "Oslo hosts talks on Arctic fishing" and article.outlet == "Nordic Ledger"
    assert article.stated_date == "2020-09-14" and article.text.startswith("Norway and Russia opened")
    copy = tmp_path / "latest.dat"
    copy.write_bytes((FIXTURES / "feed.atom").read_bytes())
    (sniffed,) = run([copy])
    assert sniffed.title == article.title and sniffed.meta["input_format"] == "feed"


def atom_with_dates(dates: list[tuple[str, str]]) -> bytes:
    entries = "".join(
        f"<entry><title>Story {n}</title><id>urn:{n}</id>{stamps}"
        f"<summary>Norway and Russia opened talks on quotas in Oslo on day {n}.</summary></entry>"
        for n, stamps in enumerate(
            "".join(f"<{tag}>{value}</{tag}>" for tag, value in pair) for pair in dates))
    return (f'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Ledger</title>'
            f"<id>urn:feed</id><updated>2020-01-01T00:00:00Z</updated>{entries}</feed>").encode()


@pytest.mark.parametrize(("stamps", "expected"), [
    ([("updated", "9999-99-99")], None),
    ([("published", "2018-02-30T10:00:00Z")], None),
    ([("published", "1850-06-01T10:00:00Z")], None),
    ([("published", "3020-06-01T10:00:00Z")], None),
    ([("published", "not a date")], None),
    ([("published", "2018-06-12T10:00:00Z")], "2018-06-12"),
    ([("published", "9999-99-99"), ("updated", "2017-03-09T08:00:00Z")], "2017-03-09"),
    ([("published", "Tue, 12 Jun 2018 10:00:00 GMT")], "2018-06-12"),
])
def test_feed_dates_are_checked_not_trusted(tmp_path: Path, stamps, expected):
    path = tmp_path / "f.atom"
    path.write_bytes(atom_with_dates([stamps]))
    (article,) = run([path])
    assert isinstance(article, Article) and article.stated_date == expected


def test_not_a_feed_and_empty_feed(tmp_path: Path):
    (tmp_path / "config.xml").write_text("<?xml version='1.0'?><config><a>1</a></config>", encoding="utf-8")
    (tmp_path / "empty.rss").write_text("<rss version='2.0'><channel><title>Quiet</title></channel></rss>",
                                        encoding="utf-8")
    items = by_source(run([tmp_path]))
    assert items["config.xml"].code == "T111" and items["empty.rss"].code == "T118"


def test_warc_reads_html_responses_only(tmp_path: Path):
    path = tmp_path / "crawl.warc"
    path.write_bytes(warc_bytes([("https://example.org/a", page("Nile talks resume", STORY))], compress=False,
                                extra_records=True))
    (article,) = run([path])
    assert article.url == "https://example.org/a" and article.title == "Nile talks resume"
    assert article.text.startswith("Egypt and Sudan agreed") and article.meta["warc_date"]
    assert article.stated_date == article.meta["warc_date"][:10]  # the page states none: the capture date


def test_warc_damaged_in_a_header_and_warc_without_html(tmp_path: Path):
    archive = warc_bytes([(f"https://example.org/{n}", page(f"Page {n}", STORY)) for n in range(2)],
                         compress=False)
    second = archive.index(b"WARC/1", 10)
    (tmp_path / "cut.warc").write_bytes(archive[: second + 40])
    (tmp_path / "images.warc").write_bytes(warc_bytes([("https://example.org/p", "")], compress=False,
                                                      extra_records=True, html=False))
    (tmp_path / "empty.warc").write_bytes(b"")
    items = run([tmp_path / "cut.warc", tmp_path / "images.warc", tmp_path / "empty.warc"])
    assert isinstance(items[0], Article) and items[0].title == "Page 0"
    assert [getattr(i, "code", None) for i in items[1:]] == ["T110", "T117", "T102"]
    assert "after record 1" in items[1].reason


def test_gzip_of_jsonl_and_html_and_the_decompressed_limit(tmp_path: Path):
    (tmp_path / "a.jsonl.gz").write_bytes(gzip.compress((FIXTURES / "docs.jsonl").read_bytes()))
    (tmp_path / "b.html.gz").write_bytes(gzip.compress((FIXTURES / "page.html").read_bytes()))
    (tmp_path / "c.txt.gz").write_bytes(gzip.compress(b"Zeros\n\n" + b"0" * 3_000_000))
    items = run([tmp_path], max_bytes=200_000)
    kinds = [getattr(i, "code", type(i).__name__) for i in items]
    assert kinds == ["Article", "T107", "Article", "Article", "Article", "T105"]
    assert items[4].title == "Moon and Kim agree to end war"


class Endless(io.RawIOBase):
    """A stream of spaces that never ends, counting what was read from it."""

    def __init__(self):
        self.given = 0

    def readable(self):
        return True

    def readinto(self, buffer):
        buffer[:] = b" " * len(buffer)
        self.given += len(buffer)
        return len(buffer)


def test_no_more_than_the_limit_is_read():
    from tidings.ingest.decode import GzipReader, Refused, read_limited

    stream = Endless()
    with pytest.raises(Refused) as err:
        read_limited(stream, 100_000)
    assert err.value.code == "T105" and stream.given <= 100_001
    bomb = gzip.compress(b"\0" * 50_000_000)  # 50 MB of zeros in ~50 KB
    reader = GzipReader(io.BytesIO(bomb))
    with pytest.raises(Refused):
        read_limited(reader, 1_000_000)
    assert len(reader.buffer) < 1_000_000


def test_forced_format_and_format_names(tmp_path: Path):
    path = tmp_path / "feed.txt"
    path.write_bytes((FIXTURES / "feed.atom").read_bytes())
    (as_text,) = run([path])
    assert as_text.meta["input_format"] == "text"
    (as_feed,) = run([path], input_format="feed")
    assert as_feed.title == "Oslo hosts talks on Arctic fishing"
    assert format_for_name("x.JSONL.gz") == "jsonl" and format_for_name("a.warc.gz") == "warc"
    assert format_for_name("notes") is None


def test_encoding_option(tmp_path: Path):
    (tmp_path / "a.txt").write_bytes(f"Café talks\n\n{STORY} Señor García said.".encode("latin-1"))
    (tmp_path / "b.txt").write_bytes(f"Nile talks\n\n{STORY}".encode("utf-16"))
    latin, utf16 = run([tmp_path / "a.txt"], encoding="latin-1") + run([tmp_path / "b.txt"], encoding="utf-16")
    assert latin.title == "Café talks" and "Señor García" in latin.text
    assert utf16.title == "Nile talks" and utf16.text.startswith("Egypt and Sudan")
    (wrong,) = run([tmp_path / "b.txt"], encoding="ascii")
    assert wrong.code == "T114"
    jsonl = tmp_path / "c.jsonl"
    jsonl.write_bytes((json.dumps({"text": f"Café talks\n\n{STORY}"}, ensure_ascii=False) + "\n").encode("utf-16"))
    assert run([jsonl])[0].code == "T104"
    assert run([jsonl], encoding="utf-16")[0].title == "Café talks"
    mixed = tmp_path / "d.jsonl"
    mixed.write_bytes(json.dumps({"text": f"Nile talks\n\n{STORY}"}).encode() + b"\n" + b'{"text": "\xff bad"}\n'
                      + json.dumps({"text": f"Cafe talks\n\n{STORY}"}).encode() + b"\n")
    assert [getattr(i, "code", "ok") for i in run([mixed], encoding="ascii")] == ["ok", "T114", "ok"]


def test_damaged_utf8_is_not_called_latin1(tmp_path: Path):
    text = f"Nile talks — Café “Aswan”\n\n{STORY} Señor García said.".encode()
    (tmp_path / "a.txt").write_bytes(text[:40] + b"\xff" + text[40:])
    (err,) = run([tmp_path / "a.txt"])
    assert err.code == "T104" and "looks like UTF-8" in err.reason and "Latin-1" not in err.reason


def test_html_declared_charset_is_honoured(tmp_path: Path):
    html = page("Café talks", STORY + " Señor García said.").replace("<head>", '<head><meta charset="iso-8859-1">')
    (tmp_path / "p.html").write_bytes(html.encode("latin-1"))
    (article,) = run([tmp_path / "p.html"])
    assert "Señor García" in article.text


def test_raw_keeps_the_file_verbatim():
    raw = (EXAMPLES / "000_5904b99a19247a34.txt").read_text(encoding="utf-8")
    (article,) = run([EXAMPLES / "000_5904b99a19247a34.txt"], raw=True)
    assert article.text == raw and article.removed == [] and article.byline == "Nick John"


def test_bad_options_fail_before_reading():
    with pytest.raises(ConfigError):
        read_inputs(["x"], input_format="pdf")
    with pytest.raises(ConfigError):
        read_inputs(["x"], max_bytes=0)
    with pytest.raises(ConfigError):
        read_inputs(["x"], encoding="no-such-codec")
    assert DEFAULT_MAX_BYTES == 10 * 1024 * 1024


# --------------------------------------------------------------------------- stdin


def fake_stdin(monkeypatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BufferedReader(io.BytesIO(data)), encoding="utf-8"))


def test_stdin_text(monkeypatch):
    fake_stdin(monkeypatch, f"Nile talks resume\n\n{STORY}".encode())
    (article,) = run(["-"])
    assert article.source == "-" and article.title == "Nile talks resume" and article.outlet == "Reuters"


def test_stdin_jsonl(monkeypatch):
    fake_stdin(monkeypatch, (FIXTURES / "docs.jsonl").read_bytes())
    items = run(["-"], input_format="jsonl")
    assert [i.source for i in items] == ["-:1", "-:2", "-:3", "-:5"]
    assert items[0].id == "wire-001" and items[1].code == "T107"


def test_empty_folder_and_no_stdin(tmp_path: Path, monkeypatch):
    (tmp_path / ".only-hidden").write_text("x", encoding="utf-8")
    assert run([tmp_path])[0].code == "T102"
    monkeypatch.setattr(sys, "stdin", None)
    assert run(["-"])[0].code == "T113"


def test_stdin_empty_and_gzip(monkeypatch):
    fake_stdin(monkeypatch, b"")
    assert run(["-"])[0].code == "T102"
    fake_stdin(monkeypatch, gzip.compress(f"Nile talks resume\n\n{STORY}".encode()))
    assert run(["-"])[0].title == "Nile talks resume"


# --------------------------------------------------------------------------- feeds over http (loopback only)


@pytest.fixture
def local_site():
    """A small web server on 127.0.0.1 serving a feed and the pages it links to."""
    routes: dict[str, tuple[str, bytes]] = {}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - http.server's name
            if self.path not in routes:
                self.send_error(404)
                return
            ctype, body = routes[self.path]
            self.send_response(200)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    routes["/story"] = ("text/html; charset=utf-8", page("Nile talks resume", STORY).encode())
    routes["/feed"] = ("application/rss+xml", f"""<?xml version="1.0"?><rss version="2.0"><channel>
<title>Delta Wire</title>
<item><title>Nile talks resume</title><link>{base}/story</link><pubDate>Sun, 14 Jun 2020 10:00:00 GMT</pubDate>
<description>Egypt and Sudan agree to resume talks.</description></item>
<item><title>Gone</title><link>{base}/gone</link><pubDate>Mon, 15 Jun 2020 10:00:00 GMT</pubDate>
<description>A short summary of a page that is gone.</description></item>
</channel></rss>""".encode())
    yield base
    server.shutdown()
    server.server_close()


def test_feed_url_uses_entry_summaries_by_default(local_site):
    first, second = run([f"{local_site}/feed"])
    assert first.text == "Egypt and Sudan agree to resume talks." and first.outlet == "Delta Wire"
    assert first.url == f"{local_site}/story" and first.stated_date == "2020-06-14"
    assert second.text == "A short summary of a page that is gone."


def test_feed_url_fetches_linked_pages_when_asked(local_site):
    items = run([f"{local_site}/feed"], fetch_links=True)
    full, failed, fallback = items
    assert full.text.startswith("Egypt and Sudan agreed on Sunday") and full.outlet == "Delta Wire"
    assert full.title == "Nile talks resume" and full.stated_date == "2020-06-14"
    assert isinstance(failed, ReadError) and failed.code == "T112" and "404" in failed.reason
    assert fallback.text == "A short summary of a page that is gone."  # the feed's own text


def test_unreachable_url_is_a_read_error(local_site):
    (missing,) = run([f"{local_site}/nothing"])
    assert missing.code == "T112" and "404" in missing.reason
    (story,) = run([f"{local_site}/story"])  # a URL to a page is read as HTML
    assert story.title == "Nile talks resume"
