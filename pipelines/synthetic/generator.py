"""Seeded, vectorised generator of synthetic medical-coder candidates as a polars frame."""

from __future__ import annotations

import zlib
from datetime import datetime

import polars as pl

from pipelines.synthetic.prng import between, pick, pick_index, uniform
from pipelines.synthetic.profile import Level, Profile, Weighted, load_profile
from pipelines.synthetic.resume import resume_text, template_choices
from schemas.candidates import APPLICATION, IDENTITY

DEFAULT_SEED = 20261120
ROW = "_row"
DAYS_PER_YEAR = 365.25
MINUTES_PER_DAY = 24 * 60
HALF_YEARS = 2

# Values a caller may pin per row (see `generate_candidates`): name -> (column it sets, type).
TRUTH_COLUMNS = {
    "years_experience": ("years_experience", pl.Float64),
    "accuracy": ("accuracy", pl.Float64),
    "certifications": ("_credentials", pl.String),
}

# Columns that may legitimately be null; every other generated column is always filled.
NULLABLE = (
    "certifications",
    "hipaa",
    "team_size",
    "improvement_pct",
    "gender",
    "race",
    "veteran_status",
    "disability_status",
)

COLUMNS = (
    *IDENTITY,
    *APPLICATION,
    "level",
    "years_experience",
    "certifications",
    "coding_systems",
    "specialties",
    "ehr",
    "accuracy",
    "records_per_day",
    "team_size",
    "improvement_pct",
    "hipaa",
    "education",
    "skills",
    "resume_text",
    "gender",
    "race",
    "veteran_status",
    "disability_status",
    "date_of_birth",
)


class _Draws:
    """Named independent random streams for one seed (a name always maps to the same stream)."""

    def __init__(self, seed: int) -> None:
        self.seed = seed
        self._pending: dict[str, pl.Expr] = {}

    def stream(self, name: str) -> int:
        """Stable stream number for a name."""
        return zlib.crc32(name.encode("utf-8"))

    def u(self, name: str) -> pl.Expr:
        """Uniform [0, 1) per row for the named stream (a column made by `materialise`)."""
        column = f"_u_{name}"
        self._pending[column] = uniform(pl.col(ROW), self.seed, self.stream(name)).alias(column)
        return pl.col(column)

    def materialise(self) -> list[pl.Expr]:
        """The uniform columns requested since the last call, to add before they are used."""
        pending, self._pending = list(self._pending.values()), {}
        return pending

    def pick(self, name: str, choice: Weighted | list[str]) -> pl.Expr:
        """A weighted (or uniform) pick; empty strings become null."""
        if isinstance(choice, Weighted):
            return pick(self.u(name), choice.values, choice.weights)
        return pick(self.u(name), choice)


def _by_level(levels: dict[str, Level], make: callable) -> pl.Expr:
    """One expression that evaluates `make(name, level)` for each row's level."""
    items = list(levels.items())
    chain = pl.when(pl.col("level") == items[0][0]).then(make(*items[0]))
    for name, level in items[1:]:
        chain = chain.when(pl.col("level") == name).then(make(name, level))
    return chain


def _number_text(expr: pl.Expr) -> pl.Expr:
    """Plain text for a number: `3` for 3.0, `3.5` for 3.5."""
    return (
        pl.when(expr == expr.floor())
        .then(expr.cast(pl.Int64).cast(pl.String))
        .otherwise(expr.cast(pl.String))
    )


def _identity(draws: _Draws, profile: Profile) -> list[pl.Expr]:
    """Names, e-mail domain, phone and candidate id (full name and e-mail come later)."""
    ident = profile.identity
    row = pl.col(ROW)
    line = between(draws.u("phone_line"), ident.phone_line_min, ident.phone_line_max + 1).floor()
    return [
        (row + ident.candidate_id_base).cast(pl.Int64).alias("candidate_id"),
        draws.pick("first_name", ident.first_names).alias("first_name"),
        draws.pick("last_name", ident.last_names).alias("last_name"),
        draws.pick("email_domain", ident.email_domains).alias("_domain"),
        pl.format(
            "({}) 555-{}",
            draws.pick("area_code", ident.area_codes),
            line.cast(pl.Int64).cast(pl.String).str.zfill(4),
        ).alias("phone"),
    ]


def _contact() -> list[pl.Expr]:
    """Full name and a unique fake e-mail built from the drawn names."""
    first, last = pl.col("first_name"), pl.col("last_name")
    return [
        pl.format("{} {}", first, last).alias("full_name"),
        pl.format(
            "{}.{}{}@{}",
            first.str.to_lowercase(),
            last.str.to_lowercase(),
            pl.col(ROW) + 1,
            pl.col("_domain"),
        ).alias("email"),
    ]


