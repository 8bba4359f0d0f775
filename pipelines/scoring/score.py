"""score_candidates: the validated candidates table in, the scored and ranked table out."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Literal, Protocol

import polars as pl

from pipelines.scoring import evidence as ev
from pipelines.scoring.claims import (
    accuracy_check,
    apprentice_checks,
    ats_note,
    ats_rejected,
    joined_notes,
    lapse_check,
    must_have_missing,
    records_per_day_check,
)
from pipelines.scoring.columns import (
    CANDIDATE_COLUMNS,
    ISSUE_SEPARATOR,
    LIST_SEPARATOR,
)
from pipelines.scoring.explanation import gain, join_present, joined, loss
from pipelines.scoring.flags import (
    below_standard,
    hipaa_answer,
    poor_attention_reasons,
    raised_when_found,
    raised_when_lacking,
)
from pipelines.scoring.indicators import indicator, mentioned
from pipelines.scoring.job_history import (
    HISTORY_YEARS,
    job_history_years,
    range_pattern,
    years_with_source,
)
from pipelines.scoring.jobs import JOB_KEY, JOB_ORDER, job_key, job_table, rank_within_job
from pipelines.scoring.lapse import column_expiry, credential_lapsed, stated_lapsed, text_expiry
from pipelines.scoring.levels import (
    evidence_level,
    experience_text,
    strong_evidence_level,
    years_level,
)
from pipelines.scoring.patterns import alternation, format_number
from pipelines.scoring.points import bonus, capped, final_score, recommendation, years_points
from pipelines.scoring.prefilter import (
    Dialect,
    ascii_digits,
    beyond_ascii,
    by_script,
    masked,
    single_spaces,
)
from pipelines.scoring.titles import (
    line_ends,
    may_name_unrelated,
    title_relevant,
    without_unrelated_credentials,
)
from pipelines.settings.profiles import Profile, ProfilesConfig
from pipelines.settings.scoring import IndicatorRule, MetricRule, ScoringConfig, TextConfig
from pipelines.settings.vocabulary import VocabularyConfig
from schemas.names import (
    FLAG_COLUMNS,
    FLAG_NAMES,
    FLAG_PREFIX,
    INDICATOR_COLUMNS,
    INDICATOR_NAMES,
    INDICATOR_PREFIX,
    Flag,
    Indicator,
    Level,
    LevelBasis,
    YearsSource,
)
from schemas.scored import SCORED_COLUMNS

# Working columns (dropped before output); the prefix keeps them apart from input columns.
_W = "__scoring_"
TEXT, CREDS, SYSTEMS, SPECS = f"{_W}text", f"{_W}creds", f"{_W}systems", f"{_W}specs"
TRAINED, MISSPELLED, HIPAA_TEXT = f"{_W}trained", f"{_W}misspelled", f"{_W}hipaa_text"
RAW = {name: f"{_W}raw_{name}" for name in ("years", "accuracy", "rpd", "team", "improve")}
YEARS_TEXT, DETAIL = f"{_W}years_text", f"{_W}detail"
PIECES = {name: f"{_W}pieces_{name}" for name in ("creds", "systems", "specs")}
N_CREDS, N_SYSTEMS, N_SPECS = f"{_W}n_creds", f"{_W}n_systems", f"{_W}n_specs"
PTS = {
    name: f"{_W}pts_{name}"
    for name in ("years", "creds", "train", "systems", "ind", "acc", "title", "evidence")
}
PTS_RPD, PENALTY, N_IND = f"{_W}pts_rpd", f"{_W}penalty", f"{_W}n_ind"
HITS = {name: f"{_W}hit_{name}" for name in INDICATOR_NAMES}
STATED = {name: f"{_W}stated_{name}" for name in FLAG_NAMES}
HIPAA_ANSWERED = f"{_W}hipaa_answered"
SAYS = f"{_W}says_"
NEGATED, LINKED, UNRELATED = f"{_W}negated", f"{_W}linked", f"{_W}unrelated"
ASCII_ONLY = f"{_W}ascii_only"
# How patterns read TEXT: its only whitespace is the space (`collapsed_spaces`).
ON_TEXT: Dialect = single_spaces
# Whether the applications' own text is ASCII (`_script`).
Script = Literal["ascii", "other", "mixed"]
PHRASE = f"{_W}phrase_"
EXPIRY_TEXT, EXPIRY, LAPSED_WORD = f"{_W}expiry_text", f"{_W}expiry", f"{_W}lapsed_word"
REFERENCE, EVIDENCE_HITS = f"{_W}reference_day", f"{_W}evidence_hits"
# The profile-specific pieces of the text: the scorer's own text fields with credential acronyms
# blanked on lines whose title is not coding work.
CLEANED_FIELDS = ("current_title", "resume_text")
# Those fields with their line ends as "\n" (pipelines/scoring/titles.py, line_ends).
LINES = {name: f"{_W}lines_{name}" for name in CLEANED_FIELDS}

EXPERIENCE_HITS = {name: f"{_W}own_{name}" for name in INDICATOR_NAMES}
TITLES = f"{_W}titles"
# Set by ingest (pipelines/ingest/questions.py) when an application question filled the years.
YEARS_ANSWERED = "years_experience_answered"
RENAMED_SUFFIX = " (input)"


class ScoringSettings(Protocol):
    """The part of `pipelines.settings.Settings` the scorer reads."""

    @property
    def scoring(self) -> ScoringConfig: ...

    @property
    def vocabulary(self) -> VocabularyConfig: ...

    @property
    def profiles(self) -> ProfilesConfig: ...


def score_candidates(
    candidates: pl.DataFrame,
    settings: ScoringSettings,
    *,
    profile: str | None = None,
    run_date: date | None = None,
) -> pl.DataFrame:
    """Score, flag, explain and rank every application within its job, each job under its
    profile (`job_profiles`); `profile` is `--profile NAME`; credential expiry is compared with
    the application date, else `run_date` (today when not given, read once here)."""
    profiles = settings.profiles
    frame, extras = _prepared(candidates)
    reference_day = run_date if run_date is not None else date.today()
    frame = _without_stated_years(frame, settings.scoring, settings.vocabulary, reference_day)
    jobs = job_table(frame, profiles, profile)
    keyed = frame.with_columns(job_key(frame.columns).alias(JOB_KEY)).join(
        jobs.select(JOB_ORDER, JOB_KEY, "job_profile"),
        on=JOB_KEY,
        how="left",
        maintain_order="left",
    )
    names = keyed.get_column("job_profile").unique(maintain_order=True).to_list()
    # Each profile's part keeps only the output columns, so parts with different working
    # columns (a profile's own phrases and evidence terms) stack.
    kept = [name for name in SCORED_COLUMNS if name != "rank"]
    parts = [
        _scored(
            keyed.filter(pl.col("job_profile") == name),
            settings,
            name,
            reference_day,
            [*kept, *extras, JOB_KEY, JOB_ORDER],
        )
        for name in names or [profiles.default]
    ]
    del keyed
    table = pl.concat(parts, how="vertical")
    del parts
    ranked = _sorted(table).lazy().pipe(rank_within_job)
    return ranked.select(*SCORED_COLUMNS, *extras).collect()


def _sorted(frame: pl.DataFrame) -> pl.DataFrame:
    """The applications in ranking order: by job, score (highest first), fewer red flags, more
    years, then file and row. Gathered a column at a time, each dropped from `frame` once
    gathered, so the table is not held twice."""
    order = frame.select(
        pl.arg_sort_by(
            [JOB_ORDER, "score", "red_flag_count", "years_experience", "source_file", "source_row"],
            descending=[False, True, False, True, False, False],
            nulls_last=True,
            maintain_order=True,
        )
    ).to_series()
    return pl.DataFrame([frame.drop_in_place(name).gather(order) for name in frame.columns])


def _scored(
    frame: pl.DataFrame, settings: ScoringSettings, name: str, reference_day: date, keep: list[str]
) -> pl.DataFrame:
    """The columns `keep` of the applications of one profile scored, flagged and explained
    (not yet ranked)."""
    scoring, vocabulary, profiles = settings.scoring, settings.vocabulary, settings.profiles
    profile = profiles.profiles[name]
    flag_columns = [pl.col(column) for column in FLAG_COLUMNS]
    phrases = _phrases(scoring, profile, profiles, name == profiles.default)
    read = _named(_read_text(frame, scoring, vocabulary, profile, profiles), vocabulary)
    steps = [
        _facts(scoring),
        _profile_facts(profiles, reference_day),
        _indicators(scoring),
        _flags(scoring),
        {
            "red_flag_count": pl.sum_horizontal(
                c.cast(pl.Int64).fill_null(0) for c in flag_columns
            ),
            **_points(scoring, profile),
            **_levels(scoring),
        },
        {"score": _score(scoring)},
        _notes(scoring, profile, profiles),
        phrases,
        {
            "recommendation": recommendation(
                pl.col("score"), pl.col("red_flag_count"), scoring.recommendation
            ),
            "explanation": joined(
                [pl.col(phrase) for phrase in phrases],
                scoring.explanation.separator,
                scoring.explanation.nothing,
            ),
        },
    ]
    return _streamed(read, steps, keep)


def _streamed(
    frame: pl.DataFrame, steps: list[dict[str, pl.Expr]], keep: list[str]
) -> pl.DataFrame:
    """The columns `keep` of `frame` after `steps` (each a `with_columns`, in order). The steps
    run a batch of rows at a time (the streaming engine, on all cores), so what they work out
    on the way (the candidate's text, phrases) is never held for all rows; the kept columns they
    write are gathered in one chunk, like the columns of `frame` kept as they are."""
    plan = frame.lazy()
    for step in steps:
        plan = plan.with_columns(**step)
    written = [name for name in keep if any(name in step for step in steps)]
    worked = plan.select(written).collect(engine="streaming").rechunk()
    return frame.drop(written, strict=False).hstack(worked.get_columns()).select(keep)


def _read_text(
    frame: pl.DataFrame,
    scoring: ScoringConfig,
    vocabulary: VocabularyConfig,
    profile: Profile,
    profiles: ProfilesConfig,
) -> pl.DataFrame:
    """`frame` with everything read from the candidate's text, built once and read once (and
    never held for all rows: `_streamed`)."""
    script = _script(frame, scoring.text)
    facts = {
        **_text_facts(scoring, vocabulary, profile, profiles, script),
        **_says(frame, scoring),
    }
    stated = _stated(scoring)
    steps = [*_with_text(frame.columns, scoring, vocabulary, profiles), facts, stated]
    read = [name for name in [*facts, *stated] if not name.startswith(SAYS)]
    return _streamed(frame, steps, [*frame.columns, *read])


def _with_text(
    columns: list[str],
    scoring: ScoringConfig,
    vocabulary: VocabularyConfig,
    profiles: ProfilesConfig,
) -> list[dict[str, pl.Expr]]:
    """The steps (each a `with_columns`, reading the columns of the one before) that build the
    candidate's text (TEXT: the own text fields joined, links cut out, lowercased, whitespace
    collapsed, credential acronyms blanked on lines of an unrelated title), its title and resume
    as lines (LINES), whether it may hold a negated credential (NEGATED) and whether it is
    ASCII (ASCII_ONLY)."""
    titles = profiles.titles
    lines = {name: pl.col(LINES[name]) for name in CLEANED_FIELDS}
    text, linked, unrelated = pl.col(TEXT), pl.col(LINKED), pl.col(UNRELATED)
    # Only the texts that may name an unrelated title are built again from cleaned fields.
    cleaned = {
        name: without_unrelated_credentials(
            masked(unrelated, lines[name]), titles, vocabulary.credentials
        )
        for name in CLEANED_FIELDS
    }
    rebuilt = ev.lowered_text(
        ev.joined_text(columns, scoring.text, cleaned, only=unrelated), scoring.text
    )
    return [
        {LINES[name]: line_ends(pl.col(name), titles) for name in CLEANED_FIELDS},
        {TEXT: ev.joined_text(columns, scoring.text, lines)},
        {LINKED: ev.holds_link(text, scoring.text)},
        {TEXT: ev.lowered_text(text, scoring.text, linked)},
        {UNRELATED: may_name_unrelated(text, linked, list(lines.values()), titles)},
        {TEXT: pl.when(unrelated).then(rebuilt).otherwise(text)},
        {TEXT: ev.collapsed_spaces(text)},
        {
            NEGATED: ev.negation_may_apply(text, vocabulary.negations, ON_TEXT),
            ASCII_ONLY: ~beyond_ascii(text),
        },
    ]


def _script(frame: pl.DataFrame, text: TextConfig) -> Script:
    """Whether the applications' own text (`text.fields`, `text.separator`) is ASCII: for every
    application ("ascii"), for none ("other") or for some ("mixed")."""
    fields = [pl.col(name) for name in text.fields if name in frame.columns]
    if not text.separator.isascii():
        return "other"
    ascii_only = pl.all_horizontal(
        pl.lit(True), *(~beyond_ascii(f).fill_null(False) for f in fields)
    )
    count = frame.select(ascii_only.sum()).item()
    return "ascii" if count == frame.height else "other" if count == 0 else "mixed"


def _text_facts(
    scoring: ScoringConfig,
    vocabulary: VocabularyConfig,
    profile: Profile,
    profiles: ProfilesConfig,
    script: Script,
) -> dict[str, pl.Expr]:
    """The working columns read from the text of `_with_text`, worked out side by side;
    `script` is `_script` of the applications."""
    text = pl.col(TEXT)
    return {
        **_pieces(vocabulary),
        **_found(scoring, vocabulary, script),
        **{HITS[name]: _mentioned(scoring.indicators[name], script) for name in INDICATOR_NAMES},
        "title_relevant": title_relevant(
            pl.col("current_title"), pl.col(LINES["resume_text"]), profiles.titles, profile
        ),
        EXPIRY_TEXT: _on_text(
            lambda read, dialect: text_expiry(read, profiles.lapse, dialect),
            profiles.lapse.text_patterns,
            script,
        ),
        LAPSED_WORD: stated_lapsed(text, profiles.lapse, vocabulary.credentials, ON_TEXT),
        EVIDENCE_HITS: _evidence_hits(profile, script),
    }


def _mentioned(rule: IndicatorRule, script: Script) -> pl.Expr:
    """Whether TEXT mentions one of the indicator's patterns."""
    return _on_text(lambda read, dialect: mentioned(read, rule, dialect), rule.patterns, script)


