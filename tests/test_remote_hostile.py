"""Servers and URLs that try to leak a secret or hold a command forever.

- Credentials in any URL option are refused, pointing to --user and
  --password-env, and the secret is never shown.
- A server that echoes the password (in an error page) does not get it printed.
- ``--timeout`` is a deadline for the whole exchange: a server that drips one
  byte at a time (in the headers or the body) is cut off at it. The server
  records whether the client hung up before it had sent all it would send
  (which, with no deadline, the client would wait for), and how much it sent.

The servers are real HTTP servers on loopback, in threads of the test.
"""

from __future__ import annotations

import base64
import http.server
import queue
import time

import pytest
from click.testing import CliRunner

from kg.cli import main

from servers import loopback_http
from test_query_service_bypass import MINI

SECRET = "s3cret-Pa55"
#: How many bytes a dripping server sends, one every DRIP_PAUSE seconds, before it closes the connection (30 s).
DRIP_BYTES = 100
DRIP_PAUSE = 0.3


class _Hostile(http.server.BaseHTTPRequestHandler):
    """``/echo*``: an error page that repeats the credentials; ``/drip-body``, ``/drip-head``: one byte every 0.3 s.

    Each drip ends in ``drips`` (the server's, set by the fixture) as ``(path, bytes sent, "hung up" or "all sent")``.
    """

    protocol_version = "HTTP/1.1"

    def do_POST(self):  # noqa: N802 - the http.server hook name
        if self.headers.get("Content-Length"):
            self.rfile.read(int(self.headers["Content-Length"]))
        if self.path.startswith("/echo"):
            scheme, _, value = self.headers.get("Authorization", "").partition(" ")
            login = base64.b64decode(value).decode() if scheme == "Basic" else value
            status = 401 if self.path.startswith("/echo401") else 500
            self._answer(status, f"Error: login {login} (password {login.partition(':')[2]}) is not allowed\n".encode())
        elif self.path.startswith("/drip-body"):
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.send_header("Content-Length", "100000")
            self.end_headers()
            self._drip(b"{" + b" " * 99999)
        elif self.path.startswith("/drip-head"):
            self._drip(b"HTTP/1.1 200 OK\r\nX-Slow: " + b"a" * 100000)

    do_GET = do_POST

    def _answer(self, status: int, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _drip(self, data: bytes) -> None:
        sent, ending = 0, "all sent"
        try:
            for byte in data[:DRIP_BYTES]:
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
                sent += 1
                time.sleep(DRIP_PAUSE)
        except OSError:  # the client hung up: what it should do at its deadline
            ending = "hung up"
        self.close_connection = True
        self.server.drips.put((self.path, sent, ending))

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def hostile():
    with loopback_http(_Hostile, many_at_once=True) as server:
        server.drips = queue.Queue()
        yield server


def _kg(*args, env=None):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False, env=env)


CREDENTIAL_URLS = [
    f"http://ann:{SECRET}@127.0.0.1:9/sparql",
    f"https://ann:{SECRET}@example.org/sparql",
    f"http://:{SECRET}@127.0.0.1:9/sparql",
    f"http://{SECRET}@127.0.0.1:9/sparql",  # a token as the user name
    f"http://ann:{SECRET}%40x@127.0.0.1:9/query?x=1",
]


@pytest.mark.parametrize("url", CREDENTIAL_URLS)
@pytest.mark.parametrize("command", [
    ["query", "ASK {}", "--data", str(MINI), "--endpoint", "URL"],
    ["push", "--graph", str(MINI.parent / "remote" / "v1.nt"), "--endpoint", "URL"],
    ["push", "--graph", str(MINI.parent / "remote" / "v1.nt"), "--endpoint", "http://127.0.0.1:9/sparql", "--update-url", "URL"],
    ["push", "--graph", str(MINI.parent / "remote" / "v1.nt"), "--endpoint", "http://127.0.0.1:9/sparql", "--gsp-url", "URL"],
    ["query", "ASK {}", "--data", str(MINI), "--endpoint", "http://127.0.0.1:9/sparql", "--named-graph", "URL"],
])
def test_credentials_in_a_url_are_refused_and_never_shown(command, url):
    result = _kg(*[url if part == "URL" else part for part in command])
    assert result.exit_code == 2, result.output
    assert "credentials in a URL are refused" in result.output
    assert "--user" in result.output and "--password-env" in result.output
    assert SECRET not in result.output and "Traceback" not in result.output


@pytest.mark.parametrize("parameter", ["api_key", "access_token", "password", "X-Amz-Signature", "sessionid"])
@pytest.mark.parametrize("command", [
    ["query", "ASK {}", "--data", str(MINI), "--endpoint", "URL", "--timeout", "1"],
    ["push", "--graph", str(MINI.parent / "remote" / "v1.nt"), "--endpoint", "URL", "--timeout", "1"],
])
def test_a_secret_url_parameter_is_not_shown_in_messages(command, parameter):
    # Port 9 (discard) is closed here: the request fails and its message names the URL, with the secret as ***.
    url = f"http://127.0.0.1:9/sparql?default-graph-uri=urn:g&{parameter}={SECRET}"
    result = _kg(*[url if part == "URL" else part for part in command])
    assert result.exit_code == 1, result.output
    assert f"{parameter}=***" in result.output and "default-graph-uri=urn:g" in result.output
    assert SECRET not in result.output and "Traceback" not in result.output


@pytest.mark.parametrize("path", ["/echo", "/echo401"])
@pytest.mark.parametrize("auth", ["basic", "digest"])
def test_a_server_that_echoes_the_password_does_not_get_it_printed(hostile, path, auth):
    url = hostile.url
    login = ["--user", "ann", "--password-env", "KG_TEST_PASSWORD", "--auth", auth, "--timeout", "5"]
    env = {"KG_TEST_PASSWORD": SECRET}
    asked = _kg("query", "ASK {}", "--data", MINI, "--endpoint", url + path, *login, env=env)
    pushed = _kg("push", "--graph", MINI.parent / "remote" / "v1.nt", "--endpoint", url + path + "/sparql", *login, env=env)
    for result in (asked, pushed):
        assert result.exit_code == 1, result.output
        assert url in result.output
        assert SECRET not in result.output and "Traceback" not in result.output
    if auth == "basic" and path == "/echo":  # the server did get it, and said so: the message shows *** instead
        assert "(password ***)" in asked.output


@pytest.mark.parametrize("path", ["/drip-body", "/drip-head"])
@pytest.mark.parametrize("command", [
    ["query", "ASK {}", "--data", str(MINI), "--endpoint", "URL", "--timeout", "2"],
    # Rows rather than a yes/no: the same deadline through the row reader (each case waits out 2 s).
    pytest.param(["query", "SELECT * { ?s ?p ?o }", "--data", str(MINI), "--endpoint", "URL", "--timeout", "2"],
                 marks=pytest.mark.slow),
    ["push", "--graph", str(MINI.parent / "remote" / "v1.nt"), "--endpoint", "URL", "--timeout", "2"],
])
def test_timeout_is_a_deadline_for_a_server_that_drips(hostile, path, command):
    result = _kg(*[hostile.url + path if part == "URL" else part for part in command])
    assert result.exit_code == 1, result.output
    assert "no answer within 2 s" in result.output and "Traceback" not in result.output
    # The client cut the one exchange off: it hung up while the server still had bytes to send (with no
    # deadline it would have read all DRIP_BYTES and then found the answer cut short). The wait is a safety net.
    drip_path, sent, ending = hostile.drips.get(timeout=60)
    assert drip_path.startswith(path) and ending == "hung up"
    assert 0 < sent < DRIP_BYTES
