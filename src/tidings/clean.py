"""Cleans scraped news text (or an HTML page) into an Article: body text plus metadata.

Scraped text carries site furniture around the story: the title repeated, a byline
with avatar and hashtags, photo captions, a dateline, "Related Post", comment forms,
share buttons. ``clean_text`` sorts every line into body or furniture with general
line rules, moves what it learns into the Article's metadata (title, byline, stated
date, outlet, photo credits) and keeps every line it drops in ``Article.removed``.
``article_from_input`` also accepts HTML (through trafilatura) and, with ``raw=True``,
keeps the input verbatim as the text.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field

from .errors import InputError
from .model import Article, content_id


class NoTextError(InputError):
    """The input is blank, or nothing but furniture is left after cleaning."""

    code = "T116"


class NoBodyTextError(InputError):
    """An HTML page in which no main text was found."""

    code = "T106"


# --------------------------------------------------------------------------- dates

_MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
    "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9,
    "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}
_MONTH = r"(?P<mon>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")"
_MONTH_WORD = r"(?:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")"  # the same, no group
_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s*)?"
_DATE_PATTERNS = [
    # 2023-12-04, 2023/12/04, 2023.12.04, 2018-06-12T08:00:00Z
    re.compile(r"\b(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})(?!\d)"),
    # Monday, December 4, 2023 / Dec4,2023 / Dec. 4th 2023
    re.compile(r"\b" + _WEEKDAY + _MONTH + r"\.?\s*(?P<d>\d{1,2})(?:st|nd|rd|th)?\s*,?\s*(?P<y>\d{4})\b",
               re.IGNORECASE),
    # 4 December 2023 / 4th of Dec, 2023 / Monday 4 December 2023
    re.compile(r"\b" + _WEEKDAY + r"(?P<d>\d{1,2})(?:st|nd|rd|th)?\s*(?:of\s+)?" + _MONTH
               + r"\.?,?\s*(?P<y>\d{4})\b", re.IGNORECASE),
    # 04.12.2023 (day first), 12/04/2023 (only when unambiguous)
    re.compile(r"\b(?P<a>\d{1,2})(?P<sep>[/.])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{4})\b"),
]


@dataclass
class DateMatch:
    """A date found in a string: ISO value and where it was."""

    iso: str
    start: int
    end: int


def find_date(text: str) -> DateMatch | None:
    """The first calendar date written in ``text`` (forms listed in docs/ingest.md), or None.

    Numeric dates: ``YYYY-MM-DD`` (also ``/`` or ``.``), ``DD.MM.YYYY``; ``A/B/YYYY`` only
    when one of A, B is over 12 (``03/04/2021`` is ambiguous and is not read).
    """
    best: DateMatch | None = None
    for pattern in _DATE_PATTERNS:
        for m in pattern.finditer(text):
            iso = _iso_from_match(m)
            if iso is None:
                continue
            if best is None or m.start() < best.start:
                best = DateMatch(iso, m.start(), m.end())
            break
    return best


def _iso_from_match(m: re.Match) -> str | None:
    groups = m.groupdict()
    year = int(groups["y"])
    if "mon" in groups and groups["mon"]:
        month, day = _MONTHS[groups["mon"].lower()], int(groups["d"])
    elif groups.get("a"):
        a, b = int(groups["a"]), int(groups["b"])
        if groups["sep"] == ".":
            day, month = a, b
        elif a > 12 >= b:
            day, month = a, b
        elif b > 12 >= a:
            month, day = a, b
        else:
            return None
    else:
        month, day = int(groups["m"]), int(groups["d"])
    try:
        return _dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def parse_date(text: str | None) -> str | None:
    """An ISO date (``YYYY-MM-DD``) for a date string such as ``Dec4,2023``, or None."""
    if not text:
        return None
    found = find_date(str(text))
    return found.iso if found else None


_DATE_LABEL = re.compile(
    r"^(?:(?:first |last )?(?:published|posted|updated|modified|date|dated|created)(?: on| at)?\s*[:：]?\s*)",
    re.IGNORECASE,
)
_TIME_TAIL = re.compile(
    r"^\s*(?:[,|·•–-]|\bat\b)?\s*T?(?:\d{1,2}[:.]\d{2}(?:[:.]\d{2}(?:\.\d+)?)?\s*(?:[ap]\.?\s?m\.?)?"
    r"\s*(?:Z|[+-]\d{2}:?\d{2}|[A-Z]{2,5}|(?:GMT|UTC)\s*[+-]?\s*\d{0,4}(?::\d{2})?)?)?\s*$",
    re.IGNORECASE,
)


def _date_line(line: str) -> tuple[str, bool] | None:
    """(ISO date, is-an-update) when the whole line is a date, maybe labelled and timed."""
    label = _DATE_LABEL.match(line)
    rest = line[label.end():] if label else line
    found = find_date(rest)
    if found is None or rest[: found.start].strip(" ,|·•-") != "" or not _TIME_TAIL.match(rest[found.end:]):
        return None
    updated = bool(label and re.match(r"(?i)\s*(?:last )?(?:updated|modified)", label.group(0)))
    return found.iso, updated


# --------------------------------------------------------------------------- line rules

_DASHES = str.maketrans({"–": "-", "—": "-", "−": "-", "‐": "-", "‑": "-", "‒": "-", "―": "-"})


def _norm(text: str) -> str:
    """Lower case, one kind of dash, single spaces: for comparing lines."""
    return " ".join(text.translate(_DASHES).lower().split())


def _words(text: str) -> list[str]:
    return text.split()


# whole-line furniture (matched case-insensitively against the stripped line)
_FURNITURE = [
    # Each pattern must match the whole (stripped) line. Tails that may follow a label are
    # limited, and where the label could also start a sentence ("More on ...", "Shares of ...")
    # the tail may not contain sentence punctuation.
    r"related(?: (?:posts?|news|articles?|stories|story|content|coverage|links|topics|reading))?\s*:?",
    r"(?:you (?:may|might) also like|more (?:from|on) [^.!?]{1,60}|more (?:stories|news|videos)"
    r"|recommended(?: for you| stories| reading)?|most (?:read|popular|viewed|shared)|trending(?: now)?"
    r"|top stories|latest (?:news|stories)|editor'?s picks)\s*:?",
    r"(?:read|see|also read|read also|watch)(?: more| also| next| the full (?:story|article)| this)?\s*:.{0,200}",
    r"read (?:more|next|the full (?:story|article))(?: (?:about|on|at|from|here|in) [^.!?]{0,120})?\.{0,3}",
    r"leave a (?:reply|comment)\s*:?|post a comment|add a comment|cancel reply|reply|show comments|view comments"
    r"|(?:join|start) the (?:discussion|conversation)|no comments(?: yet)?\.?|comments? \(\d+\)|\d+\s+comments?"
    r"|comments?\s*:?|be the first to comment\.?",
    r"your email address will not be published\.?(?:\s*required fields are marked \*)?",
    r"required fields are marked \*\.?",
    r"save my name, email,? and website.{0,120}",
    r"(?:name|e-?mail|website|comment)\s*\*",
    r"\d{1,5}",
    r"(?:share|share this(?: (?:article|story|post|page|on))?|share on \w+|tweet this)\s*:?"
    r"(?: \(opens in (?:a )?new window\))?",
    r"click to (?:share|print|email|tweet)\b.{0,80}",
    r"(?:follow us|like us)(?: on [^.!?]{1,60})?",
    r"(?:sign up|subscribe|register)(?: now| today| free| here)?(?: (?:for|to) [^.!?]{0,60}\b(?:newsletters?"
    r"|updates|alerts|channel|podcast|e-?mails?|briefings?|digest|edition|mailing list)\b[^.!?]{0,40})?[.!]?",
    r"(?:get|receive) (?:our|the) \w+ newsletter[^.!?]{0,80}[.!]?|newsletter(?: sign-?up)?",
    r"advertisement|advertising|advert|ad|sponsored(?: content| post)?|story continues below(?: advertisement)?"
    r"|continue reading(?: below)?|scroll (?:down )?to continue[^.!?]{0,40}",
    r"(?:©|\(c\)|copyright\s*(?:©|\(c\)|\d{4}))\s*.{0,120}",
    r".{0,100}\ball rights reserved\b.{0,60}",
    r"(?:tags?|filed under|categor(?:y|ies)|topics?)\s*:.{0,200}",
    r"(?:next|previous|prev|older|newer) (?:article|post|story|page)\s*(?:[:»>→].{0,120})?",
    r"back to top|skip to (?:main )?content|print(?: this (?:article|page|story))?|email this(?: article| story)?"
    r"|loading\.\.\.|menu|search|home",
    r"(?:#[\w-]+[\s,]*)+",
]
_FURNITURE_RE = re.compile(r"^(?:" + "|".join(_FURNITURE) + r")$", re.IGNORECASE)
_SOCIAL_WORD = (r"(?:facebook|twitter|x|linkedin|whatsapp|telegram|reddit|pinterest|email|e-mail|print|pocket"
                r"|copy link|tweet|share|messenger|viber|zalo|line|vk|weibo|wechat|more)")
_SOCIAL_RE = re.compile(r"^(?:" + _SOCIAL_WORD + r"[\s|•·,/]*){1,12}$", re.IGNORECASE)
_COOKIE_RE = re.compile(
    r"\bcookies?\b.*\b(?:use|uses|using|accept|consent|policy|settings|preferences|agree)\b"
    r"|\b(?:use|uses|using|accept|consent|policy|settings|agree)\b.*\bcookies?\b",
    re.IGNORECASE,
)

# photo captions and credits
_CAPTION_WORD = (r"(?:ảnh|hình|foto|fotó|fotografia|fotografía|photo|image|imagen|immagine|bild|picture|pic"
                 r"|写真|图片|圖片|照片|사진|фото|снимка|zdjęcie|kuva|resim|صورة|תמונה)")
_CAPTION_MARKER = re.compile(r"(?:^|\s)[-–—]\s*" + _CAPTION_WORD + r"\s*\d+(?=\s|$|[.:])", re.IGNORECASE)
_CREDIT_WORD = (r"(?:photo|photos|photo credit|photograph|image|image credit|picture|pic|credit|credits"
                r"|ảnh|foto|fotos|写真|фото|bild|source photo)")
_CREDIT_PAREN = re.compile(r"[(\[]\s*" + _CREDIT_WORD + r"\s*[:：]\s*([^)\]]+?)\s*[)\]]", re.IGNORECASE)
_CREDIT_LINE = re.compile(r"^" + _CREDIT_WORD + r"\s*[:：]\s*(.+)$", re.IGNORECASE)
_PHOTO_BY_LINE = re.compile(r"^(?:photo|photograph|image|picture)s? by\s+(.+)$", re.IGNORECASE)
_AGENCY_CREDIT_LINE = re.compile(r"^[A-Z][A-Za-z]+(?: [A-Z][A-Za-z]+)*/[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,4}$")
_POSITION_MARK = re.compile(
    r"\((?:left|right|centre|center|pictured|top|bottom|front|back|in photo"
    r"|(?:second|third) (?:from )?(?:left|right)|l-r|from left)\)",
    re.IGNORECASE,
)
# "(L)" and "(R)" mark places in a photo only as a pair: alone, "(R)" is a US party label
_POSITION_LETTERS = re.compile(r"\((?:L|R|C)\)")

# bylines
_BYLINE_PREFIX = re.compile(
    r"^(?:avatar of\s+.+?\s+)?(?:(?:written|posted|published|story|reported|text|words|report)\s+)?by\s*[:\s]\s*",
    re.IGNORECASE,
)
_AUTHOR_LABEL = re.compile(r"^(?:authors?|writer|reporter|written by|byline)\s*[:：]\s*", re.IGNORECASE)
_NAME_PARTICLES = {"and", "&", "de", "van", "von", "der", "den", "bin", "al", "el", "da", "di", "du", "le",
                   "la", "del", "dos", "y", "ibn", "ter", "st."}
# capitalised words that start sentences ("By Friday, ...") but are not names
_NOT_NAMES = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
              "march", "april", "june", "july", "august", "september", "october", "november", "december",
              "then", "now", "today", "tonight", "tomorrow", "yesterday", "the", "this", "that", "these", "those",
              "noon", "midnight", "contrast", "comparison", "far", "all", "some", "most", "law", "mid", "early",
              "late", "end", "christmas", "easter", "his", "her", "their", "its", "our", "my", "your"}
_ROLE_WORDS = re.compile(
    r"^(?:staff|senior|chief|special|foreign|political|diplomatic|contributing|guest)?\s*"
    r"(?:writer|reporter|correspondent|editor|contributor|columnist|journalist|staff|analyst)s?\b",
    re.IGNORECASE,
)
_OUTLET_WORD = re.compile(
    r"\b(?:reuters|ap|afp|associated press|agence france-presse|bloomberg|cnn|bbc|xinhua|yonhap|kyodo|tass"
    r"|ria novosti|efe|ansa|dpa|upi|aljazeera|al jazeera|news|times|post|press|agency|herald|journal|daily"
    r"|tribune|telegraph|guardian|gazette|wire|network|radio|tv|television|broadcasting|media|online|world)\b",
    re.IGNORECASE,
)

# datelines at the start of the first paragraph
# the dateline's date: "Nov. 20", "Sept 9", "November 20, 2019", or day first "20 November"
_DATELINE_DAY = (r"(?i:" + _MONTH_WORD + r")\.? \d{1,2}(?:, \d{4})?(?!\d)"
                 r"|\d{1,2} (?i:" + _MONTH_WORD + r")\.?(?: \d{4})?(?!\d)")
_DATELINE = re.compile(
    r"^(?P<place>[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3}(?:, [A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,2})?)?"
    r"(?:,\s*(?P<date>" + _DATELINE_DAY + r"))?"
    r"\s*\((?P<outlet>[A-Z][\w.&'’ -]{0,40}?)\)\s*(?:[-–—]+|:)\s*"
)
_DATELINE_BARE = re.compile(
    r"^(?P<place>[A-Z][A-Z.'’-]{3,}(?: [A-Z][A-Z.'’-]+){0,3}(?:, [A-Z][\w.'’-]*)?)"
    r"(?:,\s*(?P<date>" + _DATELINE_DAY + r"))?\s+[-–—]{1,2}\s+"
)
# a dateline that is only the date, with or without the agency: "June 12 -", "Nov. 20 (Reuters) -"
# (a dash and then a word, so "May 5 - 7" or "June 12 is ..." are not datelines)
_DATELINE_DATE = re.compile(
    r"^(?P<date>" + _DATELINE_DAY + r")\s*(?:\((?P<outlet>[A-Z][\w.&'’ -]{0,40}?)\)\s*)?[-–—]{1,2}\s+(?=[^\W\d])"
)
_KICKERS = {"EXCLUSIVE", "BREAKING", "BREAKING NEWS", "UPDATE", "UPDATED", "ANALYSIS", "OPINION", "WATCH",
            "VIDEO", "LIVE", "EDITORIAL", "COMMENTARY", "FACT CHECK", "REVIEW", "INTERVIEW", "PHOTOS", "DEVELOPING",
            "ALERT", "FLASH", "URGENT"}
_CREDITS_LINE = re.compile(
    r"^[(\[]?\s*(?:(?:additional )?reporting|writing|editing|compiled|translated|translation|edited)"
    r"(?: and \w+)? by\b.{0,300}[)\]]?$",
    re.IGNORECASE,
)
_HASHTAGS = re.compile(r"(?:\s*#[\w-]+)+\s*$")


def _is_name(text: str, *, min_tokens: int = 1, max_tokens: int = 8) -> bool:
    """A person's name, or several joined by 'and': capitalised tokens, no digits."""
    tokens = text.replace(",", " , ").split()
    if not (min_tokens <= len(tokens) <= max_tokens) or any(ch.isdigit() for ch in text):
        return False
    if re.search(r"[.!?:;\"“”]$", text) and not re.search(r"\b[A-Z]\.$", text):
        return False
    capitals = 0
    for token in tokens:
        if token.lower() in _NAME_PARTICLES or token == ",":
            continue
        # capitalised, or in a script without case (Korean, Chinese, Arabic, ...)
        if not token[0].isalpha() or token[0].islower() or token.lower().strip(".") in _NOT_NAMES:
            return False
        capitals += 1
    return capitals >= 1


