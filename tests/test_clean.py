"""Cleaning of scraped text: the two seeds, and constructed variants of every rule."""

from __future__ import annotations

from pathlib import Path

import pytest

from tidings.clean import (
    NoBodyTextError,
    NoTextError,
    article_from_input,
    clean_text,
    find_date,
    looks_like_html,
    parse_date,
)
from tidings.errors import TidingsError
from tidings.model import content_id

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
SEED_000 = EXAMPLES / "000_5904b99a19247a34.txt"
SEED_004 = EXAMPLES / "004_3979278851648cfb.txt"

BODY = (
    "Officials from both governments met on Tuesday to discuss the terms of the agreement, "
    "which would cut tariffs on steel and grain.\n\n"
    "The talks are expected to continue next week in Geneva, a spokesman said."
)


@pytest.fixture(scope="module")
def seed_000():
    return clean_text(SEED_000.read_text(encoding="utf-8"), source=str(SEED_000))


@pytest.fixture(scope="module")
def seed_004():
    return clean_text(SEED_004.read_text(encoding="utf-8"), source=str(SEED_004))


# --------------------------------------------------------------------------- the seeds


def test_seed_000_title_once_and_not_in_body(seed_000):
    assert seed_000.title == "Meeting the US president – the biggest victory of the Kim family"
    assert "biggest victory of the Kim family" not in seed_000.text
    assert seed_000.removed.count("Meeting the US president - the biggest victory of the Kim family 0") == 2


def test_seed_000_byline_date_and_tags(seed_000):
    assert seed_000.byline == "Nick John"
    assert seed_000.stated_date == "2023-12-04"
    assert seed_000.meta["tags"] == ["Meeting", "president"]
    assert "Avatar" not in seed_000.text and "#Meeting" not in seed_000.text


def test_seed_000_furniture_out_of_body(seed_000):
    for line in ("Related Post", "Leave a Reply", "Your email address will not be published"):
        assert line not in seed_000.text
        assert any(r.startswith(line) for r in seed_000.removed)
    assert seed_000.meta["signature"] == "Vu Hoang"
    assert not seed_000.text.rstrip().endswith("Vu Hoang")
    # the caption under the picture goes, the section headings and the quotes stay
    assert "Kim Jong-un (left) and US President Donald Trump." not in seed_000.text
    assert "\n\nEarn respect\n\n" in seed_000.text
    assert seed_000.text.startswith("US and North Korean officials are rushing")
    assert seed_000.text.endswith("challenges or insecurities,` Lee said.")


def test_seed_000_keeps_paragraph_breaks_and_id(seed_000):
    lines = [line for line in SEED_000.read_text(encoding="utf-8").splitlines() if line.strip()]
    first = next(i for i, line in enumerate(lines) if line.startswith("US and North Korean officials"))
    last = next(i for i, line in enumerate(lines) if line.startswith("`He was a young man"))
    # every paragraph of the story, each once, in order, separated by a blank line
    assert seed_000.text.split("\n\n") == lines[first:last + 1]
    assert seed_000.id == content_id(seed_000.text)
    assert seed_000.raw == SEED_000.read_text(encoding="utf-8")


def test_seed_004_outlet_and_caption(seed_004):
    assert seed_004.outlet == "VOVWORLD"
    assert seed_004.title == "New period in US-North Korean relations"
    assert seed_004.text.startswith("US President Donald Trump and North Korean leader Kim Jong-un are holding")
    assert "ảnh 1" not in seed_004.text and "Getty" not in seed_004.text
    assert seed_004.photo_credits == ["Straits Times/Getty Images"]
    assert "(VOVWORLD) -" in seed_004.removed
    assert "Related News" not in seed_004.text
    assert seed_004.text.endswith("seek peace and stability on the Korean peninsula.")


def test_removed_lines_are_in_document_order(seed_004):
    assert seed_004.removed[0] == "New period in US-North Korean relations"
    assert seed_004.removed[1] == "(VOVWORLD) -"
    assert seed_004.meta["removed_kinds"][:3] == ["title", "dateline", "caption"]


# --------------------------------------------------------------------------- titles


