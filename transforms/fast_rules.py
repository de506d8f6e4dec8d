"""Array versions of the base model's `attribute_ruler` and rule `lemmatizer`: the same output,
a fraction of the cost.

spaCy's AttributeRuler runs a Matcher of ~180 single-token patterns over every token and then
sets attributes token by token; its Lemmatizer sets `token.lemma_` token by token. Together they
took 5.0 s of the 48 s one process spends on the Wikinews corpus, as much as the parser.
Here every pattern is a boolean mask over the Doc's attribute arrays, and the results go back in
one `Doc.from_array`. Patterns this module cannot express (operators, extension attributes)
leave the stock component in place: `speed_up` only swaps what it can reproduce exactly.
"""
from __future__ import annotations

import re

import numpy as np
from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, NORM, ORTH, POS, TAG
from spacy.language import Language
from spacy.tokens import Doc

# Token attributes a pattern may test: spaCy attribute id, and whether its value is a string.
_TESTS = {"TAG": (TAG, True), "LOWER": (LOWER, True), "ORTH": (ORTH, True), "TEXT": (ORTH, True),
          "NORM": (NORM, True), "DEP": (DEP, True), "POS": (POS, True), "IS_SPACE": (IS_SPACE, False)}
# Attributes a rule may set (AttributeRuler normalises their values to ints).
_SETS = (POS, TAG, DEP, MORPH, LEMMA)


class _Unsupported(Exception):
    pass


def _predicate(key: str, value, strings):
    """(attribute id, function of (values array, strings) -> bool mask) for one pattern key."""
    if key not in _TESTS:
        raise _Unsupported(key)
    attr, is_string = _TESTS[key]
    if not is_string:
        if not isinstance(value, bool):
            raise _Unsupported(key)
        return attr, lambda col, _s: col == int(value)
    if isinstance(value, str):
        h = strings.add(value) if value else 0
        return attr, lambda col, _s: col == h
    if isinstance(value, dict) and len(value) == 1:
        (op, arg), = value.items()
        if op in ("IN", "NOT_IN") and isinstance(arg, list):
            hashes = np.array([strings.add(v) if v else 0 for v in arg], dtype=np.uint64)
            return attr, (lambda col, _s: np.isin(col, hashes)) if op == "IN" else (lambda col, _s: ~np.isin(col, hashes))
        if op == "REGEX" and isinstance(arg, str):
            rx = re.compile(arg)
            return attr, lambda col, s: _regex_mask(col, s, rx)
    raise _Unsupported(f"{key}: {value!r}")


def _regex_mask(col: np.ndarray, strings, rx: re.Pattern) -> np.ndarray:
    """Whether each token's string matches `rx` (searched once per distinct value)."""
    uniq, inverse = np.unique(col, return_inverse=True)
    hits = np.array([bool(rx.search(strings[int(h)] if h else "")) for h in uniq], dtype=bool)
    return hits[inverse]


class _Rule:
    """One AttributeRuler entry: alternative token sequences, the index of the token to change,
    and the attributes to set (id -> int value)."""

    def __init__(self, patterns, index: int, attrs: dict, strings):
        self.patterns = [[[_predicate(k, v, strings) for k, v in token.items()] for token in pattern]
                         for pattern in patterns]
        if any(not p or not all(p) for p in self.patterns):
            raise _Unsupported("empty pattern")
        self.index = index
        self.attrs = [(attr, int(v)) for attr, v in attrs.items()]
        if any(attr not in _SETS for attr, _ in self.attrs):
            raise _Unsupported("attribute")

    def targets(self, cols: dict, strings, n: int) -> np.ndarray:
        """Positions of the tokens this rule changes."""
        found = []
        for pattern in self.patterns:
            k = len(pattern)
            if k > n:
                continue
            mask = np.ones(n - k + 1, dtype=bool)
            for j, token in enumerate(pattern):
                for attr, test in token:
                    mask &= test(cols[attr][j:n - k + 1 + j], strings)
            index = self.index if self.index >= 0 else k + self.index
            if not 0 <= index < k:
                raise ValueError(f"attribute rule index {self.index} outside a pattern of {k} tokens")
            found.append(np.flatnonzero(mask) + index)
        return np.concatenate(found) if found else np.zeros(0, dtype=np.int64)


