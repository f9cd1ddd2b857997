"""Flat tables of the graph: deals, parties, things, sources and which deal cites which source, as CSV.

``kg export --tables DIR`` writes one CSV per table (:data:`TABLES`), a
Frictionless Data Package descriptor (``datapackage.json``) that names and
types every column, and, when :mod:`pyarrow` is installed (the ``tables``
extra), the same tables as Parquet. A spreadsheet or pandas gets the graph
without SPARQL. Every figure keeps its bound: ``amount_value`` for an exact
figure, ``amount_min`` and/or ``amount_max`` otherwise, ``amount_bound``
naming which (``exact``, ``up to``, ``at least``, ``range``).

The columns are :data:`TABLES`: ``name -> [(column, Frictionless type,
description)]``. Rows are sorted by their keys, so the same graph gives the
same bytes.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from .quantities import number

_FIGURE = ("value", "min", "max")


def _figure_columns(prefix: str, what: str, unit: str | None) -> list[tuple[str, str, str]]:
    columns = [
        (f"{prefix}_value", "number", f"{what}: the exact figure, when one was reported"),
        (f"{prefix}_min", "number", f"{what}: the lower bound (\"at least\", or a range's low end)"),
        (f"{prefix}_max", "number", f"{what}: the upper bound (\"up to\", or a range's high end)"),
        (f"{prefix}_bound", "string", f"{what}: exact, up to, at least or range"),
    ]
    if unit is None:
        columns.append((f"{prefix}_currency", "string", f"{what}: ISO 4217 currency code"))
    return columns


#: table name -> columns (name, Frictionless type, description), in order.
TABLES: dict[str, list[tuple[str, str, str]]] = {
    "deals": [
        ("deal", "string", "deal id (IRI https://w3id.org/aicompute/id/deal/<id>)"),
        ("label", "string", "English label"),
        ("class", "string", "deal class of the ontology (Investment, ComputeCommitment, ...)"),
        ("kind", "string", "kind of edge in the analyses (investment, compute, hardware supply, ...)"),
        ("announced", "string", "announcement date: YYYY-MM-DD, YYYY-MM or YYYY"),
        ("status", "string", "rumoured, reported, letter-of-intent, announced, definitive, closed or revised"),
        ("evidence", "string", "announced, reported or weak"),
        ("stage", "string", "stage of the money: intended, conditional, committed or paid (kg/stages.py)"),
        *_figure_columns("amount", "money of the deal", None),
        *_figure_columns("valuation", "valuation", None),
        *_figure_columns("capacity_gw", "capacity in gigawatts", "GW"),
        *_figure_columns("chip_count", "number of chips", ""),
        ("h100e_min", "number", "H100-equivalents, lower bound (kg/compute.py; empty when not convertible)"),
        ("h100e_max", "number", "H100-equivalents, upper bound (empty when open or not convertible)"),
        ("online_by", "string", "when the capacity is due online: YYYY or YYYY-MM-DD"),
        ("superseded_by", "string", "the deals that replace this one, space-separated; a superseded deal is not counted"),
    ],
    "parties": [
        ("deal", "string", "deal id"),
        ("role", "string", "role of the party: investor, investee, buyer, seller, partner, ..."),
        ("thing", "string", "id of the company (or other thing) holding the role"),
    ],
    "things": [
        ("thing", "string", "thing id (IRI https://w3id.org/aicompute/id/<id>)"),
        ("class", "string", "Company, Person, Chip, SystemPlatform, CloudService, ComputeSite or AIModel"),
        ("label", "string", "English label"),
    ],
    "sources": [
        ("source", "string", "source id (IRI https://w3id.org/aicompute/id/source/<id>)"),
        ("headline", "string", "headline as printed"),
        ("publisher", "string", "publisher"),
        ("published", "string", "publication date: YYYY-MM-DD, YYYY-MM or YYYY"),
        ("url", "string", "where the document was read"),
    ],
    "deal_sources": [
        ("deal", "string", "deal id"),
        ("source", "string", "id of a source the deal cites"),
    ],
}

_KEYS = {"deals": ["deal"], "things": ["thing"], "sources": ["source"]}
_FOREIGN = {
    "parties": [("deal", "deals", "deal")],
    "deal_sources": [("deal", "deals", "deal"), ("source", "sources", "source")],
}


def table_rows(projection) -> dict[str, list[dict]]:
    """Every table of :data:`TABLES` as rows (dicts by column), from a projection of :func:`kg.network.project`.

    Examples
    --------
    >>> from kg.network import project
    >>> from kg.synthetic import example_graph
    >>> rows = table_rows(project(example_graph()))
    >>> {name: len(r) for name, r in rows.items()}
    {'deals': 3, 'parties': 6, 'things': 4, 'sources': 1, 'deal_sources': 3}
    >>> deal = rows["deals"][1]
    >>> deal["deal"], deal["amount_max"], deal["amount_bound"], deal["amount_currency"], deal["stage"]
    ('bigcloud-chips', 3000000000, 'range', 'USD', 'conditional')
    """
    from .compute import deal_compute

    deals, sources = projection.graph["deals"], projection.graph["sources"]
    tables: dict[str, list[dict]] = {name: [] for name in TABLES}
    for deal_id, record in sorted(deals.items()):
        row = {
            "deal": deal_id, "label": record["label"], "class": record["cls"], "kind": record["kind"],
            "announced": record["date"], "status": record["status"], "evidence": record["evidence"],
            "stage": record["stage"], "online_by": record["online_by"],
            "superseded_by": " ".join(record["superseded_by"]) or None,
        }
        for prefix, key in (("amount", "amount"), ("valuation", "valuation"), ("capacity_gw", "capacity"),
                            ("chip_count", "chip_count")):
            row.update(_figure(prefix, record[key], currency=prefix in ("amount", "valuation")))
        compute = deal_compute(projection, deal_id)
        h100e = (compute or {}).get("h100e") or {}
        row["h100e_min"], row["h100e_max"] = h100e.get("min"), h100e.get("max")
        tables["deals"].append(row)
        for role, ids in sorted(record["parties"].items()):
            tables["parties"] += [{"deal": deal_id, "role": role, "thing": thing} for thing in ids]
        tables["deal_sources"] += [{"deal": deal_id, "source": source} for source in record["sources"]]
    tables["parties"].sort(key=lambda r: (r["deal"], r["role"], r["thing"]))
    for node, data in sorted(projection.nodes(data=True)):
        if data.get("cls"):
            tables["things"].append({"thing": node, "class": data["cls"], "label": data["label"]})
    for source_id, record in sorted(sources.items()):
        tables["sources"].append({"source": source_id, **{k: record[k] for k in ("headline", "publisher", "published", "url")}})
    return tables


def _figure(prefix: str, quantity, currency: bool) -> dict:
    plain = quantity.as_dict() if quantity is not None else {"value": None, "min": None, "max": None, "unit": None}
    row = {f"{prefix}_{part}": plain[part] for part in _FIGURE}
    row[f"{prefix}_bound"] = None if quantity is None else quantity.bound
    if currency:
        row[f"{prefix}_currency"] = plain["unit"]
    return row


def csv_bytes(name: str, rows: list[dict]) -> bytes:
    """One table as UTF-8 CSV with a header; empty cells for missing values."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    columns = [c for c, _type, _text in TABLES[name]]
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if row.get(c) is None else _cell(row[c]) for c in columns])
    return out.getvalue().encode("utf-8")


