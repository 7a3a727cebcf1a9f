"""Constructed news pages of several layouts, with the article text they hold (the gold).

No page here was fetched: each layout copies the *shape* of the furniture that real
outlets put around a story (hover cards inside sentences, "Also on ..." links, a
"DON'T MISS" block of headlines, sidebars of other stories, newsletter and share
blocks, a placeholder JSON-LD date), around an article written for this file. Each
page knows its article paragraphs (``gold``), the furniture phrases that must not
come out (``furniture``), and its publication date (``date``, or None).

``pages()`` builds them all; ``benchmarks/html_text.py`` scores the text the cleaner
keeps against the gold, and ``tests/test_html_furniture.py`` tests each rule on them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape


@dataclass
class Page:
    name: str
    html: str
    gold: list[str]  # the article paragraphs, in order (lead first)
    furniture: list[str] = field(default_factory=list)  # phrases that must not be in the text
    date: str | None = None  # the publication date a careful reader takes


def _head(title: str, extra: str = "") -> str:
    return (f"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{escape(title)}</title>"
            f"{extra}</head>")


def _menu(site: str) -> str:
    items = "".join(f'<li><a href="/{w.lower()}">{w}</a></li>' for w in
                    ("News", "Politics", "World", "Business", "Opinion", "Sport", "Video"))
    return f'<header><a class="logo" href="/">{site}</a><nav><ul class="menu">{items}</ul></nav></header>'


def _footer(site: str) -> str:
    return (f'<footer><p>&copy; 2019 {site}. All rights reserved.</p><ul><li><a href="/about">About us</a></li>'
            '<li><a href="/privacy">Privacy policy</a></li><li><a href="/contact">Contact</a></li></ul></footer>')


def hill_page() -> Page:
    """Hover cards inside sentences: the card repeats the linked name, then headlines about them."""
    def card(name: str, slug: str, headlines: list[str]) -> str:
        links = "".join(f'<a href="/news/{i}-{slug}" class="hover-card__link">{escape(h)}</a>'
                        for i, h in enumerate(headlines))
        return (f'<a href="/people/{slug}" class="person-link">{name}'
                f'<span class="hover-card"><span class="hover-card__name">{name}</span>{links}</span></a>')

    omar = card("Ilhan Omar", "ilhan-omar",
                ["Hillicon Valley: Progressives oppose funding bill", "Louisiana hit by ransomware attack"])
    pelosi = card("Nancy Pelosi", "nancy-pelosi",
                  ["Pelosi says House will vote on trade deal", "Democrats attack Trump over troop withdrawal"])
    gold = [
        "Rep. Ilhan Omar (D-Minn.) on Tuesday called on House leaders to delay a vote on the spending bill "
        "until the new year.",
        "Speaker Nancy Pelosi (D-Calif.) told reporters that the House would pass the measure before the "
        "holiday recess.",
        "The bill would fund the government through September and avoid a shutdown at the end of the week.",
        "Republican leaders in the Senate said they expected to take up the measure on Thursday.",
    ]
    body = (f"<p>Rep. {omar} (D-Minn.) on Tuesday called on House leaders to delay a vote on the spending bill "
            "until the new year.</p>"
            f"<p>Speaker {pelosi} (D-Calif.) told reporters that the House would pass the measure before the "
            "holiday recess.</p>"
            f"<p>{gold[2]}</p><p>{gold[3]}</p>")
    html = (_head("Omar calls for delay on spending bill",
                  '<meta property="article:published_time" content="2019-12-17T10:30:00-05:00">')
            + "<body>" + _menu("The Hill")
            + '<main><article><h1>Omar calls for delay on spending bill</h1>'
            + '<div class="byline">By Jane Reporter</div>'
            + f'<div class="field-item">{body}</div></article>'
            + '<aside class="sidebar"><h3>Most Popular</h3><ul>'
            + "".join(f'<li><a href="/p/{i}">{h}</a></li>' for i, h in enumerate(
                ["Trump threatens to veto defense bill", "Senate confirms new ambassador to Russia",
                 "Poll shows tight race in Iowa"]))
            + "</ul></aside></main>" + _footer("The Hill") + "</body></html>")
    return Page("hill-hover-cards", html, gold, date="2019-12-17",
                furniture=["Hillicon Valley", "ransomware", "Pelosi says House will vote", "troop withdrawal",
                           "Ilhan OmarIlhan Omar", "veto defense bill", "Most Popular"])


def rt_page() -> Page:
    """A lead paragraph in a summary block, and "Also on rt.com" related links between paragraphs."""
    gold = [
        "Three people have died during protests in Bolivia as supporters of the former president clashed "
        "with police near the capital, officials said on Saturday.",
        "The interior ministry said that security forces had used tear gas to disperse crowds who blocked "
        "the main road into La Paz.",
        "The interim government has promised new elections, but protesters demand the return of the former "
        "president from exile in Mexico.",
        "The United Nations has sent an envoy to hold talks between the government and the opposition.",
    ]
    also = ('<div class="read-more"><a class="read-more__link" href="/news/474{n}-bolivia-{n}">'
            '<span class="read-more__title">Also on rt.com</span> {h}</a></div>')
    html = (_head("Three killed in Bolivia protests",
                  '<script type="application/ld+json">{"@type":"NewsArticle","datePublished":'
                  '"2019-11-16T14:02:00+00:00","headline":"Three killed in Bolivia protests"}</script>')
            + "<body>" + _menu("RT")
            + '<div class="layout"><div class="article"><h1 class="article__heading">Three killed in Bolivia '
            'protests</h1><div class="article__date">16 Nov, 2019 14:02</div>'
            f'<div class="article__summary summary"><p>{gold[0]}</p></div>'
            f'<div class="article__text text"><p>{gold[1]}</p>'
            + also.format(n=1, h="Morales supporters vow to march on La Paz as US calls for calm")
            + f"<p>{gold[2]}</p>"
            + '<p><strong>Also on rt.com</strong> <a href="/news/4742-sanctions">Washington threatens sanctions '
            'against Bolivian officials</a></p>'
            + f"<p>{gold[3]}</p></div>"
            '<div class="article__share share"><a href="#">Facebook</a> <a href="#">Twitter</a> '
            '<a href="#">Telegram</a></div>'
            '<div class="subscribe-block newsletter"><p>Subscribe to our daily newsletter to get the stories '
            'that matter delivered to your inbox.</p></div>'
            "</div></div>" + _footer("RT") + "</body></html>")
    return Page("rt-also-on", html, gold, date="2019-11-16",
                furniture=["Also on rt.com", "vow to march", "threatens sanctions", "Subscribe to our daily"])


def express_page() -> Page:
    """A "DON'T MISS" paragraph of linked headlines inside the story, and a related-articles list."""
    gold = [
        "Britain and the European Union have agreed to extend the talks on a trade deal by another month, "
        "the Prime Minister's office said on Monday.",
        "Negotiators in Brussels had failed to settle the dispute over fishing rights before the weekend.",
        "A spokesman said that both sides would meet again next week to discuss the remaining issues.",
        "Business groups welcomed the decision and urged ministers to avoid a sudden break in January.",
    ]
    miss = ('<p><strong>DON\'T MISS</strong><br><a href="/news/politics/1">Farage threatens to stand candidates '
            'in every seat</a> [INSIGHT]<br><a href="/news/politics/2">Brussels warns of no deal chaos</a> '
            '[ANALYSIS]<br><a href="/news/politics/3">Macron attacks UK over fishing</a> [REPORT]</p>')
    html = (_head("Brexit talks extended by a month",
                  '<meta name="pubdate" content="2020-11-23">')
            + "<body>" + _menu("Express")
            + '<article><h1>Brexit talks extended by a month</h1>'
            f'<div class="text-description"><p>{gold[0]}</p><p>{gold[1]}</p>{miss}<p>{gold[2]}</p>'
            f'<p>{gold[3]}</p></div>'
            '<div class="related-articles"><h4>Related articles</h4><ul>'
            '<li><a href="/r/1">EU leaders clash over budget</a></li>'
            '<li><a href="/r/2">Johnson warns Tory rebels</a></li></ul></div>'
            '<div class="social-share"><span>Share this article</span> <a href="#">Facebook</a> '
            '<a href="#">Twitter</a> <a href="#">WhatsApp</a></div>'
            "</article>" + _footer("Express") + "</body></html>")
    return Page("express-dont-miss", html, gold, date="2020-11-23",
                furniture=["DON'T MISS", "Farage threatens", "no deal chaos", "Macron attacks", "[INSIGHT]",
                           "EU leaders clash", "Johnson warns"])


def panarmenian_page() -> Page:
    """The title and the dateline in one line, a sidebar of other stories, "Partner news"."""
    gold = [
        "PanARMENIAN.Net - Armenia and Georgia discussed the opening of a new border crossing at a meeting "
        "of the intergovernmental commission in Yerevan on Wednesday.",
        "The two sides agreed to finish the construction of the bridge over the Debed river next year.",
        "The deputy prime ministers also signed a memorandum on cooperation in the field of energy.",
    ]
    sidebar = ('<div class="sidebar right-column"><div class="block"><h3>Top stories</h3><ul>'
               '<li><a href="/eng/news/1">Azerbaijan threatens to shoot down planes over Karabakh</a></li>'
               '<li><a href="/eng/news/2">Iran condemns sanctions imposed by the United States</a></li></ul></div>'
               '<div class="block partners"><h3>Partner news</h3><ul>'
               '<li><a href="https://example.org/1">Russia accuses Ukraine of attacking border post</a></li>'
               "</ul></div></div>")
    html = (_head("Armenia, Georgia discuss new border crossing")
            + "<body>" + _menu("PanARMENIAN.Net")
            + '<div id="content"><div class="article"><h1><span>Armenia, Georgia discuss new border crossing'
            '</span> <span class="date">November 20, 2019 - 11:28 AMT</span></h1>'
            + "".join(f"<p>{p}</p>" for p in gold) + "</div>" + sidebar + "</div>"
            + _footer("PanARMENIAN.Net") + "</body></html>")
    return Page("panarmenian-sidebar", html, gold, date="2019-11-20",
                furniture=["Top stories", "shoot down planes", "Iran condemns", "Partner news",
                           "accuses Ukraine", "11:28 AMT"])


def detroit_page() -> Page:
    """A CMS placeholder date (0001-01-01) in JSON-LD, a newsletter box and a promo."""
    gold = [
        "Michigan lawmakers on Tuesday approved a plan to repair the state's roads, sending the bill to "
        "the governor after months of talks.",
        "The governor said she would sign the measure, which raises the fuel tax by ten cents a gallon.",
        "Opponents argued that the tax would hurt families in rural counties who drive long distances.",
    ]
    html = (_head("Lawmakers approve road repair plan",
                  '<script type="application/ld+json">{"@type":"NewsArticle","datePublished":'
                  '"0001-01-01T00:00:00Z","dateModified":"0001-01-01T00:00:00Z"}</script>')
            + "<body>" + _menu("The Detroit News")
            + '<article><h1>Lawmakers approve road repair plan</h1>'
            + "".join(f"<p>{p}</p>" for p in gold)
            + '<div class="newsletter-signup"><h3>Get the Politics newsletter</h3><p>Sign up to receive the '
            'latest news from Lansing in your inbox every morning.</p><form><input type="email"></form></div>'
            '<div class="promo-box"><a href="/subscribe">Subscribe now: unlimited digital access for 99 cents'
            '</a></div></article>' + _footer("The Detroit News") + "</body></html>")
    return Page("detroit-placeholder-date", html, gold, date=None,
                furniture=["Politics newsletter", "latest news from Lansing", "unlimited digital access"])


def plain_page() -> Page:
    """A control: a plain story with ordinary links inside its sentences (all kept)."""
    gold = [
        "The Foreign Minister of Japan met his South Korean counterpart in Seoul on Friday to discuss the "
        "dispute over wartime labour.",
        "According to a statement from the ministry, the two ministers agreed to keep talking at the level of "
        "their deputies.",
        "The talks follow a decision by the Supreme Court in Seoul that ordered Japanese firms to pay damages.",
        "Related talks on trade are due to resume in Tokyo next month, officials said.",
    ]
    html = (_head("Japan and South Korea foreign ministers meet",
                  '<meta property="article:published_time" content="2019-08-02T08:00:00+09:00">')
            + "<body>" + _menu("Asia Daily")
            + '<article class="card story"><h1>Japan and South Korea foreign ministers meet</h1>'
            '<p>The Foreign Minister of <a href="/tag/japan">Japan</a> met his South Korean counterpart in '
            '<a href="/tag/seoul">Seoul</a> on Friday to discuss the dispute over wartime labour.</p>'
            '<p>According to <a href="https://example.org/statement">a statement from the ministry</a>, the two '
            "ministers agreed to keep talking at the level of their deputies.</p>"
            f"<p>{gold[2]}</p><p>{gold[3]}</p></article>" + _footer("Asia Daily") + "</body></html>")
    return Page("plain-inline-links", html, gold, date="2019-08-02")


def blog_page() -> Page:
    """A WordPress-like post: share row, 'You may also like' cards, a comment form, tags."""
    gold = [
        "The mayor announced on Wednesday that the city would close two coal power plants by 2025.",
        "Environmental groups praised the plan, while the union representing the workers criticised it.",
        "The council will vote on the proposal at its meeting next month.",
    ]
    cards = "".join(f'<div class="post-card"><a href="/p/{i}"><h4>{h}</h4></a><span>June 3, 2021</span></div>'
                    for i, h in enumerate(["Protesters block the motorway", "Minister resigns over scandal",
                                           "Army deployed after floods"]))
    html = (_head("City to close coal plants",
                  '<meta property="article:published_time" content="2021-06-09T09:00:00+00:00">')
            + "<body>" + _menu("City Post")
            + '<div class="post"><h1 class="entry-title">City to close coal plants</h1>'
            '<div class="entry-content">' + "".join(f"<p>{p}</p>" for p in gold)
            + '<div class="sharedaddy"><h3>Share this:</h3><ul><li><a>Twitter</a></li><li><a>Facebook</a></li>'
            '</ul></div></div>'
            f'<section class="related-posts"><h3>You may also like</h3>{cards}</section>'
            '<div class="tags">Tags: <a href="/t/coal">coal</a>, <a href="/t/energy">energy</a></div>'
            '<div id="respond"><h3>Leave a Reply</h3><p>Your email address will not be published.</p></div>'
            "</div>" + _footer("City Post") + "</body></html>")
    return Page("blog-related-cards", html, gold, date="2021-06-09",
                furniture=["Protesters block", "Minister resigns", "Army deployed", "Share this", "Leave a Reply"])


def reuters_page() -> Page:
    """A wire story: dateline with agency, metadata date a day later (a re-publication)."""
    gold = [
        "The U.S. ambassador to the European Union told lawmakers on "
        "Wednesday that he had followed the president's orders on Ukraine.",
        "The testimony was the most direct account yet of the pressure campaign, Democrats said.",
        "Republicans said the ambassador had no direct evidence that aid was tied to the investigations.",
    ]
    html = (_head("Ambassador says he followed orders on Ukraine",
                  '<meta property="article:published_time" content="2019-11-28T08:00:00Z">')
            + "<body>" + _menu("Wire")
            + '<article><h1>Ambassador says he followed orders on Ukraine</h1>'
            + f"<p>WASHINGTON, Nov. 20 (Reuters) - {gold[0]}</p>" + "".join(f"<p>{p}</p>" for p in gold[1:])
            + '<div class="trust-principles">All quotes delayed a minimum of 15 minutes.</div></article>'
            + _footer("Wire") + "</body></html>")
    return Page("reuters-dateline", html, gold, date="2019-11-20")


def deep_page(levels: int = 300) -> Page:
    """An article nested inside ``levels`` divs (libxml2 stops at 255 without huge_tree)."""
    gold = [
        "The parliament of Moldova elected a new speaker on Thursday after weeks of deadlock between the "
        "two largest parties.",
        "The new speaker promised to form a government before the end of the month.",
    ]
    html = (_head("Moldova elects speaker") + "<body>" + "<div>" * levels
            + "<article>" + "".join(f"<p>{p}</p>" for p in gold) + "</article>" + "</div>" * levels
            + "</body></html>")
    return Page("deep-nesting", html, gold)


def pages() -> list[Page]:
    return [hill_page(), rt_page(), express_page(), panarmenian_page(), detroit_page(), plain_page(),
            blog_page(), reuters_page(), deep_page()]
