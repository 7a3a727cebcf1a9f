"""An HTML pre-pass that takes page furniture out before trafilatura looks for the main text.

trafilatura finds the main text of most pages, but furniture *inside* the story's
container reaches the text: hover cards nested in a sentence's link, "DON'T MISS" or
"Also on ..." paragraphs of linked headlines between the story's paragraphs, sidebars
and newsletter boxes that sit next to the paragraphs. ``prune_furniture(root)`` removes,
in place, the elements that general rules mark as furniture (docs/ingest.md lists them):

1. ``hidden``: elements hidden from the reader (``hidden``, ``aria-hidden="true"``,
   ``display:none`` / ``visibility:hidden`` inline styles): hover cards and pop-ups wait
   there until the pointer comes;
2. ``named``: elements whose class, id or role names furniture (``related``, ``sidebar``,
   ``hover``, ``card``, ``tooltip``, ``promo``, ``newsletter``, ``social``, ``share``,
   ``read-more``, ``also-on``, ``trending``, ``partner`` ... as whole words of the name),
   ``<aside>`` and ``role="complementary"``;
3. ``repeats-link``: inside or right after a link, an element whose text starts by
   repeating the link's own text (``<a>Ilhan Omar<span>Ilhan Omar ... headlines</span></a>``);
4. ``link-dense``: a block whose words are mostly (70 %+) inside links and whose few
   other words make no sentence (``DON'T MISS <a>...</a> [INSIGHT] <a>...</a>``, a list of
   headlines), when it has at least two links or is a single linked line of a list.

No rule removes an element that holds the page's headline (``<h1>``), an ``<article>``
or ``<main>``, or at least half of the page's paragraph words: a story container
named ``card`` stays. ``removed`` counts what each rule took.
"""

from __future__ import annotations

import re
from collections import Counter

FURNITURE_NAMES = {
    "related", "sidebar", "hover", "hovercard", "card", "cards", "tooltip", "popover", "popup", "promo", "promos",
    "promotion", "promoted", "newsletter", "newsletters", "subscribe", "subscription", "signup", "social", "share",
    "sharing", "sharebar", "sharedaddy", "readmore", "alsoon", "morestories", "recommended", "recommendations",
    "recirculation", "recirc", "trending", "mostpopular", "mostread", "outbrain", "taboola", "partner", "partners",
    "teaser", "teasers", "widget", "advert", "advertisement", "ads", "sponsored", "breadcrumb", "breadcrumbs",
}
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_BLOCKS = {"p", "div", "li", "ul", "ol", "section", "dl", "dd", "table", "tr", "td", "nav", "header", "footer"}
_KEEP_INSIDE = {"h1", "article", "main", "body", "html"}
_WORD = re.compile(r"\w+")
_SENTENCE_END = re.compile(r"\w[.!?][\"'”’)]*(?:\s|$)")
LINK_DENSITY = 0.7
# a label that introduces links to other stories; its words count as linked ("Also on rt.com <a>...</a>")
LINK_LABEL = re.compile(
    r"^\s*(?:also on \S+|also read|don'?t miss|must read|read (?:more|also|next)|see also|more on this(?: story)?"
    r"|related(?: \w+)?|recommended(?: \w+)?|top stories|partner news|more from \S+|trending(?: now)?)\s*[:|-]?",
    re.IGNORECASE)


def _name_tokens(element) -> set[str]:
    """The words of an element's class, id and role, and each pair of neighbours run together
    (``read-more`` gives read, more, readmore; ``hover-card__name`` gives hover, card, hovercard)."""
    names = set()
    for attr in ("class", "id", "role"):
        value = element.get(attr)
        if not value:
            continue
        for part in value.split():
            # camelCase too: "readMore" -> read more
            tokens = [t for t in re.split(r"[^a-z0-9]+", re.sub(r"([a-z])([A-Z])", r"\1 \2", part).lower()) if t]
            names.update(tokens)
            names.update(a + b for a, b in zip(tokens, tokens[1:], strict=False))
    return names


def _words(text: str | None) -> int:
    return len(_WORD.findall(text or ""))


