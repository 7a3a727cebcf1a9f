"""Across articles: near-duplicates, merged events, stories, timelines, corpus date evidence.

Pure functions over lists of ``Analysis`` objects (see ``docs/link.md``).
"""

from .corpus_dates import date_evidence_from_corpus
from .dates import DateRange, compatible, parse_value, sort_key
from .duplicates import DuplicatePair, find_duplicates
from .merge import Mention, MergedEvent, merge_events
from .stories import Story, group_stories
from .timeline import series, timeline

__all__ = [
    "DateRange", "DuplicatePair", "MergedEvent", "Mention", "Story", "compatible",
    "date_evidence_from_corpus", "find_duplicates", "group_stories", "merge_events",
    "parse_value", "series", "sort_key", "timeline",
]
