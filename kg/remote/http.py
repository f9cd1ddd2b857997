"""HTTP to one SPARQL server: authentication, timeouts, retries with back-off, plain-worded errors.

Every request has a timeout; connection failures and busy answers (HTTP 429,
502, 503, 504) are retried with exponential back-off within that timeout.
requests is imported where it is used, to keep ``kg --help`` fast.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from ..problems import RemoteError
from .endpoint import Endpoint

if TYPE_CHECKING:  # pragma: no cover - typing only
    import requests


#: HTTP statuses that mean "busy or briefly away: try again".
TRANSIENT_STATUSES = frozenset({429, 502, 503, 504})


#: Virtuoso's header on an answer it cut at its ResultSetMaxRows.
MAX_ROWS_HEADER = "X-SPARQL-MaxRows"


_JSON_RESULTS = "application/sparql-results+json"


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
        if endpoint.user is not None:
            scheme = HTTPDigestAuth if endpoint.auth == "digest" else HTTPBasicAuth
            self.session.auth = scheme(endpoint.user, endpoint.password or "")
        self.requests = 0
        #: the software the server names in its answers' Server header (for the few quirks worked around)
        self.server = ""

    def close(self) -> None:
        self.session.close()

    def send(self, method: str, url: str, *, retry: bool = True, ok: tuple[int, ...] = (), timeout: float | None = None,
             **kwargs) -> "requests.Response":
        """One HTTP request with retries; a :class:`RemoteError` unless the answer is 2xx or in ``ok``.

        ``timeout`` (seconds, retries included) defaults to the endpoint's.
        """
        import requests

        timeout = timeout or self.endpoint.timeout
        deadline = time.monotonic() + timeout
        attempt = 0
        while True:
            attempt += 1
            self.requests += 1
            try:
                response = self.session.request(method, url, timeout=(min(10.0, timeout), timeout), **kwargs)
            except requests.ConnectionError as err:
                problem = _connection_problem(err)
                response = None
            except requests.Timeout:
                problem = f"no answer within {timeout:g} s"
                response = None
            if response is not None:
                self.server = response.headers.get("Server", "")
                if response.status_code < 300 or response.status_code in ok:
                    return response
                if response.status_code not in TRANSIENT_STATUSES:
                    raise RemoteError(self._refusal(url, response))
                problem = f"HTTP {response.status_code} {first_line(response.text) or response.reason}"
            pause = self.endpoint.backoff * 2 ** (attempt - 1)
            if not retry or attempt > self.endpoint.retries or time.monotonic() + pause > deadline:
                tries = f" (tried {attempt} times)" if attempt > 1 else ""
                raise RemoteError(f"{url}: {problem}{tries}", answered=response is not None)
            time.sleep(pause)

    def _refusal(self, url: str, response: "requests.Response") -> str:
        status = response.status_code
        if status == 401:
            if self.endpoint.user is None:
                return f"{url} needs credentials (HTTP 401): give --user and --password-env"
            return f"{url} refused the credentials of user '{self.endpoint.user}' ({self.endpoint.auth} auth, HTTP 401)"
        if status == 403:
            return f"{url} forbids this (HTTP 403): {first_line(response.text) or response.reason}"
        message = first_line(response.text) or response.reason
        hint = ""
        if "SECURITY" in response.text and "permission" in response.text:
            hint = ' (Virtuoso: GRANT SPARQL_UPDATE TO "SPARQL", or use the digest-authenticated /sparql-auth with --user)'
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
