"""The language of an article: the one given, or py3langid's guess among the languages with rules.

py3langid ships its model inside the package (nothing fetched); the guess is
limited to the languages kg extract has rules for, so a short English text is
never called Catalan.
"""

from __future__ import annotations

from functools import lru_cache

from kg.problems import InputError, Problem


@lru_cache(maxsize=4)
def _identifier(languages: tuple[str, ...]):
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(languages))
    return identifier


def choose_language(text: str, wanted: str, supported: tuple[str, ...], name: str = "kg extract") -> str:
    """``wanted`` if it is supported, else (``auto``) the detected language of ``text``.

    Raises
    ------
    InputError
        ``wanted`` names a language without rules.
    """
    if wanted != "auto":
        if wanted not in supported:
            raise InputError([Problem(
                name, 0, f"unknown {{arg:language}} '{wanted}': kg extract has rules for {', '.join(supported)} (or auto)",
                unreadable=True, param="language")])
        return wanted
    # the first few thousand characters name the language as well as the whole article, ten times quicker
    language, _score = _identifier(tuple(sorted(supported))).classify(text[:3_000])
    return language