def _is_affiliation(text: str) -> bool:
    """What may follow a byline name: an outlet or a role ("Reuters", "Staff Writer", "senior reporter")."""
    if not text or len(text.split()) > 6 or re.search(r"[!?;:]|[^A-Z]\.$", text):
        return False
    if _ROLE_WORDS.match(text) or _OUTLET_WORD.search(text):
        return True
    return all(w[0].isupper() or w.lower() in {"of", "the", "for", "and", "at", "in", "&"} for w in text.split())


@dataclass
class _Byline:
    name: str | None
    date: str | None
    affiliation: str | None = None
    tags: list[str] = field(default_factory=list)


def _parse_byline(line: str) -> _Byline | None:
    """Read a byline line: 'By Jane Doe | March 3, 2021', 'Posted by X on 2021-03-03', ..."""
    prefix = _BYLINE_PREFIX.match(line) or _AUTHOR_LABEL.match(line)
    if prefix is None:
        return None
    rest = line[prefix.end():].strip()
    tags = re.findall(r"#([\w-]+)", rest)
    rest = _HASHTAGS.sub("", rest).strip()
    date = None
    trailing = None  # "By X | March 3, 2021 | Reuters": an outlet after the date
    found = find_date(rest)
    if found is not None:
        after = rest[found.end:]
        if not _TIME_TAIL.match(after):
            parts = re.split(r"\s+[|·•–—-]\s+", after, maxsplit=1)
            if len(parts) < 2 or not _TIME_TAIL.match(parts[0]) or not _is_affiliation(parts[1].strip()):
                return None
            trailing = parts[1].strip()
        date = found.iso
        rest = rest[: found.start]
    rest = re.sub(r"(?i)(?:\s*(?:[|,·•/–-]|\bon\b|\bupdated\b|\bpublished\b|\bposted\b))+\s*$", "", rest).strip()
    affiliation = None
    for sep in (" | ", ", ", " - ", " – ", " — ", " / "):
        if sep in rest:
            head, tail = rest.split(sep, 1)
            if _is_name(head) and _is_affiliation(tail.strip()):
                rest, affiliation = head.strip(), tail.strip()
                break
    if not rest or not _is_name(rest):
        return None
    return _Byline(rest, date, affiliation or trailing, tags)