def _on_text(
    read: Callable[[pl.Expr, Dialect], pl.Expr], patterns: list[str], script: Script
) -> pl.Expr:
    """`read(TEXT, dialect)` with the patterns read `ON_TEXT`; when one holds a digit class,
    ASCII text reads it as `[0-9]` (every row, or row by row for `script` "mixed")."""
    if script == "other" or all(ascii_digits(pattern) == pattern for pattern in patterns):
        return read(pl.col(TEXT), ON_TEXT)
    if script == "ascii":
        return read(pl.col(TEXT), lambda pattern: ascii_digits(ON_TEXT(pattern)))
    return by_script(pl.col(ASCII_ONLY), pl.col(TEXT), read, ON_TEXT)


def _evidence_hits(profile: Profile, script: Script) -> pl.Expr:
    """The labels of the profile's evidence terms the text mentions, in config order."""
    hits = [
        pl.when(
            _on_text(
                lambda read, dialect, term=term: ev.contains_any(read, term.patterns, dialect),
                term.patterns,
                script,
            )
        ).then(pl.lit(term.label))
        for term in profile.evidence
    ]
    if not hits:
        return pl.lit([], pl.List(pl.String))
    return pl.concat_list(hits).list.drop_nulls()


def _profile_facts(profiles: ProfilesConfig, reference_day: date) -> dict:
    """Credential expiry and lapse, and whether the ATS already rejected the application."""
    expiry = pl.min_horizontal(
        column_expiry(pl.col("credential_expires"), profiles.lapse), pl.col(EXPIRY_TEXT)
    )
    reference = pl.coalesce(pl.col("applied_at").dt.date(), pl.lit(reference_day, pl.Date))
    return {
        EXPIRY: expiry,
        REFERENCE: reference,
        "credential_lapsed": credential_lapsed(expiry, pl.col(LAPSED_WORD), reference),
        "ats_status_rejected": ats_rejected(pl.col("stage"), profiles.ats),
    }


