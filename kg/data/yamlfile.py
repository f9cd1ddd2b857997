"""Read a YAML file into plain Python values that remember their line numbers.

Mappings come back as :class:`Node` (a ``dict`` with ``line`` and ``key_lines``),
so every later check can say ``file:line``. Dates are left as text (the
records parse them, and 2025-02-30 becomes an error message instead of a
crash), and a key given twice in one mapping is an error.

Data files are hand-written lists of facts, so what YAML allows but they never
need is refused: anchors and aliases (a few hundred bytes of nested aliases
expand into gigabytes), keys that are not plain values, and nesting deeper
than :data:`MAX_DEPTH`. libyaml parses when it is installed (PyYAML's C
loader, many times quicker on large folders); it reports the same lines.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from ..problems import Problem, display_path


class Node(dict):
    """A YAML mapping with the line of the mapping and of each key (1-based)."""

    line: int = 0
    key_lines: dict


class _DuplicateKey(yaml.MarkedYAMLError):
    pass


#: How deeply mappings and lists may nest; the data format needs four levels.
MAX_DEPTH = 64

_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Refused(yaml.MarkedYAMLError):
    pass


class _LineLoader(_Base):
    """Safe loader that records lines, keeps timestamps as strings and refuses aliases."""

    def construct_object(self, node, deep=False):
        # An alias hands back a node that was built already: refuse it, so no
        # value is ever shared (and so never expanded again in a message).
        if node in self.constructed_objects or node in self.recursive_objects:
            raise _Refused(None, None, "this anchor (&name) is used again by an alias (*name): anchors and aliases are not allowed in data files",
                           node.start_mark)
        self._depth = getattr(self, "_depth", 0) + 1
        try:
            if self._depth > MAX_DEPTH:
                raise _Refused(None, None, f"nested more than {MAX_DEPTH} levels deep", node.start_mark)
            return super().construct_object(node, deep)
        finally:
            self._depth -= 1


def _construct_int(loader: _LineLoader, node: yaml.ScalarNode) -> int | str:
    # Decimal only (see _DECIMAL_INT). Python refuses to read an integer of over 4,300 digits (a ValueError,
    # not a YAML error), and an explicit !!int tag may hold any text: such a figure stays its text, which the
    # field's own check then refuses with the field's name and line.
    text = loader.construct_scalar(node)
    try:
        return int(text.replace("_", ""), 10)
    except ValueError:
        return text


_LineLoader.add_constructor("tag:yaml.org,2002:int", _construct_int)

#: YAML 1.1 also reads 010 as 8 (octal), 0x1F as 31, 0b101 as 5 and 1:30 as 90 (base 60): a figure written so
#: is a slip, not a number, so only decimal integers and floats are numbers; the rest stay text, which the
#: fields' checks read as a number ("010" is 10) or refuse.
_DECIMAL_INT = re.compile(r"^[-+]?(?:0|[1-9][0-9_]*)$")
_DECIMAL_FLOAT = re.compile(r"""^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?
    |\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?
    |[-+]?\.(?:inf|Inf|INF)
    |\.(?:nan|NaN|NAN))$""", re.X)
_NUMBER_TAGS = {"tag:yaml.org,2002:int": _DECIMAL_INT, "tag:yaml.org,2002:float": _DECIMAL_FLOAT}

# Timestamps stay strings: the records module parses dates itself.
_LineLoader.yaml_implicit_resolvers = {
    first: [(tag, _NUMBER_TAGS.get(tag, regexp)) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _Base.yaml_implicit_resolvers.items()
}


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> Node:
    mapping = Node()
    mapping.line = node.start_mark.line + 1
    mapping.key_lines = {}
    for key_node, value_node in node.value:
        if key_node.tag == "tag:yaml.org,2002:merge":
            raise _Refused(None, None, "merge keys (<<) are not allowed in data files", key_node.start_mark)
        if not isinstance(key_node, yaml.ScalarNode):
            raise _Refused(None, None, "a key must be a plain value, not a list or a mapping", key_node.start_mark)
        key = loader.construct_object(key_node, deep=True)
        if key in mapping:
            raise _DuplicateKey(
                None, None, f"key '{key}' appears twice in one entry", key_node.start_mark
            )
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.key_lines[key] = key_node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def read_yaml(path: Path) -> object:
    """Parse one YAML file; raise :class:`Problem`-carrying errors on bad input.

    Returns the document (``None`` for an empty file).

    Raises
    ------
    YamlReadError
        The file is not UTF-8 or not valid YAML; carries a :class:`Problem`.
    """
    name = display_path(path)
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as err:
        line = path.read_bytes()[: err.start].count(b"\n") + 1
        raise YamlReadError(Problem(name, line, "file is not UTF-8 text", unreadable=True)) from None
    except OSError as err:
        raise YamlReadError(Problem(name, 0, f"cannot read file: {err.strerror}", unreadable=True)) from None
    try:
        return yaml.load(text, Loader=_LineLoader)  # noqa: S506 - SafeLoader subclass
    except (_DuplicateKey, _Refused) as err:
        raise YamlReadError(Problem(name, err.problem_mark.line + 1, err.problem, unreadable=True)) from None
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark else 0
        what = err.problem or err.context or "invalid YAML"
        raise YamlReadError(Problem(name, line, f"YAML syntax error: {what}", unreadable=True)) from None
    except yaml.YAMLError as err:
        raise YamlReadError(Problem(name, 0, f"YAML error: {str(err)[:200]}", unreadable=True)) from None
    except RecursionError:
        raise YamlReadError(Problem(name, 0, f"nested too deeply (at most {MAX_DEPTH} levels)", unreadable=True)) from None


class YamlReadError(Exception):
    """A file that could not be read as YAML."""

    def __init__(self, problem: Problem):
        self.problem = problem
        super().__init__(str(problem))