class FastAttributeRuler:
    """The rules of a spaCy AttributeRuler, applied with arrays. As in spaCy, every rule tests the
    Doc as it was before any rule applied, and a later rule overrides an earlier one."""

    def __init__(self, ruler, strings):
        self.rules = [_Rule(ruler.matcher.get(str(i))[1], ruler.indices[i], ruler.attrs[i], strings)
                      for i in range(len(ruler.attrs))]
        self.tested = sorted({attr for r in self.rules for p in r.patterns for t in p for attr, _ in t})

    def __call__(self, doc: Doc) -> Doc:
        n = len(doc)
        if not n:
            return doc
        cols = dict(zip(self.tested, doc.to_array(self.tested).reshape(n, -1).T))
        values = doc.to_array(list(_SETS)).reshape(n, -1)
        changed = False
        for rule in self.rules:
            where = rule.targets(cols, doc.vocab.strings, n)
            if len(where):
                changed = True
                for attr, value in rule.attrs:
                    values[where, _SETS.index(attr)] = value
        if changed:
            doc.from_array(list(_SETS), values)
        return doc


class FastLemmatizer:
    """A spaCy rule or lookup Lemmatizer, asked once per distinct (word, POS, morphology): its
    answer depends on nothing else (its own cache has that key), so the lemmas are the same."""

    def __init__(self, lemmatizer):
        self.lemmatizer = _with_index_sets(lemmatizer)
        self.known: dict[tuple[int, int, int], int] = {}  # (ORTH, POS, MORPH) -> LEMMA hash

    def __call__(self, doc: Doc) -> Doc:
        n = len(doc)
        if not n:
            return doc
        arr = doc.to_array([ORTH, POS, MORPH, LEMMA]).reshape(n, 4)
        todo = np.arange(n) if self.lemmatizer.overwrite else np.flatnonzero(arr[:, 3] == 0)
        if not len(todo):
            return doc
        if not self.lemmatizer._validated:
            self.lemmatizer._validate_tables()
        uniq, first, inverse = np.unique(arr[todo, :3], axis=0, return_index=True, return_inverse=True)
        lemmas = np.empty(len(uniq), dtype=np.uint64)
        for k, key in enumerate(map(tuple, uniq.tolist())):
            lemma = self.known.get(key)
            if lemma is None:
                token = doc[int(todo[first[k]])]
                lemma = self.known[key] = doc.vocab.strings.add(self.lemmatizer.lemmatize(token)[0])
            lemmas[k] = lemma
        arr[todo, 3] = lemmas[inverse.ravel()]
        doc.from_array([LEMMA], arr[:, 3:4])
        return doc


def _with_index_sets(lemmatizer):
    """A copy of `lemmatizer` whose word index per POS is a set. The rule lemmatizer tests every
    candidate form for membership in that index, a list of ~10,000 words in spaCy's tables: ~90 us
    a word. The stock component keeps its lists (Lookups must stay serialisable)."""
    import copy

    from spacy.lookups import Lookups

    if lemmatizer.mode != "rule" or "lemma_index" not in lemmatizer.lookups.tables:
        return lemmatizer
    lookups = Lookups()
    for name in lemmatizer.lookups.tables:
        table = lemmatizer.lookups.get_table(name)
        data = {k: frozenset(v) for k, v in table.items()} if name == "lemma_index" else dict(table.items())
        lookups.add_table(name, data)
    fast = copy.copy(lemmatizer)
    fast.lookups = lookups
    fast.lemmatize = fast.rule_lemmatize  # the copied one is bound to the original
    return fast


@Language.factory("newsflow_attribute_ruler", default_config={"source": "attribute_ruler"})
def make_attribute_ruler(nlp: Language, name: str, source: str):
    return FastAttributeRuler(nlp.get_pipe(source), nlp.vocab.strings)


@Language.factory("newsflow_lemmatizer", default_config={"source": "lemmatizer"})
def make_lemmatizer(nlp: Language, name: str, source: str):
    return FastLemmatizer(nlp.get_pipe(source))


def speed_up(nlp: Language) -> list[str]:
    """Swap the base model's attribute_ruler and lemmatizer for the array versions where they
    reproduce them exactly (the stock component stays, disabled, for the new one to read).
    Returns the names swapped."""
    swapped = []
    for name, factory, ok in (("attribute_ruler", "newsflow_attribute_ruler", lambda p: True),
                              ("lemmatizer", "newsflow_lemmatizer", lambda p: p.mode in ("rule", "lookup"))):
        if name not in nlp.pipe_names or not ok(nlp.get_pipe(name)):
            continue
        try:
            nlp.add_pipe(factory, name=f"newsflow_{name}", after=name, config={"source": name})
        except _Unsupported:
            continue
        nlp.disable_pipe(name)
        swapped.append(name)
    return swapped