def _application(draws: _Draws, profile: Profile) -> list[pl.Expr]:
    """Job, date, source, stage, employer and location."""
    app = profile.application
    start = datetime.fromisoformat(app.applied_from)
    minutes = (draws.u("applied_at") * app.applied_days * MINUTES_PER_DAY).floor().cast(pl.Int64)
    return [
        draws.pick("job", app.jobs).alias("job"),
        (pl.lit(start) + pl.duration(minutes=minutes)).alias("applied_at"),
        draws.pick("source", app.sources).alias("source"),
        draws.pick("stage", app.stages).alias("stage"),
        draws.pick("current_company", app.companies).alias("current_company"),
        draws.pick("location", app.locations).alias("location"),
    ]


def _numbers(draws: _Draws, profile: Profile) -> list[pl.Expr]:
    """Years, accuracy, volume, team size and improvement, each within the level's range."""
    levels = profile.levels
    years_u = draws.u("years")

    def years(_name: str, level: Level) -> pl.Expr:
        low, high = level.years
        return (between(years_u * years_u, low, high) * HALF_YEARS).floor() / HALF_YEARS

    def ranged(field: str, as_int: bool) -> pl.Expr:
        u = draws.u(field)

        def make(_name: str, level: Level) -> pl.Expr:
            low, high = getattr(level, field)
            if as_int:
                value = between(u, low, high + 1).floor().cast(pl.Int64)
                return pl.when(value > 0).then(value)
            return between(u, low, high).round(1)

        return _by_level(levels, make).alias(field)

    return [
        _by_level(levels, years).alias("years_experience"),
        ranged("accuracy", as_int=False),
        ranged("records_per_day", as_int=True),
        ranged("team_size", as_int=True),
        ranged("improvement_pct", as_int=True),
    ]


def _evidence(draws: _Draws, profile: Profile) -> list[pl.Expr]:
    """Title, credentials, systems, specialties, EHR, payer, HIPAA, education (raw draws)."""
    levels = profile.levels
    ev = profile.evidence
    count = len(ev.specialties)
    specialties = pl.lit(pl.Series(ev.specialties, dtype=pl.String))
    first_index = (draws.u("specialty") * count).floor().cast(pl.Int64)
    offset = (draws.u("specialty2") * (count - 1)).floor().cast(pl.Int64) + 1
    junior = next(iter(levels))
    extra = draws.u("extra_specialty") < ev.extra_specialty_probability
    two = (pl.col("level") != junior) | extra

    names: list[str] = []
    for level in levels.values():
        names.extend(name for name in level.credentials if name not in names)

    def chance(name: str) -> pl.Expr:
        return _by_level(levels, lambda _n, level: pl.lit(level.credentials.get(name, 0.0)))

    held = [
        pl.when(draws.u(f"credential:{name}") < chance(name)).then(pl.lit(name)) for name in names
    ]

    def titles(name: str, level: Level) -> pl.Expr:
        return draws.pick(f"title:{name}", level.titles)

    def education(name: str, level: Level) -> pl.Expr:
        return draws.pick(f"education:{name}", level.education)

    return [
        _by_level(levels, titles).alias("current_title"),
        pl.concat_str(held, separator=", ", ignore_nulls=True).alias("_credentials"),
        draws.pick("coding_systems", ev.coding_systems).alias("coding_systems"),
        specialties.gather(first_index).alias("_specialty"),
        specialties.gather((first_index + offset) % count).alias("_specialty2"),
        two.alias("_two_specialties"),
        draws.pick("ehr", ev.ehrs).alias("ehr"),
        draws.pick("payer", ev.payers).alias("_payer"),
        draws.pick("hipaa", ev.hipaa).alias("hipaa"),
        _by_level(levels, education).alias("education"),
    ]


def _derived() -> list[pl.Expr]:
    """Columns built from earlier draws: specialty list, credentials, resume conditions."""
    credentials = pl.col("_credentials")
    return [
        pl.when(pl.col("_two_specialties"))
        .then(pl.format("{}, {}", pl.col("_specialty"), pl.col("_specialty2")))
        .otherwise(pl.col("_specialty"))
        .alias("specialties"),
        pl.when(credentials != "").then(credentials).alias("certifications"),
        (credentials != "").alias("has_credentials"),
        (credentials == "").alias("no_credentials"),
        (pl.col("hipaa") == "Yes").fill_null(False).alias("hipaa_yes"),
        pl.format("{}; {}; Microsoft Excel", pl.col("coding_systems"), pl.col("ehr")).alias(
            "skills"
        ),
    ]


def _demographics(draws: _Draws, profile: Profile) -> list[pl.Expr]:
    """Voluntary self-identification answers and a date of birth consistent with experience."""
    demo = profile.demographics
    start_age = between(draws.u("start_age"), demo.start_age_min, demo.start_age_max)
    age_days = ((pl.col("years_experience") + start_age) * DAYS_PER_YEAR).floor().cast(pl.Int64)
    return [
        draws.pick("gender", demo.gender).alias("gender"),
        draws.pick("race", demo.race).alias("race"),
        draws.pick("veteran_status", demo.veteran_status).alias("veteran_status"),
        draws.pick("disability_status", demo.disability_status).alias("disability_status"),
        (pl.col("applied_at").dt.date() - pl.duration(days=age_days)).alias("date_of_birth"),
    ]