def _parse_name_outlet(line: str) -> tuple[str, str] | None:
    """'Jane Doe, Reuters' -> ('Jane Doe', 'Reuters') when the second part names an outlet."""
    if line.count(",") != 1:
        return None
    name, outlet = (part.strip() for part in line.split(","))
    if not _is_name(name, min_tokens=2, max_tokens=4) or " and " in name:
        return None
    if not outlet or len(outlet.split()) > 4 or not outlet[0].isupper() or not _OUTLET_WORD.search(outlet):
        return None
    if re.search(r"[.!?:;]$", outlet):
        return None
    return name, outlet


def _credit_of(caption: str) -> str | None:
    found = _CREDIT_PAREN.search(caption)
    if found:
        return found.group(1).strip()
    return None


def _caption_kind(line: str) -> tuple[str, str | None] | None:
    """('caption', credit) for a photo caption or credit line, else None."""
    if _CAPTION_MARKER.search(line):
        return "caption", _credit_of(line)
    words = len(line.split())
    credit_line = _CREDIT_LINE.match(line)
    if credit_line and words <= 40:
        rest = credit_line.group(1).strip()
        credit = _credit_of(rest)
        if credit is None and ("/" in rest or len(rest.split()) <= 6):
            credit = rest.rstrip(".")
        return "caption", credit
    by = _PHOTO_BY_LINE.match(line)
    if by and words <= 12:
        return "caption", by.group(1).strip().rstrip(".")
    if _AGENCY_CREDIT_LINE.match(line) and words <= 8:
        return "caption", line.strip()
    paren = _CREDIT_PAREN.search(line)
    if paren and words <= 60 and line.rstrip(" .").endswith((")", "]")):
        return "caption", paren.group(1).strip()
    if words <= 30 and len(re.findall(r"[.!?](?:\s|$)", line)) <= 1:
        letters = set(_POSITION_LETTERS.findall(line))
        if _POSITION_MARK.search(line) or ({"(L)", "(R)"} <= letters and "(D)" not in line):
            return "caption", None
    return None