def _cell(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(number(value) if not isinstance(value, (str, int, float)) else value)


def datapackage(names=tuple(TABLES)) -> dict:
    """The Frictionless Data Package descriptor of the tables (https://specs.frictionlessdata.io/data-package/)."""
    resources = []
    for name in names:
        schema = {"fields": [{"name": c, "type": t, "description": d} for c, t, d in TABLES[name]],
                  "missingValues": [""]}
        if name in _KEYS:
            schema["primaryKey"] = _KEYS[name]
        if name in _FOREIGN:
            schema["foreignKeys"] = [{"fields": [f], "reference": {"resource": r, "fields": [k]}} for f, r, k in _FOREIGN[name]]
        resources.append({
            "name": name.replace("_", "-"), "path": f"{name}.csv", "profile": "tabular-data-resource", "format": "csv",
            "mediatype": "text/csv", "encoding": "utf-8", "schema": schema,
        })
    return {
        "profile": "tabular-data-package",
        "name": "aicompute-kg",
        "title": "The AI compute race: deals, parties, things and sources",
        "licenses": [{"name": "Apache-2.0", "path": "https://www.apache.org/licenses/LICENSE-2.0"}],
        "resources": resources,
    }


def table_files(projection, parquet: bool | None = None) -> dict[str, bytes]:
    """File name -> bytes: the CSVs, ``datapackage.json`` and, when pyarrow is there (or ``parquet``), Parquet."""
    rows = table_rows(projection)
    files = {f"{name}.csv": csv_bytes(name, rows[name]) for name in TABLES}
    files["datapackage.json"] = (json.dumps(datapackage(), indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    if parquet is None:
        try:
            import pyarrow  # noqa: F401 - only whether it is installed
        except ImportError:
            parquet = False
        else:
            parquet = True
    if parquet:
        files.update({f"{name}.parquet": _parquet(name, rows[name]) for name in TABLES})
    return files


def _parquet(name: str, rows: list[dict]) -> bytes:
    import pyarrow as pa
    import pyarrow.parquet as pq

    types = {"string": pa.string(), "number": pa.float64()}
    schema = pa.schema([(c, types[t]) for c, t, _text in TABLES[name]])
    table = pa.Table.from_pylist([{c: row.get(c) for c in schema.names} for row in rows], schema=schema)
    out = pa.BufferOutputStream()
    pq.write_table(table, out)
    return out.getvalue().to_pybytes()


def write_tables(projection, folder: Path, parquet: bool | None = None) -> list[Path]:
    """Write :func:`table_files` into ``folder`` (made if missing), each file atomically; the paths written."""
    from .rdf.serialize import write_atomic

    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in table_files(projection, parquet).items():
        write_atomic(folder / name, data)
        written.append(folder / name)
    return written
