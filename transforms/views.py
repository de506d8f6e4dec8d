"""Views for the questions analysts ask most, declared once (SQL + description) and created
in every warehouse build; the data dictionary lists them too."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class View:
    name: str
    description: str
    sql: str


VIEWS = (
    View(
        "quotes_by_speaker",
        "One row per resolved speaker: how many quotes of each kind (and how many are speech), in how many articles, first and last seen.",
        """
        SELECT coalesce(e.name, q.speaker) AS speaker, q.speaker_entity_id, e.label AS speaker_label,
               count(*) AS quotes,
               count(*) FILTER (WHERE q.kind = 'direct') AS direct,
               count(*) FILTER (WHERE q.kind = 'mixed') AS mixed,
               count(*) FILTER (WHERE q.kind = 'indirect') AS indirect,
               count(*) FILTER (WHERE q.cue_class = 'speech') AS speech,
               count(DISTINCT q.article_id) AS articles,
               min(a.published_at) AS first_published_at, max(a.published_at) AS last_published_at
        FROM quotes q JOIN articles a USING (article_id)
        LEFT JOIN entities e ON e.entity_id = q.speaker_entity_id
        WHERE q.speaker IS NOT NULL
        GROUP BY ALL
        """,
    ),
    View(
        "entity_mentions_daily",
        "Mentions per entity per publication day (articles without a date are left out).",
        """
        SELECT CAST(a.published_at AS DATE) AS day, m.entity_id, e.name, e.label,
               count(*) AS mentions, count(DISTINCT m.article_id) AS articles
        FROM entity_mentions m JOIN articles a USING (article_id) JOIN entities e USING (entity_id)
        WHERE a.published_at IS NOT NULL
        GROUP BY ALL
        """,
    ),
    View(
        "stance_matrix",
        "Holder x target: how often each holder speaks for, neutrally about, or against each target "
        "(in_quotes: how much of the evidence is the holder's own quoted words, the rest is an article's own voice).",
        """
        SELECT holder, holder_entity_id, target, target_entity_id,
               count(*) AS evidence,
               count(*) FILTER (WHERE polarity = 'positive') AS positive,
               count(*) FILTER (WHERE polarity = 'neutral') AS neutral,
               count(*) FILTER (WHERE polarity = 'negative') AS negative,
               avg(score) AS mean_score,
               count(DISTINCT article_id) AS articles,
               count(quote_id) AS in_quotes
        FROM stances
        GROUP BY ALL
        """,
    ),
    View(
        "quotes_mentioning_entity",
        "One row per quote x entity mentioned inside the quote's text: 'who is quoted about NATO?' "
        "(keep cue_class = 'speech' for quotes in the newsroom sense).",
        """
        SELECT m.entity_id, e.name AS entity, e.label AS entity_label, q.quote_id, q.article_id,
               q.speaker, q.speaker_entity_id, q.kind, q.cue, q.text AS quote_text, q.cue_class
        FROM quotes q
        JOIN entity_mentions m ON m.article_id = q.article_id
             AND m.start_char >= q.start_char AND m.end_char <= q.end_char
        JOIN entities e ON e.entity_id = m.entity_id
        GROUP BY ALL
        """,
    ),
)
