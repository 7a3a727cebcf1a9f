"""The per-document budget (time and size) holds on every way in: ``tidings.extract``, the
``tidings extract`` CLI, the REST API's ``/api/extract`` (a worker thread), as in ingest batches.
A document past it is one coded line (T501 time, T148 size), never a hang; the budget is
configurable (options, flags, ``TIDINGS_BUDGET``), and ordinary documents pass."""

from __future__ import annotations

import json
import threading
import time

import pytest
from click.testing import CliRunner

import tidings
from tidings import pipeline
from tidings.cli import main
from tidings.errors import ConfigError

# thousands of dates: the date grouping and the events' coordinated dates once went cubic on it
DATES = "Meetings were held on " + ", ".join(f"June {d % 28 + 1}, {2000 + d % 20}" for d in range(3000)) + "."
# one run-on sentence of 3,000 words, every clause a possible event
_WORDS = "the minister said that the army attacked the rebels and the rebels attacked the police and".split()
RUN_ON = "The president said that " + " ".join(_WORDS[i % len(_WORDS)] for i in range(3000)) + " the talks ended."
GOOD = ("The foreign minister said on Monday that talks with Iran would resume in Vienna next week. "
        "North Korea fired a missile on Tuesday, the South Korean army said.")
TIGHT = pipeline.Options(budget_base=0.5, budget_per_10kb=0.0)


def _refused(call, *, within: float = 30.0) -> str:
    start = time.monotonic()
    with pytest.raises(pipeline.OverBudget) as caught:
        call()
    elapsed = time.monotonic() - start
    message = str(caught.value)
    print(f"refused in {elapsed:.1f} s: {message}")
    assert message.startswith("[T501]") and "\n" not in message and "budget of 0.5 s" in message
    assert elapsed < within  # the budget, plus the spaCy call it was in, plus slack for a loaded machine
    return message


def test_the_budget_formula_is_configurable(monkeypatch):
    assert pipeline.analysis_budget("x" * 20_000) == pipeline.BUDGET_BASE + 2 * pipeline.BUDGET_PER_10KB
    assert pipeline.analysis_budget(10_000, base=2, per_10kb=1) == 3
    assert pipeline.analysis_budget("text", base=0) is None  # 0: no budget
    monkeypatch.setenv("TIDINGS_BUDGET", "1.5")
    monkeypatch.setenv("TIDINGS_BUDGET_PER_10K", "0.5")
    assert pipeline.analysis_budget(20_000) == 2.5
    assert pipeline.Options().budget_for(20_000) == 2.5
    assert pipeline.Options(budget_base=4).budget_for(20_000) == 5.0  # an option wins over the environment
    assert pipeline.Options(budget=False).budget_for(20_000) is None
    monkeypatch.setenv("TIDINGS_BUDGET", "soon")
    with pytest.raises(ConfigError, match=r"^\[T300\] TIDINGS_BUDGET must be a number"):
        pipeline.analysis_budget(10)
    monkeypatch.setenv("TIDINGS_BUDGET", "-3")
    with pytest.raises(ConfigError):
        pipeline.analysis_budget(10)


@pytest.mark.model
@pytest.mark.parametrize("text", [DATES, RUN_ON], ids=["3000-dates", "run-on-sentence"])
def test_extract_refuses_a_pathological_document_past_its_budget(text):
    _refused(lambda: tidings.extract(text, options=TIGHT))


@pytest.mark.model
def test_extract_passes_an_ordinary_document_and_the_budget_can_be_set_in_the_environment(monkeypatch):
    result = tidings.extract(GOOD)  # the default budget
    assert result.events and result.text.startswith("The foreign minister")
    monkeypatch.setenv("TIDINGS_BUDGET", "0.5")
    monkeypatch.setenv("TIDINGS_BUDGET_PER_10K", "0")
    _refused(lambda: tidings.extract(DATES))


@pytest.mark.model
def test_the_budget_holds_off_the_main_thread_and_leaves_the_thread_working():
    out: dict = {}

    def work():
        try:
            tidings.extract(RUN_ON, options=TIGHT)
        except pipeline.OverBudget as exc:
            out["refused"] = str(exc)
        time.sleep(0.7)  # past where the budget would have fired: nothing pending may arrive now
        out["after"] = tidings.extract(GOOD, options=pipeline.Options(budget_base=60)).text

    thread = threading.Thread(target=work)
    thread.start()
    thread.join(120)
    assert not thread.is_alive()
    assert out["refused"].startswith("[T501]") and out["after"] == GOOD


def test_a_watchdog_that_is_cancelled_in_time_raises_nothing_later():
    done = []

    def work():
        for _ in range(20):
            with pipeline._budget(0.05):
                pass  # finishes long before the budget
        time.sleep(0.3)
        done.append(True)

    thread = threading.Thread(target=work)
    thread.start()
    thread.join(10)
    assert done == [True]