@pytest.mark.parametrize("repeat", [
    "Leaders meet in Hanoi — talks collapse",
    "Leaders meet in Hanoi - talks collapse 12",
    "LEADERS MEET IN HANOI – TALKS COLLAPSE",
    "Leaders meet in Hanoi – talks collapse | The Daily Courier",
])
def test_title_repeats_are_dropped(repeat):
    raw = f"Leaders meet in Hanoi – talks collapse\n\n{repeat}\n\n{BODY}"
    article = clean_text(raw)
    assert article.title == "Leaders meet in Hanoi – talks collapse"
    assert article.text == BODY


def test_given_title_is_used_and_removed_from_body():
    article = clean_text(f"Tariff talks resume\n\n{BODY}", title="Tariff talks resume")
    assert article.title == "Tariff talks resume" and article.text == BODY


def test_first_sentence_is_not_taken_for_a_title():
    article = clean_text(BODY)
    assert article.title is None and article.text == BODY


# --------------------------------------------------------------------------- bylines and dates


@pytest.mark.parametrize("line,name,date", [
    ("By Jane Doe | March 3, 2021", "Jane Doe", "2021-03-03"),
    ("Posted by Ahmed Khalil on 2021-03-03", "Ahmed Khalil", "2021-03-03"),
    ("By MARIA DE LA CRUZ", "MARIA DE LA CRUZ", None),
    ("Avatar of Lena Park By Lena Park Jan15,2019 #Seoul #diplomacy", "Lena Park", "2019-01-15"),
    ("By Tom Reed and Ana Silva, 12 July 2017", "Tom Reed and Ana Silva", "2017-07-12"),
    ("Written by Olga Ivanova · Monday, June 11, 2018 10:45 AM", "Olga Ivanova", "2018-06-11"),
    ("Author: Kwame Mensah", "Kwame Mensah", None),
    ("By Lucy Hale | 9 May 2022, 14:05 | Associated Press", "Lucy Hale", "2022-05-09"),
])
def test_byline_forms(line, name, date):
    article = clean_text(f"Trade talks resume\n\n{line}\n\n{BODY}")
    assert article.byline == name
    assert article.stated_date == date
    assert line not in article.text and article.text == BODY


def test_name_comma_outlet_byline():
    article = clean_text(f"Ceasefire holds\n\nJane Doe, Reuters\n\n{BODY}")
    assert (article.byline, article.outlet) == ("Jane Doe", "Reuters")
    # a person and their role is a byline too, but the role is not an outlet
    article = clean_text(f"Ceasefire holds\n\nBy Paul Grant, Staff Writer\n\n{BODY}")
    assert article.byline == "Paul Grant" and article.outlet is None
    assert article.meta["byline_affiliation"] == "Staff Writer"


def test_a_sentence_starting_with_by_is_body_text():
    text = "By the end of the day, negotiators had agreed on a framework for further talks in Vienna."
    article = clean_text(f"Deal near\n\n{text}\n\n{BODY}")
    assert article.byline is None and article.text.startswith(text)


@pytest.mark.parametrize("line,expected", [
    ("Published: 3 March 2021", "2021-03-03"),
    ("March 3, 2021 | 08:15 GMT", "2021-03-03"),
    ("Updated 2019-11-30T09:00:00Z", "2019-11-30"),
    ("04.12.2023", "2023-12-04"),
])
def test_date_lines(line, expected):
    article = clean_text(f"Tariff talks resume\n\n{line}\n\n{BODY}")
    assert article.stated_date == expected and article.text == BODY


def test_published_date_wins_over_updated():
    raw = f"Tariff talks resume\n\nUpdated: June 14, 2018\nPublished: June 12, 2018\n\n{BODY}"
    article = clean_text(raw)
    assert article.stated_date == "2018-06-12" and article.meta["updated_date"] == "2018-06-14"


@pytest.mark.parametrize("text,iso", [
    ("Dec4,2023", "2023-12-04"),
    ("Sept. 9, 2001", "2001-09-09"),
    ("the 21st of October 2015", "2015-10-21"),
    ("Tuesday 12 June 2018", "2018-06-12"),
    ("2018/06/12", "2018-06-12"),
    ("25/12/2020", "2020-12-25"),
    ("12/25/2020", "2020-12-25"),
    ("03/04/2021", None),  # day-month order unknowable
    ("February 30, 2020", None),
    ("no date here", None),
])
def test_parse_date(text, iso):
    assert parse_date(text) == iso