def _notes(scoring: ScoringConfig, profile: Profile, profiles: ProfilesConfig) -> dict:
    """Claims to check and knockouts to review, in plain words (never scored)."""
    words = profiles.words
    decimals = scoring.weights.score_decimals
    stated_rpd = pl.coalesce(
        pl.col("records_per_day"), pl.col("records_per_day_claimed"), pl.col(RAW["rpd"])
    )
    stated_accuracy = pl.max_horizontal(pl.col("accuracy_claimed"), pl.col(RAW["accuracy"]))
    lapse = profiles.lapse
    claims = [
        records_per_day_check(stated_rpd, profile, words, decimals),
        accuracy_check(stated_accuracy, scoring.metrics.accuracy.max, words, decimals),
        lapse_check(pl.col(EXPIRY), pl.col(LAPSED_WORD), pl.col(REFERENCE), words),
        *apprentice_checks(
            pl.col(CREDS),
            pl.col("years_experience"),
            lapse.apprentice_credentials,
            lapse.apprentice_years_min,
            words,
            decimals,
        ),
    ]
    knockouts = [
        *must_have_missing(
            profile.must_have,
            pl.col(CREDS),
            pl.col(SYSTEMS),
            pl.col(STATED[Flag.NO_CERTIFICATION]),
            pl.col(STATED[Flag.LIMITED_TERMINOLOGY]),
            words,
        ),
        ats_note(pl.col("stage"), pl.col("ats_status_rejected"), words),
    ]
    return {"claim_checks": joined_notes(claims), "knockouts": joined_notes(knockouts)}


