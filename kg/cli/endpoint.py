"""Options that name a SPARQL server and how to log in to it (``kg push``, ``kg query --endpoint``); kg.api does the rest."""

from __future__ import annotations

import functools
import os
from urllib.parse import urlsplit

import click

from kg.api_remote import NAMED_GRAPH as DEFAULT_NAMED_GRAPH  # kg.rdf.terms.GRAPH_IRI, without rdflib for --help
from kg.api_remote import PUSH_TIMEOUT
from kg.cli.options import Seconds


def _no_credentials(value: str) -> None:
    """A usage error, never showing the secret, for a URL that carries user information."""
    from kg.remote.endpoint import credentials_in_url, redacted

    if credentials_in_url(value):
        raise click.BadParameter(
            f"{redacted(value)!r}: credentials in a URL are refused (they would be sent to the server and shown in"
            " messages); give --user NAME and --password-env VAR (an environment variable that holds the password)"
        )


def _http_url(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    _no_credentials(value)
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise click.BadParameter(f"{value!r} is not an http(s) URL")
    return value


def _absolute_iri(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    _no_credentials(value)
    if not urlsplit(value).scheme or any(c in value for c in '<>" {}|\\^`'):
        raise click.BadParameter(f"{value!r} is not an absolute IRI")
    return value


def endpoint_url_option(required: bool):
    """``--endpoint URL``: the server's SPARQL query URL."""
    return click.option(
        "--endpoint", "endpoint_url", callback=_http_url, required=required, metavar="URL",
        help="The SPARQL server's query URL (for example http://127.0.0.1:8890/sparql).",
    )


named_graph_option = click.option(
    "--named-graph", callback=_absolute_iri, default=DEFAULT_NAMED_GRAPH, show_default=True, metavar="IRI",
    help="The named graph on the server.",
)


def _apply(decorators, command):
    return functools.reduce(lambda cmd, decorate: decorate(cmd), reversed(decorators), command)


def credential_options(command):
    """``--user``, ``--password-env`` and ``--auth``: how to log in to a server."""
    return _apply([
        click.option("--user", metavar="U", help="User name for the server."),
        click.option(
            "--password-env", metavar="VAR",
            help="Environment variable that holds the password (never on the command line).",
        ),
        click.option(
            "--auth", type=click.Choice(["basic", "digest"]), default="basic", show_default=True,
            help="HTTP authentication scheme (Virtuoso's /sparql-auth needs digest).",
        ),
    ], command)


timeout_option = click.option(
    "--timeout", type=Seconds(min=0.1), default=PUSH_TIMEOUT, show_default=True, metavar="SECONDS",
    help="Seconds each request to the server may take, retries included (the final swap of a"
         " million triples can take minutes on some servers); past it kg stops with exit status 1.",
)


def password_from_env(user: str | None, password_env: str | None) -> str | None:
    """The password held by the environment variable ``--password-env`` names (None without it); a usage
    error if it is set without ``--user`` or the variable is missing. No message of this run shows it."""
    if password_env is None:
        return None
    if user is None:
        raise click.UsageError("--password-env needs --user")
    password = os.environ.get(password_env)
    if password is None:
        raise click.UsageError(f"--password-env {password_env}: that environment variable is not set")
    context = click.get_current_context(silent=True)
    if context is not None and context.find_root().obj is not None:
        context.find_root().obj.secrets.append(password)
    return password