class _Stats:
    """Word counts of every element, from one pass over the tree (bottom-up), so the rules stay
    linear in the page however deep it nests: words, words inside <p>, words inside links,
    links, and whether the element holds the headline, an <article> or <main>."""

    def __init__(self, root):
        self.words: dict = {}
        self.para: dict = {}
        self.linked: dict = {}
        self.links: dict = {}
        self.keep: dict = {}
        for el in reversed(list(root.iter())):
            if not isinstance(el.tag, str):
                continue
            words = _words(el.text)
            para = linked = links = 0
            keep = el.tag in _KEEP_INSIDE
            for child in el:
                if isinstance(child.tag, str):
                    words += self.words[child]
                    para += self.para[child]
                    linked += self.linked[child]
                    links += self.links[child]
                    keep = keep or self.keep[child]
                words += _words(child.tail)
            self.words[el] = words
            self.para[el] = words if el.tag == "p" else para
            self.linked[el] = words if el.tag == "a" else linked
            self.links[el] = links + (el.tag == "a")
            self.keep[el] = keep


def prune_furniture(root) -> Counter:
    """Remove furniture elements from an lxml HTML tree, in place; returns what each rule removed."""
    removed: Counter = Counter()
    stats = _Stats(root)
    paragraph_words = stats.para.get(root, 0)

    def protected(element) -> bool:
        if stats.keep.get(element, True):
            return True
        return bool(paragraph_words) and element.tag != "p" and stats.para[element] * 2 >= paragraph_words

    def drop(element, rule: str) -> None:
        if element.getparent() is not None:
            element.drop_tree()  # its tail (the story's words after it) stays
            removed[rule] += 1

    # 1 and 2: hidden or furniture-named elements (outermost first; a dropped subtree is not walked)
    gone: set = set()
    for element in root.iter():
        if not isinstance(element.tag, str) or element.getparent() is None:
            continue
        if element.getparent() in gone:
            gone.add(element)
            continue
        hidden = element.get("hidden") is not None or (element.get("aria-hidden") or "").lower() == "true" \
            or bool(_HIDDEN_STYLE.search(element.get("style") or ""))
        named = element.tag == "aside" or (element.get("role") or "").lower() == "complementary" \
            or bool(_name_tokens(element) & FURNITURE_NAMES)
        if (hidden or named) and not protected(element):
            gone.add(element)
    for element in [e for e in gone if e.getparent() not in gone]:
        hidden = element.get("hidden") is not None or (element.get("aria-hidden") or "").lower() == "true" \
            or bool(_HIDDEN_STYLE.search(element.get("style") or ""))
        drop(element, "hidden" if hidden else "named")

    # 3: an element repeating the text of the link it sits in or follows
    for link in list(root.iter("a")):
        own = " ".join((link.text or "").split())
        if len(own) < 3 or _detached(link, root):
            continue
        candidates = [c for c in link if isinstance(c.tag, str)]
        following = link.getnext()
        if following is not None and not (link.tail or "").strip():
            candidates.append(following)
        for candidate in candidates:
            text = " ".join(candidate.text_content().split())
            if text.startswith(own) and len(text) > len(own) and not protected(candidate):
                drop(candidate, "repeats-link")

    # 4: link-dense blocks (innermost first, so a dense list inside a story's div goes, not the div),
    # counted on what rules 1-3 left
    stats = _Stats(root)
    for block in reversed([e for e in root.iter(*_BLOCKS)]):
        total, linked, links = stats.words.get(block, 0), stats.linked.get(block, 0), stats.links.get(block, 0)
        if total < 2 or not links or linked < 0.4 * total or protected(block):
            continue
        unlinked = " ".join(block.xpath(".//text()[not(ancestor::a)]"))
        label = LINK_LABEL.match(unlinked)
        if label:
            linked += _words(label.group(0))
            unlinked = unlinked[label.end():]
        if linked < LINK_DENSITY * total or _detached(block, root):
            continue
        if _words(unlinked) >= 4 and _SENTENCE_END.search(unlinked):
            continue  # the words around the links make a sentence: "<a>Kim</a> met <a>Trump</a> in Hanoi."
        if links < 2 and block.tag in {"p", "div"} and total >= 12:
            continue  # one long linked sentence on its own: it may be the story's
        drop(block, "link-dense")
    return removed


def _detached(element, root) -> bool:
    """Was the element removed with an ancestor already?"""
    for ancestor in element.iterancestors():
        if ancestor is root:
            return False
    return element is not root
