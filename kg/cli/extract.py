"""``kg extract``: candidate deals from news articles, the curator's name look-up and review."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from kg.cli.options import data_option

_HEADER = (
    "# Candidate deals from kg extract. Nothing here is in the graph yet (kg build never reads\n"
    "# data/candidates/). Check each against its article, edit it as needed (sources, announced,\n"
    "# status, figures), mark it `review: accept` or `review: reject` (with `why: ...`), then run\n"
    "#   kg extract --review THIS_FILE\n"
)


@click.command()
@click.argument("files", nargs=-1)
@data_option
@click.option("--published", type=click.DateTime(formats=["%Y-%m-%d"]), metavar="YYYY-MM-DD",
              help="The articles' publication date (for 'martedì scorso', 'last month').")
@click.option("--lang", "language", default="auto", show_default=True, help="auto, it or en.")
@click.option("--source", metavar="ID", help="A source id of data/ to cite in each candidate.")
@click.option("--format", "fmt", type=click.Choice(["yaml", "json"]), default="yaml", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write here instead of standard output.")
@click.option("--resolve", "names", metavar="NAME", multiple=True, help="Say which thing NAME means (repeatable); reads no article.")
@click.option("--review", "review_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Apply the review: marks of a candidates file (accepted -> data, rejected remembered).")
@click.option("--into", type=click.Path(dir_okay=False, path_type=Path),
              help="With --review: the data file accepted deals go into [DATA/extracted.yaml].")
def extract(files, data_dir, published, language, source, fmt, output, names, review_file, into) -> None:
    """Propose candidate deals found in news articles (FILE ...; - reads standard input).

    Articles are plain text or HTML (.html), Italian or English. Candidates are
    printed in the YAML shape of data/ deals, never written into data/: put
    them in data/candidates/, review them, then apply the review with
    --review (see data/README.md).

    Exit status: 0 done, 1 the reviewed data does not conform, 2 bad usage or unreadable input.
    """
    from kg import api

    if names:
        for name in names:
            thing = api.resolve(name, data_dir)
            click.echo(f"{name}: " + (f"{thing['id']} ({thing['type']}, {thing['label']})" if thing else "no thing"))
        return
    if review_file is not None:
        outcome = api.review(review_file, data_dir, into=into)
        click.echo(f"accepted {len(outcome.accepted)} into {outcome.into}, rejected {len(outcome.rejected)}, "
                   f"{outcome.undecided} left to review")
        return
    if not files:
        raise click.UsageError("give one or more article files (- for standard input), --resolve NAME or --review FILE")
    result = api.extract(list(files), data_dir, language=language, published=published and published.date(), source=source,
                         plain_numbers=fmt == "json")
    document = result.as_document()
    if fmt == "json":
        text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    else:
        from kg.extract.candidates import dump_yaml

        text = _HEADER + dump_yaml(document)
    if output is None:
        sys.stdout.write(text)
    else:
        from kg.rdf.serialize import write_atomic

        write_atomic(output, text.encode("utf-8"))
    if result.skipped_rejected:
        click.echo(f"{result.skipped_rejected} candidate(s) left out: rejected before (candidates/rejected.yaml)", err=True)
