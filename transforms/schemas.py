"""Every table's schema, declared once.

Each `Table` drives the Parquet writes (column order and dtypes), the DuckDB DDL, the
`COMMENT ON` statements and the data dictionary. Column names in `CONTRACT` are the data
contract other tools rely on: add columns freely, never rename these.
"""
from __future__ import annotations

from dataclasses import dataclass

import polars as pl


@dataclass(frozen=True)
class Column:
    name: str
    dtype: pl.DataType
    description: str
    nullable: bool = True


@dataclass(frozen=True)
class Table:
    name: str
    description: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]  # unique key, checked before every publish

    @property
    def schema(self) -> pl.Schema:
        return pl.Schema({c.name: c.dtype for c in self.columns})

    def empty(self) -> pl.DataFrame:
        return pl.DataFrame(schema=self.schema)

    def frame(self, rows: list[dict]) -> pl.DataFrame:
        """Rows (dicts) -> a frame with exactly this table's columns and dtypes."""
        if not rows:
            return self.empty()
        return pl.DataFrame(rows, schema=self.schema, strict=False)


UTC_TS = pl.Datetime("us", "UTC")
STR, I32, I64, F32 = pl.String(), pl.Int32(), pl.Int64(), pl.Float32()

ARTICLES = Table(
    "articles",
    "One row per ingested article (one per text/HTML file, one per JSON record).",
    (
        Column("article_id", STR, "Stable id: hash of source_path and the record's key inside the file.", False),
        Column("source_path", STR, "Absolute path of the file the article came from.", False),
        Column("record_key", STR, "Which record of a JSON/JSONL file (its id field or line number); '' for single-article files.", False),
        Column("title", STR, "Headline, when the input has one."),
        Column("published_at", UTC_TS, "Publication time (UTC) when the input gives one."),
        Column("url", STR, "Canonical URL when the input gives one."),
        Column("source", STR, "Publisher or outlet when the input gives one."),
        Column("text", STR, "Normalised article body (NFC, LF, paragraphs separated by one blank line); all offsets point into it.", False),
        Column("word_count", I32, "Whitespace-separated words in text.", False),
        Column("content_sha256", STR, "SHA-256 of the normalised text.", False),
        Column("format", STR, "Input format: text, json, jsonl or html.", False),
        Column("encoding", STR, "Encoding the file was decoded from.", False),
        Column("run_id", STR, "Run that ingested this version of the article.", False),
    ),
    key=("article_id",),
)

ENTITY_MENTIONS = Table(
    "entity_mentions",
    "One row per named-entity mention found by spaCy's NER.",
    (
        Column("article_id", STR, "Article the mention is in (joins articles).", False),
        Column("start_char", I32, "Start offset of the mention in articles.text.", False),
        Column("end_char", I32, "End offset (exclusive) of the mention in articles.text.", False),
        Column("text", STR, "Surface text of the mention.", False),
        Column("label", STR, "spaCy entity label (PERSON, ORG, GPE, NORP, ...).", False),
        Column("entity_id", STR, "Resolved entity (joins entities).", False),
        Column("name", STR, "Resolved name of the entity this mention refers to.", False),
        Column("role", STR, "Title a person holds at this mention ('Foreign Minister'), kept out of the name."),
        Column("country", STR, "For demonyms (NORP 'Russian'): the country's name, to aggregate by country."),
        Column("country_id", STR, "For demonyms: the country's entity_id (joins entities)."),
        Column("ner_label", STR, "The label spaCy's NER gave this very mention (label is the entity's voted label)."),
        Column("sentence_start_char", I32, "Start offset of the sentence holding the mention."),
        Column("sentence_end_char", I32, "End offset of the sentence holding the mention."),
    ),
    key=("article_id", "start_char", "end_char"),
)

ENTITIES = Table(
    "entities",
    "One row per resolved entity, aggregated over all current articles.",
    (
        Column("entity_id", STR, "Stable entity id: the same in every run and article.", False),
        Column("name", STR, "Most complete name seen for the entity.", False),
        Column("label", STR, "Entity label (majority over its mentions).", False),
        Column("aliases", pl.List(STR), "Every distinct surface form seen for the entity.", False),
        Column("mention_count", I64, "Mentions of the entity in all current articles.", False),
        Column("article_count", I64, "Articles mentioning the entity.", False),
    ),
    key=("entity_id",),
)

QUOTES = Table(
    "quotes",
    "One row per direct, mixed or indirect quote, attributed to a resolved speaker.",
    (
        Column("quote_id", STR, "Stable quote id: hash of article_id and offsets.", False),
        Column("article_id", STR, "Article the quote is in (joins articles).", False),
        Column("start_char", I32, "Start offset of the quoted content in articles.text.", False),
        Column("end_char", I32, "End offset (exclusive) of the quoted content.", False),
        Column("text", STR, "The quoted or reported content.", False),
        Column("kind", STR, "direct (in quote marks), mixed (quoted fragment in reported speech) or indirect.", False),
        Column("cue", STR, "The speech verb or noun that introduces the quote (said, told, according to...)."),
        Column("cue_class", STR, "speech (said, told, according to; quote marks), belief (thinks, hopes, knows) or other "
                                 "(an action reported as a stance: 'sought to ...'). Keep to speech for quotes in the newsroom sense."),
        Column("speaker", STR, "Resolved speaker name ('Sergei Lavrov', never 'he')."),
        Column("speaker_start_char", I32, "Start offset of the mention the quote is attributed to."),
        Column("speaker_end_char", I32, "End offset of the mention the quote is attributed to."),
        Column("speaker_entity_id", STR, "The speaker's entity (joins entities)."),
        Column("cue_start_char", I32, "Start offset of the cue."),
        Column("cue_end_char", I32, "End offset of the cue."),
        Column("speaker_ref_start_char", I32, "Start offset of the words naming the speaker at the cue ('he', 'the ministry'), when they differ from the resolved mention."),
        Column("speaker_ref_end_char", I32, "End offset of those words."),
        Column("fragments", pl.List(pl.Struct({"start_char": I32, "end_char": I32})),
               "The quoted pieces without interruptions ('..., he said, ...'); text spans them all."),
    ),
    key=("quote_id",),
)

