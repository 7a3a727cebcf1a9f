"""The pipeline's batch contract: order kept, one bad document never stops the others."""

from __future__ import annotations

import pytest

from tidings.errors import ConfigError
from tidings.model import Article, content_id
from tidings.pipeline import DocumentTooLong, Options, StageError, analyze, analyze_stream

pytestmark = pytest.mark.model


def article(text: str) -> Article:
    return Article(id=content_id(text), text=text)


def test_an_over_long_document_fails_alone_and_order_is_kept():
    from tidings import nlp

    limit = nlp.load().max_length
    good1 = article("Japan and China held talks in Beijing on Monday.")
    huge = article("word " * (limit // 5 + 10))
    good2 = article("Russia and Ukraine exchanged prisoners on Friday.")
    results = list(analyze_stream([good1, huge, good2], Options(stages=())))
    assert [a.id for a, _ in results] == [good1.id, huge.id, good2.id]
    assert not isinstance(results[0][1], StageError) and results[0][1].sentences
    assert isinstance(results[1][1], DocumentTooLong)
    assert str(results[1][1]).startswith("[T148] text of ")
    assert not isinstance(results[2][1], StageError) and results[2][1].sentences


def test_reader_errors_pass_through_in_their_place():
    marker = object()
    good = article("The United Nations imposed sanctions on North Korea.")
    results = list(analyze_stream([marker, good], Options(stages=())))
    assert results[0] == (marker, None)
    assert results[1][0] is good


def test_a_stage_that_raises_fails_one_document(monkeypatch):
    import tidings.pipeline as pipeline

    real = pipeline.analyze

    def flaky(item, *args, **kwargs):
        if "explode" in item.text:
            raise RuntimeError("boom")
        return real(item, *args, **kwargs)

    monkeypatch.setattr(pipeline, "analyze", flaky)
    docs = [article("Peace talks resumed in Geneva."), article("This one will explode."),
            article("Troops withdrew from the border.")]
    kinds = [type(r).__name__ for _, r in analyze_stream(docs, Options(stages=()))]
    assert kinds == ["Analysis", "StageError", "Analysis"]


def test_unknown_stage_is_a_config_error():
    with pytest.raises(ConfigError, match="unknown stage"):
        analyze(article("Talks resumed."), options=Options(stages=("time", "weather")))


def test_a_documents_own_date_wins_over_the_batch_date():
    a = article("Leaders met on Tuesday.")
    a.meta["dct"] = "2018-06-12"
    result = analyze(a, dct="2020-01-01", options=Options(stages=("time",)))
    assert result.dct.used == "2018-06-12" and result.dct.source == "given"
    assert [t.value for t in result.timexes] == ["2018-06-12"]
