"""Imports every module that registers a newsflow spaCy factory, so `nlp.add_pipe` finds them."""
from transforms import entities, fast_rules, nlp, quotes, stance  # noqa: F401
