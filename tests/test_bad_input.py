"""Bad input, each with variants: bounded work, special files, one bad JSONL line, bombs, junk, escapes."""

from __future__ import annotations

import json
import os
import zlib

import pytest

from tidings.ingest import read_inputs


def _read(paths):
    return [(x.source, getattr(x, "code", None), getattr(x, "text", None)) for x in read_inputs(paths)]


def test_fifos_and_device_links_inside_a_folder_are_refused_not_waited_on(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    os.mkfifo(tmp_path / "pipe")  # no suffix: sniffing would read it
    os.symlink("/dev/zero", tmp_path / "zero.txt")
    os.symlink("/dev/null", tmp_path / "null.jsonl")
    (tmp_path / "good.txt").write_text("The minister said on Monday that talks would resume.")
    got = {os.path.basename(s): (code, text) for s, code, text in _read([tmp_path])}
    assert got["good.txt"][1].startswith("The minister")
    for name in ("pipe.txt", "pipe", "zero.txt", "null.jsonl"):
        assert got[name][0] == "T113", name
    assert _read(["/dev/zero"])[0][1] == "T113"


def test_a_lone_surrogate_line_is_one_error_and_later_lines_are_read(tmp_path):
    lines = ['{"text": "The president said on Monday that talks would go on."}',
             '{"text": "a\\ud800b The minister said talks failed."}',
             '{"title": "x\\udfff", "text": "A minister said on Tuesday that the talks failed."}',
             '{"\\udc00key": 1, "text": "The court said on Friday that the law stands."}',
             '{"text": "The army said on Friday that rebels attacked a convoy."}']
    path = tmp_path / "s.jsonl"
    path.write_text("\n".join(lines) + "\n")
    got = _read([path])
    assert [code for _, code, _ in got] == [None, "T107", "T107", "T107", None]
    assert got[-1][0].endswith(":5")


def test_a_small_gzip_of_a_huge_run_of_blank_lines_is_skipped_in_bulk(tmp_path):
    compressor = zlib.compressobj(1, zlib.DEFLATED, 31)
    block = b"\n" * (1 << 20) + b" \r\n\t" * 1000
    parts = [compressor.compress(block) for _ in range(256)]  # 256 MiB of blank lines
    parts += [compressor.compress(b'{"text": "The army said on Friday that rebels attacked a convoy."}\n'),
              compressor.flush()]
    path = tmp_path / "blank.jsonl.gz"
    path.write_bytes(b"".join(parts))
    (source, code, text), = _read([path])
    assert code is None and text.startswith("The army")
    assert source.endswith(f":{256 * ((1 << 20) + 1000) + 1}")  # line numbers still count every line


def test_feed_entity_junk_is_not_text_and_real_entities_stay(tmp_path):
    feed = tmp_path / "lol.xml"
    feed.write_text("""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol9 "&lol;&lol;&lol;">]>
<rss version="2.0"><channel><title>Feed</title>
<item><title>A</title><description>The minister said on Monday that talks would resume. &lol9;</description></item>
<item><title>B</title><description>&lol9;</description></item>
<item><title>C</title><description>AT&amp;T and Q&amp;A said on Friday that the deal &amp;lol9; is off.</description></item>
</channel></rss>""")
    got = _read([feed])
    assert got[0][2] == "The minister said on Monday that talks would resume."
    assert got[1][1] == "T119"
    assert "AT&T and Q&A" in got[2][2] and "lol" not in got[2][2]


def test_exports_escape_line_separators():
    from tidings.export import json_line

    line = json_line({"text": "one\u2028two\u2029three é"})
    assert "\u2028" not in line and "\u2029" not in line and "é" in line
    assert len(line.splitlines()) == 1 and json.loads(line)["text"] == "one\u2028two\u2029three é"


def test_grouping_same_day_mentions_reads_the_text_once_however_many_dates():
    from tidings.model import Timex
    from tidings.time import docdate

    text = ", ".join(f"June {d % 28 + 1}" for d in range(3000))

    class Doc:
        reads = 0

        @property
        def text(self):
            Doc.reads += 1
            return text

    mentions, start = [], 0
    for d in range(3000):
        words = f"June {d % 28 + 1}"
        timex = Timex(start=start, end=start + len(words), text=words, type="DATE",
                      value=f"XXXX-06-{d % 28 + 1:02d}", anchor="dct")
        mentions.append(docdate._Mention(timex, "month-day", "past", {"word:meeting"} if d % 2 else set(),
                                         month=6, day=d % 28 + 1))
        start += len(words) + 2
    groups = docdate._groups(mentions, Doc())
    assert Doc.reads == 1
    assert len(groups) == 1 and len(groups[0]) == 3000  # all written together


def test_an_expression_the_calendar_cannot_hold_stays_unresolved(parse):
    from tidings.time import extract_timexes

    for text in ("It happened 30 centuries ago, officials said.", "Settlers came 9000 years ago.",
                 "It will be back in 100 millennia from now."):
        timexes = extract_timexes(parse(text), dct="2020-05-05")
        assert timexes and all(t.value and t.value.startswith("X") for t in timexes if "ago" in t.text
                               or "from now" in t.text), text
    ok = extract_timexes(parse("It happened 3 centuries ago."), dct="2020-05-05")
    assert ok[0].value.startswith("17")


def test_a_contradicted_stated_date_anchors_nothing_the_window_cannot_fix(parse):
    import tidings

    text = open(os.path.join(os.path.dirname(__file__), "..", "examples", "000_5904b99a19247a34.txt")).read()
    result = tidings.extract(text)
    assert result.dct.used is None and result.dct.source == "window" and result.dct.contradicted
    assert {t.value for t in result.timexes if t.text == "June 12"} == {"XXXX-06-12"}
    assert not any(e.date and e.date.startswith("2024") for e in result.events)


def test_a_document_over_its_budget_is_refused_and_the_batch_goes_on(monkeypatch):
    import time

    from tidings import pipeline
    from tidings.model import Article

    real = pipeline.analyze

    def slow(article, *args, **kwargs):
        if "slow" in article.text:
            time.sleep(5)
        return real(article, *args, **kwargs)

    monkeypatch.setattr(pipeline, "analyze", slow)
    monkeypatch.setattr(pipeline, "BUDGET_BASE", 0.3)
    articles = [Article(id="a", text="This slow text waits."), Article(id="b", text="The army said on Friday.")]
    out = list(pipeline.analyze_stream(articles, pipeline.Options(stages=())))
    assert isinstance(out[0][1], pipeline.OverBudget) and str(out[0][1]).startswith("[T501]")
    assert out[1][1].id == "b"


@pytest.mark.model
def test_a_folder_of_bad_inputs_mixed_with_good_ones_stores_every_good_document(tmp_path):
    from tidings.store.db import connect
    from tidings.store.ingest import ingest_paths

    folder = tmp_path / "in"
    folder.mkdir()
    os.mkfifo(folder / "fifo.txt")
    os.symlink("/dev/zero", folder / "zero.txt")
    (folder / "good1.txt").write_text("The minister said on Monday that talks with Iran would resume in Vienna.")
    (folder / "lines.jsonl").write_text('{"text": "a\\ud800"}\n{"text": "Rebels attacked a convoy near Goma '
                                        'on Friday, the army said."}\n')
    (folder / "dates.txt").write_text("Meetings were held on " + ", ".join(
        f"June {d % 28 + 1}" for d in range(800)) + ".")
    (folder / "old.txt").write_text("The empire fell 30 centuries ago, historians said on Monday.")
    (folder / "deep.html").write_text("<html><body>" + "<div>" * 300 + "<p>Parliament elected a new speaker "
                                      "on Thursday after weeks of deadlock between the parties.</p>"
                                      + "</div>" * 300 + "</body></html>")
    summary = ingest_paths([folder], tmp_path / "db.duckdb", index=False)
    assert summary.stored == 5 and summary.failed == 3, summary.errors
    assert sorted(e.reason[:6] for e in summary.errors) == ["[T107]", "[T113]", "[T113]"]
    with connect(tmp_path / "db.duckdb", read_only=True) as con:
        assert con.execute("SELECT count(*) FROM articles").fetchone() == (5,)
