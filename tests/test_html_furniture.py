"""The HTML furniture pre-pass and the stated-date choices, on constructed pages of several layouts."""

from __future__ import annotations

import sys
from pathlib import Path

import lxml.html
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from html_pages import pages  # noqa: E402

from tidings import clean  # noqa: E402
from tidings.ingest.furniture import prune_furniture  # noqa: E402

PAGES = {p.name: p for p in pages()}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_each_page_keeps_its_article_drops_its_furniture_and_gets_its_date(name):
    page = PAGES[name]
    article = clean.article_from_html(page.html)
    for paragraph in page.gold:
        assert paragraph in article.text, paragraph
    for phrase in page.furniture:
        assert phrase.lower() not in article.text.lower(), phrase
    assert article.stated_date == page.date


def _pruned(body: str) -> tuple[str, dict]:
    root = lxml.html.document_fromstring(f"<html><body><article><h1>T</h1><p>{'word ' * 40}</p></article>"
                                         f"{body}</body></html>")
    removed = prune_furniture(root)
    return " ".join(root.text_content().split()), dict(removed)


def test_named_hidden_repeat_and_link_dense_rules_each_fire_and_controls_stay():
    text, removed = _pruned('<div class="relatedStories"><p>Other story here now</p></div>')
    assert "Other story" not in text and removed == {"named": 1}
    text, removed = _pruned('<p>Visible <span style="display: none">pop-up text</span> words.</p>')
    assert "pop-up" not in text and "Visible" in text and removed == {"hidden": 1}
    text, removed = _pruned('<p>Sen. <a href="/p">Jane Roe<b>Jane Roe voted against the bill</b></a> said no.</p>')
    assert text.endswith("Sen. Jane Roe said no.") and removed == {"repeats-link": 1}
    text, removed = _pruned('<p>MUST READ <a href="/1">Minister quits after row</a> <a href="/2">Army moves in</a></p>')
    assert "Minister quits" not in text and removed == {"link-dense": 1}
    # controls: a sentence with linked names, a story container named "card", a class "cardinal"
    text, removed = _pruned('<p><a href="/k">Kim Jong Un</a> met <a href="/t">Donald Trump</a> in Hanoi.</p>'
                            '<div class="cardinal"><p>The cardinal spoke.</p></div>')
    assert "met Donald Trump in Hanoi." in text and "The cardinal spoke." in text and removed == {}


def test_placeholder_and_impossible_dates_are_refused_with_a_reason():
    assert "placeholder" in clean.date_refusal("0001-01-01")
    assert "epoch" in clean.date_refusal("1970-01-01")
    assert "future" in clean.date_refusal("2999-05-01")
    assert clean.date_refusal("1899-12-31") and clean.date_refusal("2019-11-20") is None
    article = clean.article_from_html(PAGES["detroit-placeholder-date"].html)
    assert article.stated_date is None
    assert article.meta["date_refused"][0]["value"] == "0001-01-01"
    assert "JSON-LD" in article.meta["date_refused"][0]["from"]


def test_dateline_and_headline_dates_are_stated_dates_and_disagreement_is_explained():
    wire = clean.article_from_html(PAGES["reuters-dateline"].html)
    assert wire.stated_date == "2019-11-20" and wire.meta["stated_date_from"] == "dateline"
    assert wire.meta["date_choice"]["other"] == "2019-11-28" and "dateline" in wire.meta["date_choice"]["why"]
    glued = clean.article_from_html(PAGES["panarmenian-sidebar"].html)
    assert glued.title == "Armenia, Georgia discuss new border crossing" and glued.stated_date == "2019-11-20"
    assert clean.split_glued_date("Talks end November 20, 2019 - 11:28 AMT") == ("Talks end", "2019-11-20")
    assert clean.split_glued_date("Talks were held on November 20, 2019 - 11:28 AMT") is None  # a sentence
    assert clean.split_glued_date("Talks end November 20, 2019") is None  # no time: not a layout's date stamp
    # a text dateline a day from the metadata: they agree, the metadata's date stays
    agree = clean.clean_text("Talks end\n\nBEIRUT, June 12 (AP) - The talks ended on Tuesday in Beirut with a deal.")
    assert agree.meta.get("dateline_date") == "June 12" and "date_choice" not in agree.meta


@pytest.mark.model
def test_furniture_pages_give_no_event_or_quote_from_furniture():
    import tidings

    for page in PAGES.values():
        result = tidings.extract(page.html)
        said = [e.sentence.text for e in result.events] + [q.text for q in result.quotes]
        for phrase in page.furniture:
            assert not any(phrase.lower() in s.lower() for s in said), (page.name, phrase)