def test_find_date_reports_position():
    found = find_date("Posted on 7 May 2022 at noon")
    assert found.iso == "2022-05-07" and "Posted on 7 May 2022 at noon"[found.start:found.end] == "7 May 2022"


# --------------------------------------------------------------------------- datelines


@pytest.mark.parametrize("opening,outlet,place", [
    ("SEOUL (Reuters) - ", "Reuters", "SEOUL"),
    ("WASHINGTON, June 12 (AP) — ", "AP", "WASHINGTON"),
    ("(AFP) - ", "AFP", None),
    ("NEW DELHI (Xinhua) -- ", "Xinhua", "NEW DELHI"),
    ("Singapore (CNN) — ", "CNN", "Singapore"),
    ("BEIRUT — ", None, "BEIRUT"),
])
def test_datelines(opening, outlet, place):
    article = clean_text(f"Tariff talks resume\n\n{opening}{BODY}")
    assert article.text == BODY
    assert article.outlet == outlet
    assert article.meta.get("dateline_place") == place
    assert article.removed[-1] == opening.strip()


def test_dateline_only_on_the_first_paragraph_and_not_a_hyphenated_phrase():
    raw = f"US-China talks\n\nUS - China relations have cooled since spring.\n\n{BODY}\n\nSEOUL (Reuters) - later."
    article = clean_text(raw)
    assert article.outlet is None
    assert article.text.startswith("US - China relations") and "SEOUL (Reuters) - later." in article.text


# --------------------------------------------------------------------------- captions and credits


@pytest.mark.parametrize("caption", [
    "Leaders meet - Foto 1 Die beiden Staatschefs beim Händedruck.",
    "首脳会談 - 写真1 握手する両首脳",
    "Встреча лидеров - фото 2 Лидеры пожимают руки.",
    "Hội nghị thượng đỉnh - ảnh 2 Hai nhà lãnh đạo bắt tay.",
])
def test_caption_markers_in_other_languages(caption):
    article = clean_text(f"Leaders meet\n\n{BODY}\n{caption}\n\nThe summit ended in the afternoon.")
    assert caption not in article.text
    assert caption in article.removed
    # the caption line ends a paragraph instead of gluing the two around it together
    assert article.text == BODY + "\n\nThe summit ended in the afternoon."


@pytest.mark.parametrize("line,credit", [
    ("President Moon waves to reporters in Seoul. (Photo: Yonhap)", "Yonhap"),
    ("Soldiers patrol the border. (Photo credit: Ed Jones/AFP)", "Ed Jones/AFP"),
    ("Photo: Kim Hong-ji/Reuters", "Kim Hong-ji/Reuters"),
    ("Photo by Chip Somodevilla/Getty Images", "Chip Somodevilla/Getty Images"),
    ("REUTERS/Jonathan Ernst", "REUTERS/Jonathan Ernst"),
])
def test_photo_credits(line, credit):
    article = clean_text(f"Tariff talks resume\n\n{line}\n\n{BODY}")
    assert article.photo_credits == [credit]
    assert article.text == BODY


def test_positional_caption_but_not_long_body_sentences():
    caption = "Prime Minister Abe (right) greets President Xi at the airport."
    article = clean_text(f"Abe visits Beijing\n\n{caption}\n\n{BODY}")
    assert article.text == BODY
    long_sentence = ("Prime Minister Abe (right) greeted President Xi at the airport, and the two men then drove "
                     "together to the Great Hall of the People where a banquet was held in honour of the visit "
                     "and speeches were made. The visit lasted three days.")
    article = clean_text(f"Abe visits Beijing\n\n{long_sentence}\n\n{BODY}")
    assert article.text.startswith(long_sentence)


# --------------------------------------------------------------------------- furniture