def _is_furniture(line: str) -> bool:
    words = len(line.split())
    if _FURNITURE_RE.match(line):
        return True
    if words <= 12 and _SOCIAL_RE.match(line):
        return True
    if words <= 60 and _COOKIE_RE.search(line) and re.search(r"(?i)\b(?:we|this (?:site|website)|our)\b", line):
        return True
    return False


def _title_like(line: str) -> bool:
    """Short, not a bullet, and not ending like a sentence (unless written in Title Case)."""
    words = line.split()
    if len(line) > 300 or not 1 <= len(words) <= 30 or line.startswith(("(", "[", "#", "-", "*", "•")):
        return False
    if re.search(r"[,;:]$", line):
        return False
    if line.endswith("."):
        content = [w for w in words if len(w) > 3]
        title_case = len(content) >= 3 and sum(w[0].isupper() for w in content) >= 0.8 * len(content)
        return title_case
    return True


def _is_title_repeat(line: str, title: str) -> bool:
    """The title again, maybe with a counter (' 0'), a site name after '|' or a dash variant."""
    a, t = _norm(line), _norm(title)
    if not t:
        return False
    if a == t:
        return True
    if a.startswith(t):
        tail = a[len(t):].strip()
        return bool(re.fullmatch(r"\d{1,5}|[|:-] .{1,60}|\| .{1,60}", tail))
    return False


def _is_signature(line: str) -> bool:
    """A bare author name on its own line (2-4 capitalised words, nothing else)."""
    return _is_name(line, min_tokens=2, max_tokens=4) and " and " not in line and "," not in line \
        and not re.search(r"[&\"“”()\[\]|:/]", line)