def _says(frame: pl.DataFrame, scoring: ScoringConfig) -> dict:
    """Per column some red flag is stated by, and the HIPAA column: whether it says something
    (links do not), worked out once per column; the links are looked for only in a column that
    holds one."""
    columns = scoring.red_flags.stated_by.model_dump()
    read = [*dict.fromkeys([*(c for name in FLAG_NAMES for c in columns[name]), "hipaa"])]
    linked = frame.select(
        pl.col(column).cast(pl.String).str.contains(scoring.text.link_pattern).any()
        for column in read
    ).row(0, named=True)
    return {
        f"{SAYS}{column}": ev.states_something(
            pl.col(column), scoring.text, may_link=linked[column] is not False
        )
        for column in read
    }


def _stated(scoring: ScoringConfig) -> dict:
    """Per red flag, whether any of its `stated_by` columns says something (links do not)."""
    columns = scoring.red_flags.stated_by.model_dump()
    return {
        STATED[name]: pl.any_horizontal(pl.col(f"{SAYS}{column}") for column in columns[name])
        for name in FLAG_NAMES
    } | {HIPAA_ANSWERED: pl.col(f"{SAYS}hipaa")}


def _named(frame: pl.DataFrame, vocabulary: VocabularyConfig) -> pl.DataFrame:
    """The term names of each vocabulary, worked out per distinct found pieces and joined back."""
    for key, name, terms in (
        ("creds", CREDS, vocabulary.credentials),
        ("systems", SYSTEMS, vocabulary.coding_systems),
        ("specs", SPECS, vocabulary.specialties),
    ):
        lookup = ev.names_lookup(frame.get_column(PIECES[key]), terms, name)
        frame = _joined_back(frame, lookup, PIECES[key], nulls_equal=True)
    return frame