@pytest.mark.parametrize("furniture", [
    "Share this:",
    "Click to share on Twitter (Opens in new window)",
    "Read more: Trump says summit could be called off",
    "Advertisement",
    "ADVERTISEMENT",
    "Sign up for our newsletter",
    "© 2021 Example Media Group. All rights reserved.",
    "All rights reserved.",
    "Comments",
    "12 Comments",
    "Related Articles",
    "You may also like",
    "Facebook Twitter WhatsApp Email",
    "We use cookies to improve your experience on our site. By continuing you agree to our cookie policy.",
    "Tags: North Korea, diplomacy",
    "Leave a comment",
    "0",
])
def test_furniture_lines(furniture):
    article = clean_text(f"Tariff talks resume\n\n{BODY}\n\n{furniture}\n\nSee you.\n\nThe talks end Friday.")
    assert furniture not in article.text.split("\n")
    assert furniture in article.removed
    assert "furniture" in article.meta["removed_kinds"]


def test_furniture_words_inside_sentences_stay():
    text = ("Advertisement spending by the ruling party rose sharply, and comments by the minister on "
            "cookies and privacy drew criticism from the opposition.")
    article = clean_text(f"Tariff talks resume\n\n{BODY}\n\n{text}")
    assert text in article.text


def test_signature_and_reporting_credits():
    raw = f"Tariff talks resume\n\n{BODY}\n\n(Reporting by Hyonhee Shin; Editing by Ed Davies)\n\nMaria Santos\n\nRelated Post"
    article = clean_text(raw)
    assert article.text == BODY
    assert article.meta["signature"] == "Maria Santos"
    assert article.byline == "Maria Santos"  # no byline at the top: the signature is the author
    assert article.meta["credits"] == ["Reporting by Hyonhee Shin; Editing by Ed Davies"]


def test_last_line_that_is_a_sentence_is_not_a_signature():
    article = clean_text(f"Tariff talks resume\n\n{BODY}\n\nThe ministers left Geneva.")
    assert article.text.endswith("The ministers left Geneva.") and "signature" not in article.meta


# --------------------------------------------------------------------------- inputs and raw mode


def test_blank_and_furniture_only_input_are_clear_errors():
    with pytest.raises(NoTextError) as err:
        clean_text("  \n\n ")
    assert str(err.value).startswith("[T116] ")
    with pytest.raises(TidingsError):
        clean_text("Related Post\n\nLeave a Reply\n\n0")
    with pytest.raises(NoTextError):
        article_from_input(None)  # type: ignore[arg-type]


def test_raw_mode_keeps_input_byte_for_byte():
    raw = "Title line\r\n\r\nBy Jane Doe | March 3, 2021\r\n\r\n" + BODY + "\r\n\r\nRelated Post\r\n"
    article = article_from_input(raw, raw=True)
    assert article.text == raw and article.removed == []
    assert article.id == content_id(raw)
    assert article.byline == "Jane Doe" and article.stated_date == "2021-03-03"  # metadata still read


def test_article_from_input_given_id_and_source():
    article = article_from_input(f"Tariff talks resume\n\n{BODY}", id="doc-7", source="x.txt")
    assert (article.id, article.source, article.title) == ("doc-7", "x.txt", "Tariff talks resume")


def test_html_is_detected_and_extracted():
    html = ("<html><head><title>Ceasefire in Yemen</title><meta name='author' content='Sara Ali'></head><body>"
            "<nav><a href='/'>Home</a></nav><article><h1>Ceasefire in Yemen</h1>"
            "<p>ADEN (AFP) - A ceasefire between the warring parties in Yemen took hold on Sunday, the United "
            "Nations envoy said.</p><p>Both sides said they would respect the truce.</p></article></body></html>")
    assert looks_like_html(html) and not looks_like_html(BODY)
    article = article_from_input(html)
    assert article.title == "Ceasefire in Yemen" and article.byline == "Sara Ali"
    assert article.text == ("A ceasefire between the warring parties in Yemen took hold on Sunday, the United "
                            "Nations envoy said.\n\nBoth sides said they would respect the truce.")
    assert article.outlet == "AFP" and article.raw == html
    assert article_from_input(html, raw=True).text == html


def test_html_without_body_text():
    with pytest.raises(NoBodyTextError) as err:
        article_from_input("<html><head><title>x</title></head><body><nav><a href='/'>Home</a></nav></body></html>")
    assert err.value.code == "T106"


