"""Fetches one http(s) URL (a feed, or a page linked from a feed) with a size limit and a timeout.

Only ``read_inputs`` calls this, and only for URLs the user gave or, with
``fetch_links=True``, for feed entry links. Every failure (offline, DNS, HTTP
status, timeout, too big) is a ``Refused`` with code T112 or T105.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from dataclasses import dataclass

from .. import __version__
from .decode import FETCH_FAILED, Refused, read_limited

TIMEOUT_SECONDS = 20.0


@dataclass
class Fetched:
    url: str  # after redirects
    data: bytes
    content_type: str | None
    charset: str | None


def is_url(text: str) -> bool:
    return text.lower().startswith(("http://", "https://"))


def fetch(url: str, max_bytes: int, timeout: float = TIMEOUT_SECONDS) -> Fetched:
    """GET ``url``; refuse (T112) on any network or HTTP failure, (T105) past ``max_bytes``."""
    if not is_url(url):
        raise Refused(FETCH_FAILED, f"not an http(s) URL: {url}")
    request = urllib.request.Request(url, headers={"User-Agent": f"tidings/{__version__}"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (http(s) only)
            data = read_limited(response, max_bytes, what="the download")
            headers = response.headers
            return Fetched(response.geturl(), data, headers.get_content_type(), headers.get_content_charset())
    except urllib.error.HTTPError as exc:
        raise Refused(FETCH_FAILED, f"could not fetch {url}: HTTP {exc.code} {exc.reason}") from exc
    except urllib.error.URLError as exc:
        raise Refused(FETCH_FAILED, f"could not fetch {url}: {exc.reason} (offline?)") from exc
    except (TimeoutError, OSError, ValueError) as exc:
        raise Refused(FETCH_FAILED, f"could not fetch {url}: {exc}") from exc