def _joined_back(frame: pl.DataFrame, found: pl.DataFrame, on: str, **options) -> pl.DataFrame:
    """`frame.join(found, on=on, how="left", maintain_order="left", **options)` that reads only
    `on` of `frame`: its other columns are kept as they are, not gathered into a new frame."""
    join = {"on": on, "how": "left", "maintain_order": "left", **options}
    matched = frame.select(on).join(found, **join)
    if matched.height != frame.height:
        # A key repeated on both sides multiplies rows: only the plain join does that.
        return frame.join(found, **join)
    return frame.hstack(matched.drop(on).get_columns())


def _prepared(candidates: pl.DataFrame) -> tuple[pl.DataFrame, list[str]]:
    """Missing canonical columns added as typed nulls; carried-through names kept clear."""
    reserved = set(SCORED_COLUMNS) | set(CANDIDATE_COLUMNS)
    renames = {
        name: f"{name}{RENAMED_SUFFIX}"
        for name in candidates.columns
        if name not in CANDIDATE_COLUMNS and (name in reserved or name.startswith(_W))
    }
    frame = candidates.rename(renames)
    missing = {
        name: pl.lit(None, dtype)
        for name, dtype in CANDIDATE_COLUMNS.items()
        if name not in frame.columns
    }
    frame = frame.with_columns(**missing).with_columns(
        pl.col(name).cast(dtype) for name, dtype in CANDIDATE_COLUMNS.items()
    )
    extras = [name for name in frame.columns if name not in CANDIDATE_COLUMNS]
    return frame, extras


def _pieces(vocabulary: VocabularyConfig) -> dict:
    """The term mentions of each vocabulary, found in one pass over the text per vocabulary."""
    text = pl.col(TEXT)
    return {
        PIECES["creds"]: ev.held_term_pieces(
            text, vocabulary.credentials, vocabulary.negations, pl.col(NEGATED), ON_TEXT
        ),
        PIECES["systems"]: ev.term_pieces(text, vocabulary.coding_systems, ON_TEXT),
        PIECES["specs"]: ev.term_pieces(text, vocabulary.specialties, ON_TEXT),
    }


def _found(scoring: ScoringConfig, vocabulary: VocabularyConfig, script: Script) -> dict:
    """What the text states: raw numbers and mentions (term names come from `_named`)."""
    text = pl.col(TEXT)
    metrics = scoring.metrics

    def number(rule: MetricRule) -> pl.Expr:
        return _on_text(
            lambda read, dialect: ev.stated_number(read, rule, dialect), rule.patterns, script
        )

    return {
        RAW["years"]: number(metrics.years),
        RAW["accuracy"]: number(metrics.accuracy),
        RAW["rpd"]: number(metrics.records_per_day),
        RAW["team"]: number(metrics.team_size),
        RAW["improve"]: number(metrics.improvement_pct),
        TRAINED: text.str.contains(
            ON_TEXT(alternation(scoring.red_flags.formal_training_patterns))
        ),
        MISSPELLED: ev.contains_any(text, vocabulary.misspellings, ON_TEXT),
        HIPAA_TEXT: ev.affirmed(
            text,
            vocabulary.hipaa_mentions,
            vocabulary.hipaa_negation.words,
            vocabulary.hipaa_negation.within_words,
            vocabulary.hipaa_negation.not_negated_by,
            ON_TEXT,
        ),
    }


def _without_stated_years(
    frame: pl.DataFrame, scoring: ScoringConfig, vocabulary: VocabularyConfig, day: date
) -> pl.DataFrame:
    """`frame` with what only matters when no years column or answer gives the years: the years
    of the resume's dated jobs and the own-experience evidence for the level without years.
    Worked out on those rows alone (on most exports few), joined back by `source_row`."""
    needs = frame.filter(pl.col("years_experience").is_null()).select(
        "source_row", "current_title", "resume_text", "applied_at"
    )
    history = job_history_years(needs.drop("current_title"), vocabulary, day)
    own = needs.select("source_row", **_own_experience(scoring, vocabulary))
    found = own.join(
        history.select("source_row", pl.col(HISTORY_YEARS).alias(f"{_W}{HISTORY_YEARS}")),
        on="source_row",
        how="left",
    )
    joined = _joined_back(frame, found, "source_row")
    return joined.with_columns(
        *(pl.col(c).fill_null(False) for c in EXPERIENCE_HITS.values()),
        pl.col(TITLES).fill_null(""),
    )


