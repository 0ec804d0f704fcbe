"""A careful HTTP fetcher for pages named by feeds: timeouts, a size cap, a per-host rate
limit, and no requests to private, loopback or link-local addresses unless allowed.

>>> fetcher = Fetcher(FetchPolicy())
>>> page = fetcher.get("https://example.org/story")  # doctest: +SKIP

Every hop of a redirect is checked again. The network is one injectable seam: pass an
``httpx`` transport (tests use ``httpx.MockTransport`` or a local server with
``allow_private=True``). Failures raise :class:`FetchError` naming the URL and the reason.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpx

from newsdesk.errors import InputError

TIMEOUT_S = 10.0  # per request phase: a slow site must not stall a watch loop
MAX_BYTES = 5_000_000  # a news page is well under this; anything bigger is not an article
HOST_INTERVAL_S = 1.0  # at most one request per second to one host: polite crawling
MAX_REDIRECTS = 5
USER_AGENT = "newsdesk-watch/0.1 (+https://newsdesk.invalid)"

Resolver = Callable[[str, int], list[str]]


class FetchError(InputError):
    """A page could not be fetched (the message names the URL and why)."""


@dataclass(frozen=True, slots=True)
class FetchPolicy:
    timeout: float = TIMEOUT_S
    max_bytes: int = MAX_BYTES
    host_interval: float = HOST_INTERVAL_S
    allow_private: bool = False


@dataclass(frozen=True, slots=True)
class Page:
    url: str  # the final URL, after redirects
    content: bytes
    content_type: str


def _resolve(host: str, port: int) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    except socket.gaierror as e:
        raise FetchError(f"cannot resolve host {host!r}: {e}") from e
    return sorted({str(info[4][0]) for info in infos})


def is_public(address: str) -> bool:
    """Whether an IP address is on the public internet (not private, loopback, link-local...)."""
    ip = ipaddress.ip_address(address.split("%")[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return not (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
    )


class Fetcher:
    """Fetches pages under a :class:`FetchPolicy`; safe to share between threads."""

    def __init__(
        self,
        policy: FetchPolicy,
        *,
        transport: httpx.BaseTransport | None = None,
        resolver: Resolver = _resolve,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.policy = policy
        self._resolve = resolver
        self._clock = clock
        self._sleep = sleep
        self._last: dict[str, float] = {}
        self._lock = threading.Lock()
        self._client = httpx.Client(
            transport=transport,
            timeout=httpx.Timeout(policy.timeout),
            follow_redirects=False,
            headers={"user-agent": USER_AGENT},
            trust_env=False,  # no proxies from the environment: addresses are checked here
        )

    def close(self) -> None:
        self._client.close()

    def get(self, url: str) -> Page:
        """The page at ``url`` (redirects followed, each hop checked)."""
        for _ in range(MAX_REDIRECTS + 1):
            self.check(url)
            self._wait_turn(urlsplit(url).hostname or "")
            response_or_next = self._get_once(url)
            if isinstance(response_or_next, Page):
                return response_or_next
            url = response_or_next
        raise FetchError(f"{url}: more than {MAX_REDIRECTS} redirects")

    def check(self, url: str) -> None:
        """Raise :class:`FetchError` unless ``url`` may be fetched under the policy."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise FetchError(f"{url}: only http and https URLs are fetched")
        if self.policy.allow_private:
            return
        port = parts.port or (443 if parts.scheme == "https" else 80)
        for address in self._resolve(parts.hostname, port):
            if not is_public(address):
                raise FetchError(
                    f"{url}: {parts.hostname} is a private or loopback address ({address}); "
                    "pass --allow-private to fetch from it"
                )

    def _wait_turn(self, host: str) -> None:
        with self._lock:
            now = self._clock()
            ready = self._last.get(host, now - self.policy.host_interval) + (
                self.policy.host_interval
            )
            self._last[host] = max(now, ready)
        if ready > now:
            self._sleep(ready - now)

    def _get_once(self, url: str) -> Page | str:
        try:
            with self._client.stream("GET", url) as response:
                if response.is_redirect:
                    target = response.headers.get("location")
                    if not target:
                        raise FetchError(f"{url}: redirect without a Location header")
                    return str(urljoin(url, target))
                if response.status_code != 200:
                    raise FetchError(f"{url}: HTTP {response.status_code}")
                declared = response.headers.get("content-length")
                if declared and declared.isdigit() and int(declared) > self.policy.max_bytes:
                    raise FetchError(f"{url}: {declared} bytes, over the {self._cap} cap")
                body = bytearray()
                for chunk in response.iter_bytes():
                    body += chunk
                    if len(body) > self.policy.max_bytes:
                        raise FetchError(f"{url}: larger than the {self._cap} cap")
                kind = response.headers.get("content-type", "")
                return Page(str(response.url), bytes(body), kind)
        except httpx.HTTPError as e:
            raise FetchError(f"{url}: {type(e).__name__}: {e or 'request failed'}") from e

    @property
    def _cap(self) -> str:
        return f"{self.policy.max_bytes:,}-byte"