def test_kicker_is_a_label_not_a_place():
    article = clean_text(f"Tariff talks resume\n\nEXCLUSIVE – {BODY}")
    assert article.text == BODY and article.meta["label"] == "EXCLUSIVE" and "dateline_place" not in article.meta


def test_party_labels_are_not_photo_positions():
    line = ("A poll by Baxter Research (D) and Hill Partners (R) shows the senator ahead by four points "
            "among likely voters.")
    article = clean_text(f"Tariff talks resume\n\n{line}\n\n{BODY}")
    assert article.text.startswith(line)
    caption = "Senator Reid (L) and Senator McConnell (R) after the vote."
    assert clean_text(f"Tariff talks resume\n\n{caption}\n\n{BODY}").text == BODY


@pytest.mark.parametrize("headline", [
    "Lawmakers Reject Budget Deal After Late-Night Session.",
    "Poll: voters turn against the budget deal.",
])
def test_headlines_ending_with_a_full_stop(headline):
    article = clean_text(f"{headline}\n\nLONDON (Reuters) - {BODY}")
    assert article.title == headline and article.text == BODY and article.outlet == "Reuters"
    # a one-sentence lead without a dateline after it stays in the body
    lead = "Lawmakers rejected the budget deal after a late-night session."
    assert clean_text(f"{lead}\n\n{BODY}").text.startswith(lead)


@pytest.mark.parametrize("sentence", [
    "By Friday, Kim had left Hanoi.",
    "By Christmas Day the troops had withdrawn from the city.",
    "Shares of Samsung fell 3 percent.",
    "Copyright lawsuits rose sharply last year.",
    "More on the talks is expected on Friday.",
    "Read more than 100 times, the speech became famous.",
    "Subscribe to the treaty, the minister urged.",
    "Next page of the report was blank.",
])
def test_sentences_that_start_like_furniture_or_bylines_stay(sentence):
    article = clean_text(f"Tariff talks resume\n\n{BODY}\n\n{sentence}\n\nThe ministers left Geneva.")
    assert sentence in article.text.split("\n\n")
    assert article.byline is None


def test_title_after_leading_site_furniture():
    article = clean_text(f"Home\nMenu\nSearch\nTariff talks resume\n\nBy Jane Doe\n\n{BODY}")
    assert article.title == "Tariff talks resume" and article.byline == "Jane Doe" and article.text == BODY


def test_byline_in_a_script_without_capitals():
    article = clean_text(f"무역 협상 재개\n\nBy 김민수 | 2019-05-01\n\n{BODY}")
    assert article.byline == "김민수" and article.stated_date == "2019-05-01" and article.text == BODY


def test_html_dates_come_from_markup_not_from_the_story():
    story = ("<p>In the middle of June 2017, North Korea tested a missile on 2017-07-04, and on September 3, "
             "2017 it held its sixth nuclear test, the biggest ever by the country.</p>"
             "<p>Analysts said the tests had changed the calculations in Washington and Seoul.</p>")

    def html(head: str = "", url: str | None = None) -> str:
        return f"<html><head><title>Tests</title>{head}</head><body><article>{story}</article></body></html>"

    assert article_from_input(html()).stated_date is None
    jsonld = '<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2018-01-02T03:04:05Z"}</script>'
    assert article_from_input(html(jsonld)).stated_date == "2018-01-02"
    meta = '<meta property="article:modified_time" content="2018-02-03"><meta name="pubdate" content="2018-02-01">'
    article = article_from_input(html(meta))
    assert article.stated_date == "2018-02-01" and article.meta["updated_date"] == "2018-02-03"
    timed = html().replace("<article>", '<article><time itemprop="datePublished" datetime="2019-05-01T10:00">May 1</time>')
    assert article_from_input(timed).stated_date == "2019-05-01"


def test_html_date_from_the_url():
    from tidings.clean import html_dates

    assert html_dates("<html><body><p>x</p></body></html>", url="https://n.example/world/2018/06/12/summit") \
        == ("2018-06-12", None)
    assert html_dates("<html><body><p>x</p></body></html>", url="https://n.example/world/summit-2018") \
        == (None, None)