def _own_experience(scoring: ScoringConfig, vocabulary: VocabularyConfig) -> dict:
    """Indicator hits in the candidate's own experience (title and resume, keyword lists and
    links cut out), and the titles of the resume's dated positions, for the level without
    years."""
    own = pl.concat_str(
        [pl.col("current_title"), pl.col("resume_text")], separator="\n", ignore_nulls=True
    )
    own = own.str.replace_all(scoring.text.link_pattern, " ").str.to_lowercase().fill_null("")
    text = experience_text(own, scoring.levels)
    dated = rf"(?m)^[^\n]*{range_pattern(vocabulary.job_history)}[^\n]*$"
    titles = pl.concat_str(
        [pl.col("current_title").str.to_lowercase(), own.str.extract_all(dated).list.join(" | ")],
        separator=" | ",
        ignore_nulls=True,
    )
    return {
        **{
            EXPERIENCE_HITS[name]: mentioned(text, rule)
            for name, rule in scoring.indicators.items()
        },
        TITLES: titles.fill_null(""),
    }


def _facts(scoring: ScoringConfig) -> dict:
    """Column (or answer) values win over text values, then the job history; text values
    outside their range become issues."""
    metrics = scoring.metrics
    decimals = scoring.weights.score_decimals
    text_years = ev.within(pl.col(RAW["years"]), metrics.years)
    column_years = pl.col("years_experience")
    answered = pl.col(YEARS_ANSWERED).fill_null(False)
    years, source = years_with_source(
        pl.when(~answered).then(column_years),
        pl.when(answered).then(column_years),
        text_years,
        pl.col(f"{_W}{HISTORY_YEARS}"),
    )
    issues = [
        ev.range_issue(pl.col(RAW[key]), rule, lambda value: format_number(value, decimals))
        for key, rule in (
            ("years", metrics.years),
            ("accuracy", metrics.accuracy),
            ("rpd", metrics.records_per_day),
            ("team", metrics.team_size),
            ("improve", metrics.improvement_pct),
        )
    ]
    return {
        YEARS_TEXT: text_years,
        "years_experience": years,
        "years_source": source,
        "accuracy_pct": pl.coalesce(
            pl.col("accuracy"), ev.within(pl.col(RAW["accuracy"]), metrics.accuracy)
        ),
        "records_per_day": pl.coalesce(
            pl.col("records_per_day"), ev.within(pl.col(RAW["rpd"]), metrics.records_per_day)
        ),
        "team_size": ev.within(pl.col(RAW["team"]), metrics.team_size).cast(pl.Int64),
        "improvement_pct": ev.within(pl.col(RAW["improve"]), metrics.improvement_pct),
        "credentials": ev.joined_or_null(pl.col(CREDS)),
        "coding_systems": ev.joined_or_null(pl.col(SYSTEMS)),
        "specialties": ev.joined_or_null(pl.col(SPECS)),
        N_CREDS: pl.col(CREDS).list.len(),
        N_SYSTEMS: pl.col(SYSTEMS).list.len(),
        N_SPECS: pl.col(SPECS).list.len(),
        "data_issues": join_present([pl.col("data_issues"), *issues], ISSUE_SEPARATOR),
    }


def _indicators(scoring: ScoringConfig) -> dict:
    """One boolean per experience-level indicator."""
    meets = pl.col("accuracy_pct") >= scoring.red_flags.accuracy_standard_pct
    return {
        f"{INDICATOR_PREFIX}{name}": indicator(
            pl.col(HITS[name]),
            scoring.indicators[name],
            meets_accuracy=meets,
            specialty_count=pl.col(N_SPECS),
            team_size=pl.col("team_size"),
            improvement_pct=pl.col("improvement_pct"),
        )
        for name in INDICATOR_NAMES
    }


def _flags(scoring: ScoringConfig) -> dict:
    """One boolean per red flag, plus the reasons behind poor attention to detail."""
    rules = scoring.red_flags
    no_credential = pl.col(N_CREDS) == 0
    detail = poor_attention_reasons(
        rules,
        misspelled=pl.col(MISSPELLED),
        email=pl.col("email"),
        years=pl.col("years_experience"),
        team_size=pl.col("team_size"),
        column_years=pl.when(
            pl.col("years_source").is_in([YearsSource.COLUMN.value, YearsSource.ANSWER.value])
        ).then(pl.col("years_experience")),
        text_years=pl.col(YEARS_TEXT),
    )
    known_terms = (
        pl.col(Indicator.MEDICAL_TERMINOLOGY.column) | ~no_credential | (pl.col(N_SYSTEMS) > 0)
    ) | pl.col(Indicator.CODE_SETS.column)
    hipaa = hipaa_answer(rules, pl.col("hipaa"), pl.col(HIPAA_ANSWERED))
    return {
        DETAIL: detail,
        Flag.NO_CERTIFICATION.column: raised_when_lacking(
            ~no_credential | pl.col(TRAINED), pl.lit(False), pl.col(STATED[Flag.NO_CERTIFICATION])
        ),
        Flag.LIMITED_TERMINOLOGY.column: raised_when_lacking(
            known_terms, pl.lit(False), pl.col(STATED[Flag.LIMITED_TERMINOLOGY])
        ),
        Flag.POOR_ATTENTION_TO_DETAIL.column: raised_when_found(
            detail.is_not_null(), pl.col(STATED[Flag.POOR_ATTENTION_TO_DETAIL])
        ),
        Flag.NO_HIPAA.column: raised_when_lacking(
            hipaa.fill_null(False) | pl.col(HIPAA_TEXT),
            hipaa.not_(),
            pl.col(STATED[Flag.NO_HIPAA]),
        ),
        Flag.BELOW_ACCURACY_STANDARD.column: below_standard(rules, pl.col("accuracy_pct")),
    }