@pytest.mark.model
def test_extract_refuses_a_document_past_the_size_budget_at_once():
    start = time.monotonic()
    with pytest.raises(pipeline.DocumentTooLong) as caught:
        tidings.extract("word " * 200_001, raw=True)
    assert str(caught.value).startswith("[T148] text of 1,000,005 characters")
    assert time.monotonic() - start < 10  # refused before any parsing


@pytest.mark.model
def test_the_extract_command_prints_one_error_line_for_the_document_past_its_budget(tmp_path):
    (tmp_path / "a_dates.txt").write_text(DATES)
    (tmp_path / "b_good.txt").write_text(GOOD)
    result = CliRunner().invoke(main, ["extract", "--budget", "0.5", "--budget-per-10k", "0", str(tmp_path)],
                                catch_exceptions=False)
    assert result.exit_code == 1
    first, second = [json.loads(line) for line in result.stdout.splitlines()]
    assert first["error"].startswith("[T501]") and first["source"].endswith("a_dates.txt")
    assert second["text"] == GOOD and second["events"]
    assert "Traceback" not in result.output


@pytest.mark.model
def test_the_api_extract_endpoint_answers_422_t501_past_the_budget(monkeypatch, tmp_path):
    pytest.importorskip("fastapi")
    from test_api import Client, build_store
    from tidings.api import create_app

    client = Client(create_app(str(build_store(tmp_path / "api.duckdb"))))
    ok = client.request("POST", "/api/extract", json={"text": GOOD})
    assert ok.status_code == 200 and ok.json()["events"], ok.text[:300]
    monkeypatch.setenv("TIDINGS_BUDGET", "0.5")
    monkeypatch.setenv("TIDINGS_BUDGET_PER_10K", "0")
    start = time.monotonic()
    refused = client.request("POST", "/api/extract", json={"text": RUN_ON})
    assert refused.status_code == 422, refused.text[:300]
    assert refused.json()["error"]["code"] == "T501" and time.monotonic() - start < 30
    monkeypatch.delenv("TIDINGS_BUDGET")
    again = client.request("POST", "/api/extract", json={"text": GOOD})  # the worker is free and well again
    assert again.status_code == 200 and again.json()["text"] == GOOD


def test_the_main_thread_alarm_fires_again_when_its_first_timeout_is_swallowed():
    import gc

    class Swallower:
        """A finaliser that runs Python code (and swallows what is raised in it), as GC callbacks do."""

        def __del__(self):
            time.sleep(0.3)  # the first alarm lands here and is lost

    start = time.monotonic()
    with pytest.raises(pipeline._Timeout):
        with pipeline._budget(0.1):
            Swallower()  # finalised at once: the alarm fires inside __del__
            gc.collect()
            while time.monotonic() - start < 10:
                sum(range(1000))
    assert time.monotonic() - start < 5  # the next alarm (0.5 s later) ends the work
    time.sleep(0.8)  # and nothing arrives after the block


def test_a_cold_process_does_not_charge_loading_to_its_first_document():
    """Loading the stages' data (dictionaries, gazetteer, lexicon) takes seconds in a fresh
    process; it happens before the first document's clock starts (``pipeline.warm``), so a short
    report with a 2-second budget passes there, in ``extract`` and in a batch alike."""
    import subprocess
    import sys

    script = (
        "import tidings\n"
        "from tidings import pipeline\n"
        "from tidings.model import Article\n"
        "opts = pipeline.Options(budget_base=2.0, budget_per_10kb=0.0)\n"
        f"a = tidings.extract({GOOD!r}, dct='2019-06-03', options=opts)\n"
        "print(len(a.events) > 0)\n"
    )
    for variant in (script, script.replace(
            "a = tidings.extract(", "a = next(pipeline.analyze_many([Article(id='x', text=").replace(
            ", dct='2019-06-03', options=opts)", ")], opts, dct='2019-06-03'))")):
        done = subprocess.run([sys.executable, "-c", variant], capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr[-2000:]
        assert done.stdout.strip() == "True"


def test_warm_up_runs_once_per_pipeline_and_stages(monkeypatch):
    calls = []
    monkeypatch.setattr(pipeline, "_warmed", set())
    real = pipeline.analyze
    monkeypatch.setattr(pipeline, "analyze", lambda *a, **k: calls.append(k["options"]) or real(*a, **k))
    pipeline.warm(pipeline.Options(stages=("time",)))
    pipeline.warm(pipeline.Options(stages=("time",)))
    assert len(calls) == 1 and calls[0].budget is False
    pipeline.warm(pipeline.Options(stages=("time", "events")))
    assert len(calls) == 2