def _guess_title(lines: list[str], kinds: list[str | None]) -> str | None:
    """The first line that is not furniture, a byline, a date or a caption, if it looks like a title.

    Marks that line as the title in ``kinds``. At most five furniture-like lines are skipped.
    """
    body = [i for i, k in enumerate(kinds) if k is None]
    for n, i in enumerate(body[:6]):
        line = lines[i]
        if _is_furniture(line) or _parse_byline(line) is not None or _date_line(line) is not None \
                or _caption_kind(line) is not None:
            continue
        rest = body[n + 1:]
        if not rest:
            return None
        # a headline may end in a full stop; when the next line opens with a dateline it is one
        headline = line.endswith(".") and len(line.split()) <= 30 \
            and bool(_DATELINE.match(lines[rest[0]]) or _DATELINE_BARE.match(lines[rest[0]]))
        if _title_like(line) or headline:
            kinds[i] = "title"
            return line
        return None
    return None


# --------------------------------------------------------------------------- cleaning


def clean_text(raw: str, *, source: str | None = None, title: str | None = None) -> Article:
    """Clean pre-scraped text into an Article (see docs/ingest.md for every rule)."""
    return _clean(raw, source=source, title=title, guess_title=True)


def _clean(raw: str, *, source: str | None, title: str | None, guess_title: bool) -> Article:
    if not isinstance(raw, str):
        raise NoTextError(f"expected text, got {type(raw).__name__}")
    if not raw.strip():
        raise NoTextError("the input is blank: there is no text to read")
    text = raw.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    lines = [line.strip() for line in text.split("\n")]

    kinds: list[str | None] = [None] * len(lines)  # None = body, "" = blank, else why removed
    meta: dict = {}
    photo_credits: list[str] = []
    byline: str | None = None
    stated: str | None = None
    outlet: str | None = None

    for i, line in enumerate(lines):
        if not line:
            kinds[i] = ""

    if title is None and guess_title:
        title = _guess_title(lines, kinds)
    title = title.strip() if title else title

    # the head: lines before the first long paragraph, where bylines and "Name, Outlet" sit
    head_end = next((i for i, k in enumerate(kinds) if k is None and len(lines[i].split()) >= 15), len(lines))

    for i, line in enumerate(lines):
        if kinds[i] is not None:
            continue
        if title and _is_title_repeat(line, title):
            kinds[i] = "title"
            continue
        if _is_furniture(line):
            kinds[i] = "furniture"
            continue
        caption = _caption_kind(line)
        if caption is not None:
            kinds[i] = "caption"
            if caption[1] and caption[1] not in photo_credits:
                photo_credits.append(caption[1])
            continue
        if len(line.split()) <= 25:
            found = _parse_byline(line)
            if found is not None:
                kinds[i] = "byline"
                byline = byline or found.name
                stated = stated or _checked(found.date, "the byline", meta.setdefault("date_refused", []))
                if found.affiliation:
                    meta.setdefault("byline_affiliation", found.affiliation)
                    if not _ROLE_WORDS.match(found.affiliation) and _OUTLET_WORD.search(found.affiliation):
                        outlet = outlet or found.affiliation
                if found.tags:
                    meta.setdefault("tags", []).extend(t for t in found.tags if t not in meta.get("tags", []))
                continue
            dated = _date_line(line)
            if dated is not None:
                kinds[i] = "date"
                iso, updated = dated
                if updated:
                    meta.setdefault("updated_date", iso)
                else:
                    stated = stated or _checked(iso, "a date line", meta.setdefault("date_refused", []))
                continue
            if _CREDITS_LINE.match(line):
                kinds[i] = "credits"
                meta.setdefault("credits", []).append(line.strip("()[] "))
                continue
        if i < head_end:
            pair = _parse_name_outlet(line)
            if pair is not None:
                kinds[i] = "byline"
                byline = byline or pair[0]
                outlet = outlet or pair[1]
                continue

    # a trailing signature: the last body line, a bare name, after which only furniture follows
    body_idx = [i for i, k in enumerate(kinds) if k is None]
    if len(body_idx) >= 2 and _is_signature(lines[body_idx[-1]]):
        kinds[body_idx[-1]] = "signature"
        meta["signature"] = lines[body_idx[-1]]
        body_idx.pop()
    if stated is None and "updated_date" in meta:
        stated = meta["updated_date"]

    # the dateline at the start of the first body line
    removed: list[str] = []
    removed_kinds: list[str] = []
    dateline_at: tuple[int, str] | None = None
    # it opens the lead paragraph: the first body line, or the next one after a short kicker/headline
    candidates = body_idx[:2] if len(body_idx) >= 2 and len(lines[body_idx[0]].split()) < 20 else body_idx[:1]
    for i in candidates:
        dateline = _DATELINE.match(lines[i]) or _DATELINE_BARE.match(lines[i]) or _DATELINE_DATE.match(lines[i])
        if not dateline or dateline.end() >= len(lines[i]):
            continue
        parts = dateline.groupdict()
        if parts.get("place") and parts["place"].upper() in _KICKERS:
            meta["label"] = parts.pop("place")  # "EXCLUSIVE -" is a label, not a place
        if parts.get("outlet"):
            outlet = outlet or parts["outlet"].strip()
            meta["dateline_outlet"] = parts["outlet"].strip()
        if parts.get("place"):
            meta["dateline_place"] = parts["place"].strip()
        if parts.get("date"):
            meta["dateline_date"] = parts["date"].strip()
        dateline_at = (i, lines[i][: dateline.end()].strip())
        lines[i] = lines[i][dateline.end():]
        break

    paragraphs: list[list[str]] = []
    current: list[str] = []
    for i, (line, kind) in enumerate(zip(lines, kinds, strict=True)):
        if dateline_at is not None and dateline_at[0] == i:
            removed.append(dateline_at[1])
            removed_kinds.append("dateline")
        if kind is None:
            current.append(line)
            continue
        if current:
            paragraphs.append(current)
            current = []
        if kind:
            removed.append(line)
            removed_kinds.append(kind)
    if current:
        paragraphs.append(current)
    body = "\n\n".join("\n".join(p) for p in paragraphs)
    if not body.strip():
        raise NoTextError("no body text is left after cleaning (every line looked like page furniture)")

    if byline is None and "signature" in meta:
        byline = meta["signature"]
    meta["removed_kinds"] = removed_kinds
    if not meta.get("date_refused"):
        meta.pop("date_refused", None)
    article = Article(
        id=content_id(body), text=body, raw=raw, source=source, outlet=outlet, title=title or None,
        byline=byline, stated_date=stated, photo_credits=photo_credits, removed=removed, meta=meta,
    )
    if stated:
        article.meta["stated_date_from"] = "text"
    reconcile_dates(article)
    return article