def _points(scoring: ScoringConfig, profile: Profile) -> dict:
    """Points earned per fact (weighed by the profile) and the total red-flag penalty."""
    weights = scoring.weights
    indicator_points = [
        pl.col(f"{INDICATOR_PREFIX}{name}").cast(pl.Float64)
        * profile.indicator_points.get(name, weights.indicator[rule.level])
        for name, rule in scoring.indicators.items()
    ]
    penalties = weights.flag_penalty.model_dump()
    plausible = profile.records_per_day
    rpd = pl.col("records_per_day")
    evidence = {term.label: term.points for term in profile.evidence}
    return {
        PTS["years"]: years_points(pl.col("years_experience"), weights),
        PTS["creds"]: named_points(
            pl.col(CREDS),
            pl.col(N_CREDS),
            profile.credential_points,
            weights.per_credential,
            _cap(profile.credentials_cap, weights.credentials_cap),
        ),
        PTS["train"]: bonus((pl.col(N_CREDS) == 0) & pl.col(TRAINED), weights.formal_training),
        PTS["systems"]: named_points(
            pl.col(SYSTEMS),
            pl.col(N_SYSTEMS),
            profile.coding_system_points,
            weights.per_coding_system,
            _cap(profile.coding_systems_cap, weights.coding_systems_cap),
        ),
        PTS["ind"]: pl.sum_horizontal(indicator_points),
        PTS["acc"]: bonus(
            pl.col("accuracy_pct") >= scoring.red_flags.accuracy_standard_pct,
            weights.accuracy_at_standard,
        ),
        PTS["title"]: bonus(pl.col("title_relevant"), profile.title_points),
        PTS["evidence"]: named_points(
            pl.col(EVIDENCE_HITS), None, evidence, 0.0, profile.evidence_cap
        ),
        # A records/day claim outside the profile's plausible range is checked, not scored.
        PTS_RPD: bonus(
            (rpd >= weights.records_per_day_min) & rpd.is_between(plausible.min, plausible.max),
            weights.records_per_day,
        ),
        PENALTY: pl.sum_horizontal(
            pl.col(f"{FLAG_PREFIX}{name}").cast(pl.Float64).fill_null(0.0) * penalties[name]
            for name in FLAG_NAMES
        ),
        N_IND: pl.sum_horizontal(pl.col(c).cast(pl.Int64) for c in INDICATOR_COLUMNS),
    }


def _cap(profile_cap: float | None, shared_cap: float) -> float:
    """The profile's cap when it sets one, else the shared one."""
    return shared_cap if profile_cap is None else profile_cap


def named_points(
    names: pl.Expr, count: pl.Expr | None, points: dict[str, float], each: float, cap: float
) -> pl.Expr:
    """Points of the found names (each named one by `points`, the rest `each`), at most `cap`;
    without per-name points this is `count * each`, capped, as before profiles."""
    if not points and count is not None:
        return capped(count, each, cap)
    per_name = names.list.eval(
        pl.element().replace_strict(points, default=each, return_dtype=pl.Float64)
    )
    return per_name.list.sum().cast(pl.Float64).clip(upper_bound=cap).fill_null(0.0)


def _per_level(scoring: ScoringConfig, hit: dict[str, str]) -> dict[str, pl.Expr]:
    """Indicator hits per level, from one boolean column per indicator."""
    counts: dict[str, pl.Expr] = {}
    for name, rule in scoring.indicators.items():
        one = pl.col(hit[name]).cast(pl.Int64).fill_null(0)
        counts[rule.level] = counts[rule.level] + one if rule.level in counts else one
    return counts


