"""The streaming ``tidings link duplicates|events|stories FILE``: the file is read and linked
a bounded batch at a time through a temporary store, and prints what the in-memory functions
print on the whole file."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from tidings.cli import main
from tidings.link import find_duplicates, group_stories, merge_events

from test_link_incremental import corpus


def _lines(records) -> list[str]:
    return [json.dumps(r.as_dict(), ensure_ascii=False) for r in records]


@pytest.fixture(scope="module")
def jsonl(tmp_path_factory):
    analyses = corpus(60, seed=4)
    # an event nobody can match (no date), for --all
    analyses[0].events[0].date = None
    # loose copies (every tenth word changed: Jaccard about 0.4), found only at a low threshold
    from tidings.model import Analysis

    for k, src in enumerate(analyses[5:8]):
        loose = Analysis.from_dict(src.as_dict())
        loose.id = f"y{k:03d}"
        words = src.text.split()
        loose.text = " ".join(f"changed{k}{n}" if n % 10 == 5 else w for n, w in enumerate(words))
        analyses.append(loose)
    path = tmp_path_factory.mktemp("stream") / "analyses.jsonl"
    lines = [json.dumps(a.as_dict(), ensure_ascii=False) for a in analyses]
    lines.insert(3, json.dumps({"id": "bad", "error": "E-TEST: failed"}))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path, analyses


@pytest.mark.parametrize("batch", [7, 1000])
def test_streaming_link_prints_what_the_in_memory_functions_print(jsonl, batch):
    path, analyses = jsonl
    expected = {
        "duplicates": _lines(find_duplicates(analyses)),
        "events": _lines(merge_events(analyses)),
        "stories": _lines(group_stories(analyses)),
    }
    assert len(expected["duplicates"]) >= 3 and len(expected["events"]) > 10
    assert any(len(json.loads(s)["articles"]) > 1 for s in expected["stories"])
    assert any(json.loads(d)["repost"] for d in expected["duplicates"])  # evidence rebuilt
    runner = CliRunner()
    for command, want in expected.items():
        result = runner.invoke(main, ["link", command, str(path), "--batch-size", str(batch)])
        assert result.exit_code == 0, result.output
        assert result.stdout.splitlines() == want, command
        assert "skipped 1 line" in result.stderr
    undated = _lines(merge_events(analyses, include_undated=True))
    assert len(undated) > len(expected["events"])
    result = runner.invoke(main, ["link", "events", str(path), "--all", "--batch-size", str(batch)])
    assert result.stdout.splitlines() == undated
    low = _lines(find_duplicates(analyses, threshold=0.3))
    assert len(low) > len(expected["duplicates"])  # a low threshold finds pairs across batches too
    result = runner.invoke(main, ["link", "duplicates", str(path), "--threshold", "0.3", "--batch-size", str(batch)])
    assert result.stdout.splitlines() == low


def test_streaming_link_holds_one_batch_at_a_time(jsonl, monkeypatch):
    import tidings.store.link as store_link

    path, analyses = jsonl
    sizes = []
    real = store_link.link_batch_into_store

    def spy(con, batch, *args, **kwargs):
        sizes.append(len(batch))
        return real(con, batch, *args, **kwargs)

    monkeypatch.setattr(store_link, "link_batch_into_store", spy)
    result = CliRunner().invoke(main, ["link", "events", str(path), "--batch-size", "8"])
    assert result.exit_code == 0, result.output
    assert max(sizes) <= 8 and sum(sizes) == len(analyses)


def test_streaming_link_errors_stay_one_line(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x"}\nnot json\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["link", "events", str(bad)])
    assert result.exit_code != 0 and "Traceback" not in result.output
    result = CliRunner().invoke(main, ["link", "stories", str(tmp_path / "missing.jsonl")])
    assert result.exit_code != 0 and "cannot read" in result.output
    result = CliRunner().invoke(main, ["link", "events", str(bad), "--batch-size", "0"])
    assert result.exit_code != 0 and "batch-size" in result.output


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\u0085"])
def test_a_raw_line_separator_inside_a_json_string_is_text_not_a_line_end(tmp_path, separator):
    """JSON lines end at newlines only: other tools write U+2028 and friends raw inside strings
    (valid JSON), and str.splitlines() would cut such a line in two."""
    from tidings.link.cli import read_analyses

    analyses = corpus(12, seed=5)
    for a in analyses:
        a.title = f"Talks{separator}resume"
        a.text = a.text.replace(" ", separator, 1)
    path = tmp_path / "raw.jsonl"
    path.write_text("".join(json.dumps(a.as_dict(), ensure_ascii=False) + "\n" for a in analyses), encoding="utf-8")
    assert separator in path.read_text(encoding="utf-8")
    assert [a.id for a in read_analyses(str(path))] == [a.id for a in analyses]
    runner = CliRunner()
    for command, want in (("events", merge_events(analyses)), ("stories", group_stories(analyses)),
                          ("duplicates", find_duplicates(analyses))):
        result = runner.invoke(main, ["link", command, str(path), "--batch-size", "5"])
        assert result.exit_code == 0, result.output
        assert [json.loads(line) for line in result.stdout.splitlines()] == [r.as_dict() for r in want], command
    result = runner.invoke(main, ["link", "dates", str(path)])
    assert result.exit_code == 0, result.output