# --------------------------------------------------------------------------- which date


_GLUED_DATE = re.compile(r"\d{1,2}[:.]\d{2}")


def split_glued_date(line: str) -> tuple[str, str] | None:
    """(headline, ISO date) for a headline with its date and time run into it by the page layout:
    ``Armenia, Georgia discuss ... November 20, 2019 - 11:28 AMT``. The date must close the
    line with a time after it, and what comes before it must not end as a sentence does."""
    found = find_date(line)
    if found is None or found.start == 0:
        return None
    # the last date in the line, the one that closes it
    while True:
        later = find_date(line[found.end:])
        if later is None:
            break
        found = DateMatch(later.iso, found.end + later.start, found.end + later.end)
    head, tail = line[: found.start].rstrip(" ,|·•-–—"), line[found.end:]
    if not _GLUED_DATE.search(tail) or not _TIME_TAIL.match(tail) or not head:
        return None
    if re.search(r"(?i)\b(?:on|since|until|by|from|to|of|at|in|before|after|and)$", head) or head.endswith("."):
        return None
    return head, found.iso


def _month_day(text: str) -> tuple[int, int] | None:
    """(month, day) of a dateline's date without its year: "Nov. 20", "SEPT 9", "20 November"."""
    found = re.match(r"(?i)\s*" + _MONTH + r"\.?\s+(\d{1,2})(?!\d)", text or "")
    if found:
        return _MONTHS[found.group("mon").lower()], int(found.group(2))
    found = re.match(r"(?i)\s*(\d{1,2})\s+" + _MONTH + r"\b", text or "")
    return (_MONTHS[found.group("mon").lower()], int(found.group(1))) if found else None


def dateline_month_day(text: str | None) -> tuple[int, int] | None:
    """(month, day) of a dateline date that has no year (``meta["dateline_date"]``), else None."""
    if not text or parse_date(text):
        return None
    month_day = _month_day(text)
    return month_day if month_day and _safe_day(2000, *month_day) else None  # 2000: Feb 29 is a day


def reconcile_dates(article: Article, markup: str | None = None, markup_from: str = "the page metadata") -> None:
    """Choose the stated date between the page's metadata and the date printed in the text.

    The text's own date (a date line or byline at the top, a date run into the headline, or a
    dateline "WASHINGTON, Nov. 20 (Reuters) -") is what the reader sees; metadata dates are
    often an update, a re-publication or a CMS placeholder. When the two agree (within a day,
    for time zones) the metadata date is kept; when they disagree the text's date is used, and
    ``meta["date_choice"]`` says which was used and why. A dateline without a year takes the
    year that puts it nearest the other date.
    """
    meta = article.meta
    text_date = article.stated_date if meta.get("stated_date_from") in ("text", "headline") else None
    dateline = meta.get("dateline_date")
    if dateline and parse_date(dateline):
        text_date = text_date or _checked(parse_date(dateline), "the dateline", meta.setdefault("date_refused", []))
        if not meta.get("date_refused"):
            meta.pop("date_refused", None)
    used, source = text_date or markup, ("text" if text_date else "markup" if markup else None)
    if text_date and markup and abs((_dt.date.fromisoformat(text_date) - _dt.date.fromisoformat(markup)).days) > 1:
        meta["date_choice"] = {
            "used": text_date, "from": "the text", "other": markup, "other_from": markup_from,
            "why": f"the date printed in the article ({text_date}) and {markup_from} ({markup}) disagree; "
                   "the printed date is the one the reader sees (metadata dates are often an update or a "
                   "re-publication)"}
    elif text_date and markup:
        used, source = markup, "markup"
    md = _month_day(dateline) if dateline and not parse_date(dateline) else None
    if md and used:
        anchor = _dt.date.fromisoformat(used)
        options = [d for y in (anchor.year - 1, anchor.year, anchor.year + 1)
                   if (d := _safe_day(y, *md)) is not None]
        nearest = min(options, key=lambda d: abs((d - anchor).days), default=None)
        if nearest is not None and abs((nearest - anchor).days) > 1 and abs((nearest - anchor).days) <= 183:
            meta["date_choice"] = {
                "used": nearest.isoformat(), "from": "the dateline", "other": used,
                "other_from": markup_from if source == "markup" else "the text",
                "why": f"the dateline says {dateline!r}, {abs((nearest - anchor).days)} days from {used}; "
                       "the dateline is the reporter's own date of the story (the year is the one nearest "
                       f"{used})"}
            used, source = nearest.isoformat(), "dateline"
    article.stated_date = used
    if source and not (source == "text" and meta.get("stated_date_from") == "headline"):
        meta["stated_date_from"] = source


def _safe_day(year: int, month: int, day: int) -> _dt.date | None:
    try:
        return _dt.date(year, month, day)
    except ValueError:
        return None


# --------------------------------------------------------------------------- HTML

_HTML_START = re.compile(r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b",
                         re.IGNORECASE | re.DOTALL)
_HTML_TAG = re.compile(r"</(?:p|div|span|a|article|section|h[1-6]|li|ul|ol|table|td|body|html|em|strong|b|i)>"
                       r"|<br\s*/?>", re.IGNORECASE)