def _levels(scoring: ScoringConfig) -> dict:
    """Level from the years band; without years, only strong evidence in the candidate's own
    experience gives one (a skills list is not experience), else Unknown. `level_evidence` is
    the level the indicators anywhere would support, for reference."""
    levels = scoring.levels
    indicators = {name: f"{INDICATOR_PREFIX}{name}" for name in scoring.indicators}
    by_years = years_level(pl.col("years_experience"), levels)
    strong = strong_evidence_level(_per_level(scoring, EXPERIENCE_HITS), pl.col(TITLES), levels)
    return {
        "level_evidence": evidence_level(_per_level(scoring, indicators), levels),
        "level": pl.coalesce(by_years, strong),
        "level_basis": pl.when(by_years.is_not_null())
        .then(pl.lit(LevelBasis.YEARS.value))
        .when(strong != Level.UNKNOWN.value)
        .then(pl.lit(LevelBasis.EVIDENCE.value))
        .otherwise(pl.lit(LevelBasis.NONE.value)),
    }


def _score(scoring: ScoringConfig) -> pl.Expr:
    """The final 0-100 score."""
    positive = pl.sum_horizontal([*(pl.col(c) for c in PTS.values()), pl.col(PTS_RPD)])
    return final_score(positive, pl.col(PENALTY), scoring.weights)


def _phrases(
    scoring: ScoringConfig, profile: Profile, profiles: ProfilesConfig, is_default: bool
) -> dict[str, pl.Expr]:
    """Plain words, one working column per fact that can move the score, with its points; a
    profile other than the default is named first."""
    words = scoring.explanation
    weights = scoring.weights
    labels = scoring.red_flags.labels.model_dump()
    facts = scoring.red_flags.facts.model_dump()
    penalties = weights.flag_penalty.model_dump()
    decimals = weights.score_decimals

    def number(name: str) -> pl.Expr:
        return format_number(pl.col(name), decimals)

    from_resume = (
        pl.when(pl.col("years_source") == YearsSource.RESUME.value)
        .then(pl.lit(f" {words.from_resume}"))
        .when(pl.col("years_source") == YearsSource.JOB_HISTORY.value)
        .then(pl.lit(f" {words.from_job_history}"))
        .when(pl.col("years_source") == YearsSource.ANSWER.value)
        .then(pl.lit(f" {words.from_answer}"))
    )
    details = {
        Flag.POOR_ATTENTION_TO_DETAIL: pl.col(DETAIL),
        Flag.BELOW_ACCURACY_STANDARD: pl.concat_str([number("accuracy_pct"), pl.lit("%")]),
    }
    gains = [
        gain(
            pl.col("years_experience").is_not_null(),
            pl.concat_str(
                [number("years_experience"), pl.lit(f" {words.years}"), from_resume],
                ignore_nulls=True,
            ),
            pl.col(PTS["years"]),
            decimals,
        ),
        gain(pl.col(N_CREDS) > 0, pl.col("credentials"), pl.col(PTS["creds"]), decimals),
        gain(pl.lit(True), pl.lit(words.formal_training), pl.col(PTS["train"]), decimals),
        gain(pl.col(N_SYSTEMS) > 0, pl.col("coding_systems"), pl.col(PTS["systems"]), decimals),
        gain(
            pl.col(N_IND) > 0,
            pl.concat_str([pl.col(N_IND).cast(pl.String), pl.lit(f" {words.indicators}")]),
            pl.col(PTS["ind"]),
            decimals,
        ),
        gain(
            pl.col("title_relevant"), pl.lit(profiles.words.title), pl.col(PTS["title"]), decimals
        ),
        gain(
            pl.col(EVIDENCE_HITS).list.len() > 0,
            pl.col(EVIDENCE_HITS).list.join(LIST_SEPARATOR),
            pl.col(PTS["evidence"]),
            decimals,
        ),
        gain(
            pl.lit(True),
            pl.concat_str([pl.lit(f"{words.accuracy} "), number("accuracy_pct"), pl.lit("%")]),
            pl.col(PTS["acc"]),
            decimals,
        ),
        gain(
            pl.lit(True),
            pl.concat_str([number("records_per_day"), pl.lit(f" {words.records_per_day}")]),
            pl.col(PTS_RPD),
            decimals,
        ),
    ]
    losses = [
        loss(
            pl.col(f"{FLAG_PREFIX}{name}"),
            pl.concat_str(
                [
                    pl.lit(f"{words.red_flag}: {labels[name]}"),
                    pl.concat_str([pl.lit(": "), details.get(name, pl.lit(None, pl.String))]),
                ],
                ignore_nulls=True,
            ),
            penalties[name],
            decimals,
        )
        for name in FLAG_NAMES
    ]
    unstated = join_present(
        [
            pl.when(pl.col(f"{FLAG_PREFIX}{name}").is_null()).then(pl.lit(facts[name]))
            for name in FLAG_NAMES
        ],
        LIST_SEPARATOR,
    )
    not_stated = pl.concat_str([pl.lit(f"{words.not_stated}: "), unstated])
    named = [] if is_default else [pl.lit(f"{profiles.words.profile}: {profile.label}")]
    # Materialised as columns, then joined: cheaper than joining the expressions in place.
    every = [*named, *gains, *losses, not_stated]
    return {f"{PHRASE}{i}": phrase for i, phrase in enumerate(every)}