STANCES = Table(
    "stances",
    "One row per holder x target stance evidence (a quote or a sentence in the article's own voice).",
    (
        Column("stance_id", STR, "Stable id of this piece of evidence.", False),
        Column("article_id", STR, "Article the evidence is in (joins articles).", False),
        Column("quote_id", STR, "Quote the stance is expressed in; null for the article's own voice "
               "(held by its source or 'author', or by whoever an act it reports names: 'Iran backed the rebels')."),
        Column("holder", STR, "Who holds the stance: the quote's speaker, the subject of a reported act, "
               "or the article's source/'author'.", False),
        Column("holder_entity_id", STR, "The holder's entity, when resolved (joins entities)."),
        Column("target", STR, "Resolved name of the entity the stance is about.", False),
        Column("target_entity_id", STR, "The target's entity (joins entities)."),
        Column("polarity", STR, "negative, neutral or positive.", False),
        Column("score", F32, "Signed strength in [-1, 1] (P(positive) - P(negative)).", False),
        Column("target_start_char", I32, "Offset of the target mention in articles.text."),
        Column("target_end_char", I32, "End offset of the target mention."),
        Column("sentence_start_char", I32, "Start offset of the evidence sentence."),
        Column("sentence_end_char", I32, "End offset of the evidence sentence."),
        Column("cue_word", STR, "The speaker's own evaluative word that set the polarity ('unacceptable', "
                                "'welcomed'); null when the model alone decided."),
    ),
    key=("stance_id",),
)

REJECTS = Table(
    "rejects",
    "Input that could not be ingested, with a reason a person understands.",
    (
        Column("source_path", STR, "File (and line, for a JSON Lines record) that was rejected.", False),
        Column("reason", STR, "Why it was rejected and what to do about it.", False),
        Column("run_id", STR, "Run that rejected it.", False),
    ),
    key=("source_path",),
)

RUNS = Table(
    "runs",
    "One row per pipeline run.",
    (
        Column("run_id", STR, "Run id (UTC start time plus a random suffix).", False),
        Column("started_at", UTC_TS, "When the run started.", False),
        Column("finished_at", UTC_TS, "When the run finished its work and began publishing.", False),
        Column("files_seen", I64, "Files found under the input paths.", False),
        Column("files_new", I64, "Files ingested for the first time or changed since the last run.", False),
        Column("files_skipped", I64, "Files unchanged since they were last ingested.", False),
        Column("files_rejected", I64, "Files rejected whole in this run (no article from them). Records rejected from files that gave articles are only in rejects.", False),
        Column("articles_written", I64, "Articles written by this run.", False),
        Column("model", STR, "spaCy pipeline used.", False),
        Column("pipeline_version", STR, "newsflow version.", False),
    ),
    key=("run_id",),
)

# Which files were ingested, so a rerun can skip unchanged ones (size and mtime before hashing).
FILES = Table(
    "files",
    "One row per input file seen: what was done with it and how to recognise it unchanged.",
    (
        Column("source_path", STR, "Absolute path of the input file.", False),
        Column("size", I64, "Size in bytes when last read.", False),
        Column("mtime_ns", I64, "Modification time (ns) when last read.", False),
        Column("file_sha256", STR, "SHA-256 of the raw bytes when last read.", False),
        Column("status", STR, "ingested or rejected.", False),
        Column("articles", I64, "Articles taken from the file.", False),
        Column("run_id", STR, "Run that last read the file.", False),
    ),
    key=("source_path",),
)

TABLES: dict[str, Table] = {
    t.name: t for t in (ARTICLES, ENTITY_MENTIONS, ENTITIES, QUOTES, STANCES, REJECTS, RUNS, FILES)
}

# Tables written per article by the shards; replaced as a whole when an article's file changes.
ARTICLE_TABLES = ("articles", "entity_mentions", "quotes", "stances")

ALLOWED_VALUES = {
    ("quotes", "kind"): ("direct", "mixed", "indirect"),
    ("stances", "polarity"): ("negative", "neutral", "positive"),
    ("files", "status"): ("ingested", "rejected"),
}

CONTRACT = {
    "articles": ["article_id", "source_path", "title", "published_at", "text", "word_count", "content_sha256", "run_id"],
    "entity_mentions": ["article_id", "start_char", "end_char", "text", "label", "entity_id"],
    "entities": ["entity_id", "name", "label", "aliases", "mention_count", "article_count"],
    "quotes": ["quote_id", "article_id", "start_char", "end_char", "text", "kind", "cue", "cue_class", "speaker",
               "speaker_start_char", "speaker_end_char", "speaker_entity_id"],
    "stances": ["article_id", "quote_id", "holder", "holder_entity_id", "target", "target_entity_id", "polarity", "score"],
    "rejects": ["source_path", "reason", "run_id"],
    "runs": ["run_id", "started_at", "finished_at", "files_seen", "files_new", "files_skipped", "files_rejected",
             "model", "pipeline_version"],
}