def looks_like_html(text: str) -> bool:
    """True for an HTML page or fragment (a doctype/html tag, or several closing tags)."""
    head = text[:20000]
    return bool(_HTML_START.match(head)) or len(_HTML_TAG.findall(head)) >= 3


HTML_PREPASS = True  # take page furniture out before trafilatura (tidings.ingest.furniture); False: trafilatura alone


def parse_html(html: str | bytes):
    """An lxml tree of a page, or None. ``huge_tree``: libxml2 otherwise stops at 255 levels of
    nesting and the body after them is lost."""
    import lxml.etree
    import lxml.html

    data = html.encode("utf-8", "surrogatepass") if isinstance(html, str) else html
    data = _NESTED_RUN.sub(lambda m: m.group(0)[: m.group(0).index(b">") + 1] * 50, data)
    parser = lxml.html.HTMLParser(encoding="utf-8", huge_tree=True, remove_comments=True)
    try:
        root = lxml.html.document_fromstring(data, parser=parser)
    except (ValueError, lxml.etree.ParserError):
        return None
    _flatten_wrappers(root)
    return root


MAX_DEPTH = 200
# a run of 200+ bare opening (or closing) tags of one kind: libxml2 gives up on the body past a
# few thousand levels even with huge_tree, so such a run is cut to 50 before parsing
_NESTED_RUN = re.compile(rb"(?:<(div|span|section|b|i|p|font|blockquote|ul|li|table|tr|td)>\s*){200,}"
                         rb"|(?:</(div|span|section|b|i|p|font|blockquote|ul|li|table|tr|td)>\s*){200,}",
                         re.IGNORECASE)


def _flatten_wrappers(root) -> None:
    """Unwrap empty wrapper elements (one child, no text, no attributes) below ``MAX_DEPTH`` levels:
    a page nested thousands of levels deep keeps its text, and later passes don't recurse that far."""
    depth = {root: 0}
    deep = []
    for element in root.iter():
        parent = element.getparent()
        if parent is None:
            continue
        depth[element] = level = depth[parent] + 1
        if level > MAX_DEPTH and isinstance(element.tag, str) and len(element) == 1 and not element.attrib \
                and not (element.text or "").strip() and not (element.tail or "").strip():
            deep.append(element)
    for element in deep:
        element.drop_tag()


def html_metadata_and_text(html: str | bytes, url: str | None = None) -> tuple[dict, str]:
    """Main text (paragraphs separated by blank lines) and metadata of an HTML page via trafilatura.

    The page is parsed once (``parse_html``); its dates are read from the markup only
    (``html_dates``): trafilatura's own date search also takes dates from the story text, where
    the first date is usually the news, not the publication. Then the furniture pre-pass
    (``tidings.ingest.furniture``) removes hover cards, related links, sidebars and the like,
    and trafilatura finds the main text in what is left.
    """
    import trafilatura

    tree = parse_html(html)
    if tree is None:
        return {}, ""
    refused: list[dict] = []
    dates = html_dates(tree, url=url, refused=refused)
    pruned = {}
    if HTML_PREPASS:
        from .ingest.furniture import prune_furniture

        pruned = dict(prune_furniture(tree))
    doc = trafilatura.bare_extraction(tree, url=url, with_metadata=True, include_comments=False,
                                      include_tables=True)
    if doc is None:
        return {}, ""
    data = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    text = data.get("text") or ""
    text = "\n\n".join(line.strip() for line in text.split("\n") if line.strip())
    meta = {k: data.get(k) for k in ("title", "author", "sitename", "url", "hostname", "description", "language")}
    meta["date"], meta["modified"] = dates
    if not meta["date"] and url is None and data.get("url"):
        found = _URL_DATE.search(data["url"])
        meta["date"] = _checked(parse_date("-".join(found.groups())) if found else None, "the page url", refused)
    if refused:
        meta["date_refused"] = refused
    if pruned:
        meta["furniture_removed"] = pruned
    return meta, text


_PUBLISHED_KEYS = {"article:published_time", "og:published_time", "og:article:published_time", "datepublished",
                   "pubdate", "publishdate", "publish-date", "publish_date", "publication_date", "date",
                   "dc.date", "dc.date.issued", "dcterms.created", "dcterms.issued", "dcterms.date",
                   "sailthru.date", "parsely-pub-date", "article.published", "article_date_original",
                   "original-publish-date", "citation_publication_date", "citation_date"}
_MODIFIED_KEYS = {"article:modified_time", "og:updated_time", "datemodified", "last-modified", "dcterms.modified",
                  "article.updated"}
_URL_DATE = re.compile(r"/(\d{4})[/-](\d{2})[/-](\d{2})(?:/|-|$)")


def html_dates(html, url: str | None = None, *, refused: list | None = None) -> tuple[str | None, str | None]:
    """(published, modified) ISO dates from a page's markup: meta tags, JSON-LD, ``<time>``, the URL.

    ``html`` is the page or its lxml tree. A placeholder or impossible date (``date_refusal``)
    is passed over, and recorded in ``refused`` when a list is given.
    """
    root = html if hasattr(html, "iter") else parse_html(html)
    if root is None:
        return None, None
    refused = [] if refused is None else refused
    published = modified = None
    for element in root.iter("meta"):
        key = (element.get("property") or element.get("name") or element.get("itemprop") or "").lower()
        if key in _PUBLISHED_KEYS and not published:
            published = _checked(parse_date(element.get("content")), f"<meta {key}>", refused)
        elif key in _MODIFIED_KEYS and not modified:
            modified = _checked(parse_date(element.get("content")), f"<meta {key}>", refused)
    for script in root.iter("script"):
        if (script.get("type") or "").lower() == "application/ld+json" and script.text:
            found = re.search(r'"datePublished"\s*:\s*"([^"]+)"', script.text)
            changed = re.search(r'"dateModified"\s*:\s*"([^"]+)"', script.text)
            if found and not published:
                published = _checked(parse_date(found.group(1)), "JSON-LD datePublished", refused)
            if changed and not modified:
                modified = _checked(parse_date(changed.group(1)), "JSON-LD dateModified", refused)
    for element in root.iter("time"):
        if (element.get("itemprop", "").lower() == "datepublished" or element.get("pubdate") is not None) \
                and not published:
            published = _checked(parse_date(element.get("datetime") or element.text_content()), "<time>", refused)
    if not published and url:
        found = _URL_DATE.search(url)
        published = _checked(parse_date("-".join(found.groups())) if found else None, "the page url", refused)
    return published, modified


