"""HTTP to one SPARQL server: authentication, timeouts, retries with back-off, plain-worded errors.

Every request has a timeout; no message shows the password (or any URL's user
information), even when a server echoes it. Connection failures and busy answers (HTTP 429,
502, 503, 504) are retried with exponential back-off within that timeout.
requests is imported where it is used, to keep ``kg --help`` fast.
"""

from __future__ import annotations

import functools
import socket
import threading
import time
import weakref
from typing import TYPE_CHECKING

from ..problems import RemoteError
from .endpoint import Endpoint, redacted

if TYPE_CHECKING:  # pragma: no cover - typing only
    import requests


#: HTTP statuses that mean "busy or briefly away: try again".
TRANSIENT_STATUSES = frozenset({429, 502, 503, 504})


#: Virtuoso's header on an answer it cut at its ResultSetMaxRows.
MAX_ROWS_HEADER = "X-SPARQL-MaxRows"


_JSON_RESULTS = "application/sparql-results+json"

#: Bytes of a request body above which sending it may take longer than a connection should
_BIG_BODY = 1_000_000


def first_line(text: str, limit: int = 300) -> str:
    for line in text.splitlines():
        if line.strip():
            return line.strip()[:limit]
    return ""


class Client:
    """HTTP to one endpoint: authentication, timeouts, retries and plain-worded errors."""

    def __init__(self, endpoint: Endpoint):
        import requests
        from requests.auth import HTTPBasicAuth, HTTPDigestAuth

        self.endpoint = endpoint
        self.session = requests.Session()
        self.session.trust_env = False  # only the URLs the user gave: no proxies from the environment
        #: every socket this client opened, so that a deadline can cut the one a request waits on
        self.sockets: weakref.WeakSet = weakref.WeakSet()
        adapter = _tracking_adapter(self.sockets)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)
        if endpoint.user is not None:
            scheme = HTTPDigestAuth if endpoint.auth == "digest" else HTTPBasicAuth
            self.session.auth = scheme(endpoint.user, endpoint.password or "")
        self.requests = 0
        #: the software the server names in its answers' Server header (for the few quirks worked around)
        self.server = ""

    def close(self) -> None:
        self.session.close()

    def _cut(self, expired: threading.Event) -> None:
        """At the deadline: shut every open socket down, so that a read blocked on a slow server returns."""
        expired.set()
        for sock in list(self.sockets):
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:  # already closed
                pass

    def _attempt(self, method: str, url: str, seconds: float, **kwargs) -> tuple["requests.Response | None", str]:
        """One request, headers and body, within ``seconds`` in all: the response, or None and what went wrong.

        requests' own timeout bounds each wait for a byte, not the whole
        answer; a server that sends one byte every half second would never
        time out. A timer cuts the connection at the deadline instead.
        """
        import requests

        expired = threading.Event()
        timer = threading.Timer(seconds, self._cut, args=(expired,))
        timer.daemon = True
        timer.start()
        try:
            # urllib3 sends the body under the connect timeout: a big body to a server that reads it as it
            # loads (Oxigraph, in one transaction) needs the whole time; the timer bounds the exchange anyway.
            body = kwargs.get("data")
            connect = seconds if isinstance(body, bytes) and len(body) > _BIG_BODY else min(10.0, seconds)
            response = self.session.request(method, url, timeout=(connect, seconds), **kwargs)
            response.content  # noqa: B018 - the body is read here, within the deadline
        except requests.Timeout:
            return None, "no answer"
        except requests.ConnectionError as err:
            return None, "no answer" if expired.is_set() else _connection_problem(err)
        except requests.RequestException as err:  # a broken chunked body and the like
            return None, "no answer" if expired.is_set() else "connection lost: " + first_line(str(err), 200)
        finally:
            timer.cancel()
        if expired.is_set():  # the body may look complete when the server ends it by closing
            return None, "no answer"
        return response, ""

    def send(self, method: str, url: str, *, retry: bool = True, ok: tuple[int, ...] = (), timeout: float | None = None,
             **kwargs) -> "requests.Response":
        """One HTTP request with retries; a :class:`RemoteError` unless the answer is 2xx or in ``ok``.

        ``timeout`` (seconds, retries included) defaults to the endpoint's; it
        is a deadline for the whole exchange, however slowly the server sends.
        """
        timeout = timeout or self.endpoint.timeout
        deadline = time.monotonic() + timeout
        attempt = 0
        while True:
            attempt += 1
            self.requests += 1
            response, problem = self._attempt(method, url, max(0.05, deadline - time.monotonic()), **kwargs)
            if problem == "no answer":
                problem = f"no answer within {timeout:g} s"
            if response is not None:
                self.server = response.headers.get("Server", "")
                if response.status_code < 300 or response.status_code in ok:
                    return response
                if response.status_code not in TRANSIENT_STATUSES:
                    raise self.error(self._refusal(url, response))
                problem = f"HTTP {response.status_code} {first_line(response.text) or response.reason}"
            pause = self.endpoint.backoff * 2 ** (attempt - 1)
            if not retry or attempt > self.endpoint.retries or time.monotonic() + pause > deadline:
                tries = f" (tried {attempt} times)" if attempt > 1 else ""
                raise self.error(f"{url}: {problem}{tries}", answered=response is not None)
            time.sleep(pause)

    def error(self, message: str, answered: bool = True) -> RemoteError:
        """A :class:`RemoteError` whose message shows no secret."""
        return RemoteError(redacted(message, [self.endpoint.password]), answered=answered)

    def _refusal(self, url: str, response: "requests.Response") -> str:
        status = response.status_code
        if status == 401:
            if self.endpoint.user is None:
                return f"{url} needs credentials (HTTP 401): give {{arg:user}} and {{arg:password}}"
            return f"{url} refused the credentials of user '{self.endpoint.user}' ({self.endpoint.auth} auth, HTTP 401)"
        if status == 403:
            return f"{url} forbids this (HTTP 403): {first_line(response.text) or response.reason}"
        message = first_line(response.text) or response.reason
        hint = ""
        if "SECURITY" in response.text and "permission" in response.text:
            hint = ' (Virtuoso: GRANT SPARQL_UPDATE TO "SPARQL", or use the digest-authenticated /sparql-auth with {arg:user})'
        elif "SR325" in response.text:
            hint = " (Virtuoso: raise TransactionAfterImageLimit in virtuoso.ini; one swap of a million triples needs more than its 50 MB)"
        elif "SR171" in response.text:
            hint = " (Virtuoso: raise MaxQueryExecutionTime in virtuoso.ini's [SPARQL]; it bounds updates too)"
        return f"{url} answered HTTP {status}: {message}{hint}"

    def update(self, text: str, *, retry: bool = True, timeout: float | None = None) -> None:
        """Run a SPARQL Update (form-encoded POST)."""
        self.send("POST", self.endpoint.update_url, data={"update": text.encode("utf-8")}, retry=retry, timeout=timeout)

    def select(self, text: str, default_graph: str | None = None) -> "requests.Response":
        """POST a SELECT or ASK query (form-encoded) and return the raw JSON answer."""
        form = {"query": text.encode("utf-8")}
        if default_graph:
            form["default-graph-uri"] = default_graph
        return self.send("POST", self.endpoint.query_url, data=form, headers={"Accept": _JSON_RESULTS})