def _resume_fields() -> dict[str, pl.Expr]:
    """The `{names}` resume templates may use, as expressions over generated columns."""
    return {
        "title": pl.col("current_title"),
        "years": pl.when(pl.col("years_experience") == 1)
        .then(pl.lit("1 year"))
        .otherwise(pl.format("{} years", _number_text(pl.col("years_experience")))),
        "records": pl.col("records_per_day").cast(pl.String),
        "accuracy": _number_text(pl.col("accuracy")),
        "systems": pl.col("coding_systems"),
        "specialty": pl.col("_specialty"),
        "specialty2": pl.col("_specialty2"),
        "ehr": pl.col("ehr"),
        "payer": pl.col("_payer"),
        "credentials": pl.col("certifications"),
        "education": pl.col("education"),
        "team_size": pl.col("team_size").cast(pl.String),
        "improvement_pct": pl.col("improvement_pct").cast(pl.String),
    }


def _with_resumes(frame: pl.DataFrame, draws: _Draws, profile: Profile) -> pl.DataFrame:
    """Add `resume_text`, rendering each level's templates only on that level's rows."""
    fields = _resume_fields()
    used = sorted({name for expr in fields.values() for name in expr.meta.root_names()})
    conditions = {slot.requires for slots in profile.resume.values() for slot in slots}
    narrow = frame.select(ROW, "level", *used, *sorted(c for c in conditions if c is not None))
    parts = []
    for key, part in narrow.partition_by("level", as_dict=True, maintain_order=True).items():
        level = key[0]
        slots = profile.resume[level]
        stream = draws.stream(f"resume:{level}")
        parts.append(
            part.with_columns(
                *template_choices(level, slots, pl.col(ROW), draws.seed, stream)
            ).select(ROW, resume_text(level, slots, fields).alias("resume_text"))
        )
    resumes = pl.concat(parts).sort(ROW) if parts else narrow.select(ROW, resume_text="")
    return frame.with_columns(resumes.get_column("resume_text"))


def _level_for_years(levels: dict[str, Level], years: pl.Expr) -> pl.Expr:
    """The level whose years range holds `years` (below the first range: the first level)."""
    items = list(levels.items())
    chain = pl.when(years >= items[-1][1].years[0]).then(pl.lit(items[-1][0]))
    for name, level in reversed(items[1:-1]):
        chain = chain.when(years >= level.years[0]).then(pl.lit(name))
    return chain.otherwise(pl.lit(items[0][0]))


def generate_candidates(
    rows: int,
    seed: int = DEFAULT_SEED,
    profile: Profile | None = None,
    truth: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """`rows` synthetic candidates (typed columns in `COLUMNS` order); same seed, same frame.

    `truth` (optional, `rows` long) pins `years_experience`, `accuracy` and/or `certifications`
    ("" = none) per row where not null; pinned years also set the row's level, so the resume
    agrees with the pinned values.
    """
    profile = profile if profile is not None else load_profile()
    draws = _Draws(seed)
    frame = pl.DataFrame({ROW: pl.int_range(0, rows, dtype=pl.Int64, eager=True)})
    pinned = {name: pl.lit(None, dtype=dtype) for name, (_, dtype) in TRUTH_COLUMNS.items()}
    if truth is not None:
        given = [name for name in TRUTH_COLUMNS if name in truth.columns]
        frame = frame.with_columns(
            truth.get_column(name).cast(TRUTH_COLUMNS[name][1]).alias(f"_truth_{name}")
            for name in given
        )
        pinned.update({name: pl.col(f"_truth_{name}") for name in given})
    level_names = pl.Series(list(profile.levels), dtype=pl.String)
    level_weights = [level.weight for level in profile.levels.values()]
    drawn_level = pl.lit(level_names).gather(pick_index(draws.u("level"), level_weights))
    level = pl.coalesce(
        pl.when(pinned["years_experience"].is_not_null()).then(
            _level_for_years(profile.levels, pinned["years_experience"])
        ),
        drawn_level,
    )
    frame = frame.with_columns(draws.materialise()).with_columns(level.alias("level"))
    drawn = [
        *_identity(draws, profile),
        *_application(draws, profile),
        *_numbers(draws, profile),
        *_evidence(draws, profile),
    ]
    frame = frame.with_columns(draws.materialise()).with_columns(drawn)
    frame = frame.with_columns(
        pl.coalesce(pinned[name], pl.col(column)).alias(column)
        for name, (column, _) in TRUTH_COLUMNS.items()
    )
    later = [*_contact(), *_derived(), *_demographics(draws, profile)]
    frame = frame.with_columns(draws.materialise()).with_columns(later)
    return _with_resumes(frame, draws, profile).select(COLUMNS)