EARLIEST_YEAR = 1900


def date_refusal(iso: str | None, today: _dt.date | None = None) -> str | None:
    """Why a stated date can't be the document's date, or None when it can.

    Refused: a year before 1900 (``0001-01-01`` and other CMS placeholders), the Unix epoch
    zero (``1970-01-01``, an empty timestamp), and a day after tomorrow (a date in the future).
    """
    if not iso:
        return None
    try:
        day = _dt.date.fromisoformat(iso[:10])
    except ValueError:
        return f"{iso!r} is not a calendar date"
    today = today or _dt.date.today()
    if day.year < EARLIEST_YEAR:
        return f"{iso} is before {EARLIEST_YEAR}: a placeholder (such as 0001-01-01), not a publication date"
    if day == _dt.date(1970, 1, 1):
        return "1970-01-01 is the Unix epoch zero: an empty timestamp, not a publication date"
    if day > today + _dt.timedelta(days=1):
        return f"{iso} is after tomorrow ({(today + _dt.timedelta(days=1)).isoformat()}): a date in the future"
    return None


def _checked(iso: str | None, where: str, refused: list) -> str | None:
    """``iso`` unless ``date_refusal`` refuses it; a refusal is appended to ``refused``."""
    why = date_refusal(iso)
    if why is None:
        return iso
    refused.append({"value": iso, "from": where, "reason": why})
    return None


def article_from_html(html: str, *, raw: bool = False, title: str | None = None, id: str | None = None,
                      source: str | None = None, url: str | None = None) -> Article:
    """An Article from an HTML page: trafilatura's main text and metadata, then ``clean_text`` rules."""
    meta, body = html_metadata_and_text(html, url=url)
    if not body.strip():
        raise NoBodyTextError("the HTML page has no main body text")
    page_title, headline_date = title or meta.get("title"), None
    glued = split_glued_date(page_title) if page_title and not title else None
    if glued:  # "Title November 20, 2019 - 11:28 AMT": the layout ran the date into the headline
        page_title, headline_date = glued
        lines = body.split("\n\n")
        if lines and _norm(lines[0]) == _norm(meta["title"]):
            lines[0] = page_title
        body = "\n\n".join(lines)
        meta["title"] = page_title
    try:
        article = _clean(body, source=source, title=page_title, guess_title=False)
    except NoTextError as exc:
        raise NoBodyTextError("the HTML page has no main body text (only page furniture)") from exc
    if headline_date and not article.stated_date:
        article.stated_date = _checked(headline_date, "the headline", article.meta.setdefault("date_refused", []))
        if article.stated_date:
            article.meta["stated_date_from"] = "headline"
    article.raw = html
    if meta.get("date_refused"):
        article.meta["date_refused"] = meta["date_refused"] + article.meta.get("date_refused", [])
    sitename = meta.get("sitename")
    if sitename and sitename != meta.get("hostname"):
        article.outlet = sitename
    else:
        article.outlet = article.outlet or sitename
    article.byline = meta.get("author") or article.byline
    reconcile_dates(article, markup=meta.get("date"), markup_from="the page metadata")
    if article.stated_date is None and meta.get("modified"):
        article.stated_date = meta["modified"]
        article.meta["stated_date_from"] = "markup-modified"
    if meta.get("modified"):
        article.meta.setdefault("updated_date", meta["modified"])
    article.url = url or meta.get("url")
    if meta.get("language"):
        article.language = meta["language"]
    article.meta["html"] = {k: v for k, v in meta.items() if v}
    if raw:
        keep_verbatim(article, html)
    if id:
        article.id = id
    return article


def keep_verbatim(article: Article, text: str) -> None:
    """Make ``text`` (the input, verbatim) the Article text: nothing removed, id from it."""
    article.text = text
    article.raw = text
    article.removed = []
    article.meta.pop("removed_kinds", None)
    article.meta["raw"] = True
    article.id = content_id(text)


def article_from_input(text_or_html: str, *, raw: bool = False, title=None, id=None, source=None) -> Article:
    """An Article from pre-scraped text or an HTML page.

    HTML goes through trafilatura; text through ``clean_text``. With ``raw=True`` the
    Article text is the input verbatim (nothing removed, offsets are input offsets);
    the metadata cleaning found (title, byline, dates) is still filled in.
    """
    if not isinstance(text_or_html, str):
        raise NoTextError(f"expected text or HTML as a string, got {type(text_or_html).__name__}")
    if not text_or_html.strip():
        raise NoTextError("the input is blank: there is no text to read")
    if looks_like_html(text_or_html):
        return article_from_html(text_or_html, raw=raw, title=title, id=id, source=source)
    if raw:
        try:
            article = clean_text(text_or_html, source=source, title=title)
        except NoTextError:
            article = Article(id="", text="", source=source, title=title)
        keep_verbatim(article, text_or_html)
    else:
        article = clean_text(text_or_html, source=source, title=title)
    if id:
        article.id = id
    return article