def _connection_problem(err: Exception) -> str:
    text = str(err)
    if "Connection refused" in text:
        return "connection refused (is the server running?)"
    if "Name or service not known" in text or "nodename nor servname" in text or "getaddrinfo" in text:
        return "unknown host"
    if "timed out" in text:
        return "connection timed out"
    return "connection lost: " + first_line(text.split("(Caused by", 1)[-1].strip(" ()"), 200)


@functools.lru_cache(maxsize=None)
def _tracking_adapter_class():
    """requests' HTTPAdapter, made to note every socket its connections open (defined on first use: requests is heavy)."""
    from requests.adapters import HTTPAdapter

    class TrackingAdapter(HTTPAdapter):
        def __init__(self, sockets: weakref.WeakSet):
            super().__init__()
            self.sockets = sockets

        def get_connection_with_tls_context(self, *args, **kwargs):
            pool = super().get_connection_with_tls_context(*args, **kwargs)
            if not getattr(pool.ConnectionCls, "kg_tracked", False):
                sockets = self.sockets

                class Tracked(pool.ConnectionCls):
                    kg_tracked = True

                    def connect(self):
                        super().connect()
                        sockets.add(self.sock)

                pool.ConnectionCls = Tracked
            return pool

    return TrackingAdapter


def _tracking_adapter(sockets: weakref.WeakSet):
    return _tracking_adapter_class()(sockets)
