"""Application-question headers map by meaning: alias first, then the ordered rules."""

from __future__ import annotations

import tomllib

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from pipelines.ingest.questions import (
    classify_questions,
    combine_answers,
    map_headers,
    mapping_report,
)
from pipelines.settings import ConfigError
from pipelines.settings.base import load_model
from pipelines.settings.columns import ColumnsConfig
from pipelines.settings.questions import QuestionsConfig
from tests.ingest.conftest import CONFIG_DIR

# header -> (field, how, rule): what an employer's question must map to.
# fmt: off
HEADERS: list[tuple[str | None, str | None, str, str | None]] = [
    # exact aliases of config/columns.toml win over every rule
    ("Candidate ID", "candidate_id", "alias", None),
    ("Years of Experience", "years_experience", "alias", None),
    ("What coding certifications do you hold?", "certifications", "alias", None),
    ("What is your gender?", "gender", "protected", None),
    ("Are you a protected veteran?", "veteran_status", "protected", None),
    ("Date of birth", "date_of_birth", "protected", None),
    # evidence by rule
    (
        "Do you currently hold an active AAPC or AHIMA credential? Please list it.",
        "certifications", "rule:credentials", "credentials",
    ),
    (
        "Do you have a CPC or are you willing to obtain one within 12 months?",
        "certifications", "rule:credentials", "credentials",
    ),
    ("Which coding certifications are current?", "certifications", "rule:credentials",
     "credentials"),
    ("Are you RHIT or RHIA credentialed?", "certifications", "rule:credentials", "credentials"),
    ("How many years have you held your CPC?", "certifications", "rule:credentials",
     "credentials"),
    (
        "Approximately how many years of professional medical coding experience do you have?",
        "years_experience", "rule:years_experience", "years_experience",
    ),
    ("How many years of experience do you have in inpatient coding?", "years_experience",
     "rule:years_experience", "years_experience"),
    ("How long have you been coding professionally?", "years_experience",
     "rule:years_experience", "years_experience"),
    ("Total years in medical billing", "years_experience", "rule:years_experience",
     "years_experience"),
    ("How many years of experience do you have with Epic?", "skills", "rule:ehr", "ehr"),
    ("Which EHR systems have you used?", "skills", "rule:ehr", "ehr"),
    ("Which encoder do you use (3M, TruCode, Optum)?", "skills", "rule:ehr", "ehr"),
    ("Have you completed HIPAA privacy training within the past 12 months?", "hipaa",
     "rule:hipaa", "hipaa"),
    ("Are you trained in handling protected health information (PHI)?", "hipaa", "rule:hipaa",
     "hipaa"),
    ("What was your coding accuracy score on your most recent external audit?", "accuracy",
     "rule:accuracy", "accuracy"),
    ("What is your average audit score?", "accuracy", "rule:accuracy", "accuracy"),
    ("On average, how many charts or encounters do you code per day?", "records_per_day",
     "rule:records_per_day", "records_per_day"),
    ("Daily productivity (charts)", "records_per_day", "rule:records_per_day",
     "records_per_day"),
    ("How many charts can you code per hour?", "records_per_day", "rule:records_per_hour",
     "records_per_hour"),
    (
        "Which of the following code sets are you proficient in? (Select all that apply)",
        "coding_systems", "rule:coding_systems", "coding_systems",
    ),
    ("Do you code in ICD-10-PCS?", "coding_systems", "rule:coding_systems", "coding_systems"),
    ("Which specialties have you coded for?", "specialties", "rule:specialties", "specialties"),
    ("Do you have cardiology or orthopedics coding background?", "specialties",
     "rule:specialties", "specialties"),
    ("What is your highest level of education completed?", "education", "rule:education",
     "education"),
    ("Please list any other relevant skills.", "skills", "rule:skills", "skills"),
    ("Please describe your coding experience.", "resume_text", "rule:experience_text",
     "experience_text"),
    # not evidence: carried, never scored
    ("Are you legally authorized to work in the United States?", None, "carried",
     "work_authorization"),
    ("Will you now or in the future require sponsorship for employment visa status?", None,
     "carried", "sponsorship"),
    ("What are your salary expectations?", None, "carried", "salary"),
    ("What is your desired hourly rate?", None, "carried", "salary"),
    ("What is your earliest available start date?", None, "carried", "start_date"),
    ("Are you comfortable working 100% remote?", None, "carried", "remote"),
    ("Do you have a dedicated HIPAA-compliant home office for remote work?", None, "carried",
     "remote"),
    ("How did you hear about us?", None, "carried", "referral_source"),
    ("Referral source", "source", "alias", None),
    ("Who referred you to this position?", None, "carried", "referral_source"),
    ("Are you willing to relocate?", None, "carried", "relocation"),
    ("Which shift do you prefer?", None, "carried", "shift_preference"),
    ("Are you 18 or older?", None, "carried", "eligibility_age"),
    ("Are you at least 18 years of age?", None, "carried", "eligibility_age"),
    ("I certify that the information in my application is true.", None, "carried",
     "acknowledgement"),
    ("Can you pass a background check and drug screen?", None, "carried", "background_check"),
    ("How many years of customer service experience do you have?", None, "carried", None),
    ("Favourite colour", None, "carried", None),
    (None, None, "carried", None),
    # protected by rule: set aside like the protected columns
    ("Which gender do you identify with? (voluntary)", "gender", "protected", "gender"),
    ("Please select your race (voluntary self-identification)", "race", "protected", "race"),
    ("Are you Hispanic/Latino?", "ethnicity", "protected", "ethnicity"),
    ("Have you served in the U.S. military?", "veteran_status", "protected", "veteran_status"),
    ("Do you have a disability or chronic condition?", "disability_status", "protected",
     "disability_status"),
    ("What is your age?", "age", "protected", "age"),
    ("What year did you graduate from high school?", "graduation_year", "protected",
     "graduation_year"),
    ("Are you a U.S. citizen?", "national_origin", "protected", "national_origin"),
    ("What are your pronouns?", "pronouns", "protected", "pronouns"),
]
# fmt: on


def _frame(rows, columns: list[str]) -> pl.DataFrame:
    return pl.DataFrame(
        [dict(zip(columns, row, strict=True)) for row in rows],
        schema={c: pl.String for c in columns},
        orient="row",
    )


def test_every_header_maps_as_expected(settings) -> None:
    headers = [header for header, *_ in HEADERS]
    result = map_headers(headers, settings.columns, settings.questions, settings.vocabulary)
    expected = _frame(HEADERS, ["header", "field", "how", "rule"])
    assert_frame_equal(result.select("header", "field", "how", "rule"), expected)
    assert len(HEADERS) >= 40


def test_rules_alone_ignore_aliases(settings) -> None:
    headers = ["What is your gender?", "Years of Experience", "Resume"]
    result = classify_questions(headers, settings.questions, settings.vocabulary)
    expected = pl.DataFrame(
        {
            "position": [0, 1, 2],
            "header": headers,
            "field": ["gender", "years_experience", None],
            "how": ["protected", "rule:years_experience", "carried"],
            "rule": ["gender", "years_experience", None],
            "scale": [None, None, None],
        },
        schema={
            "position": pl.Int64,
            "header": pl.String,
            "field": pl.String,
            "how": pl.String,
            "rule": pl.String,
            "scale": pl.Float64,
        },
    )
    assert_frame_equal(result, expected)


def test_a_user_alias_wins_over_a_rule(settings) -> None:
    header = "How many years of experience do you have with Epic?"
    aliases = dict(settings.columns.aliases)
    aliases["years_experience"] = [*aliases["years_experience"], header]
    columns = ColumnsConfig(aliases=aliases, protected=settings.columns.protected)
    result = map_headers([header], columns, settings.questions, settings.vocabulary)
    assert result.select("field", "how").row(0) == ("years_experience", "alias")


def test_protected_rule_fields_are_protected_columns(settings) -> None:
    fields = {r.field for r in settings.questions.rules if r.kind == "protected"}
    assert fields <= set(settings.columns.protected)


def test_combined_answers_join_texts_and_take_the_first_number(settings) -> None:
    headers = [
        "Certifications",
        "Do you currently hold an active AAPC or AHIMA credential? Please list it.",
        "Do you have a CPC or are you willing to obtain one within 12 months?",
        "Years of Experience",
        "Approximately how many years of professional medical coding experience do you have?",
        "How many charts can you code per hour?",
    ]
    mapping = map_headers(headers, settings.columns, settings.questions, settings.vocabulary)
    frame = pl.DataFrame(
        {
            "certifications": ["CPC", None, None],
            headers[1]: ["Yes - CRC", None, None],
            headers[2]: ["Yes", None, "No"],
            "years_experience": [None, "4", None],
            headers[4]: ["3-5 years", "10+ years", None],
            "records_per_day": [None, None, None],
            headers[5]: ["12", None, "abc"],
        },
        schema={
            c: pl.String
            for c in [
                "certifications",
                *headers[1:3],
                "years_experience",
                headers[4],
                "records_per_day",
                headers[5],
            ]
        },
    )
    combined = combine_answers(mapping, settings.vocabulary)
    result = frame.select(**combined)
    expected = pl.DataFrame(
        {
            "certifications": ["CPC; Yes - CRC; Yes", None, "No"],
            "years_experience": ["3-5 years", "4", None],
            "records_per_day": ["96", None, None],
        }
    )
    assert_frame_equal(result, expected)


def test_report_lists_each_header_and_pasteable_toml(settings) -> None:
    headers = [
        "Candidate ID",
        "Approximately how many years of professional medical coding experience do you have?",
        'Which "gender" do you identify with?',
        "How did you hear about us?",
    ]
    mapping = map_headers(headers, settings.columns, settings.questions, settings.vocabulary)
    lines = mapping_report(mapping, settings.columns)
    assert lines[1:5] == [
        '  "Candidate ID" -> candidate_id (alias)',
        f'  "{headers[1]}" -> years_experience (rule:years_experience)',
        '  "Which \\"gender\\" do you identify with?" -> gender (protected, rule:gender; '
        "set aside, never scored)",
        '  "How did you hear about us?" -> carried, not scored (rule:referral_source)',
    ]
    start = lines.index("[aliases]")
    pasted = tomllib.loads("\n".join(lines[start:]))
    assert pasted["aliases"]["years_experience"][-1] == headers[1]
    existing = settings.columns.aliases["years_experience"]
    assert pasted["aliases"]["years_experience"][:-1] == existing
    assert pasted["protected"]["gender"][-1] == headers[2]
    merged = {
        "aliases": {**settings.columns.aliases, **pasted["aliases"]},
        "protected": {**settings.columns.protected, **pasted["protected"]},
    }
    again = map_headers(headers, ColumnsConfig(**merged), settings.questions, settings.vocabulary)
    assert again["how"].to_list() == ["alias", "alias", "protected", "carried"]


def test_report_without_rule_mappings_has_nothing_to_paste(settings) -> None:
    mapping = map_headers(["Email"], settings.columns, settings.questions, settings.vocabulary)
    assert mapping_report(mapping, settings.columns)[-1].endswith("nothing to paste.")


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        ('kind = "evidence"\nfield = "skills"', None),
        ('kind = "evidence"\nfield = "shoe_size"', "evidence field must be one of"),
        ('kind = "carried"\nfield = "skills"', "a carried rule has no `field`"),
        ('kind = "protected"', "a protected rule needs"),
    ],
)
def test_rule_config_is_validated(tmp_path, edit, message) -> None:
    path = tmp_path / "questions.toml"
    text = (CONFIG_DIR / "questions.toml").read_text()
    rule = f'\n[[rules]]\nname = "extra"\n{edit}\nany = ["x"]\n'
    head, tail = text.split("[answers_file]")
    path.write_text(head + rule + "\n[answers_file]" + tail)
    if message is None:
        assert load_model(path, QuestionsConfig).rules[-1].name == "extra"
    else:
        with pytest.raises(ConfigError, match=rf"questions\.toml: rules\.\d+.*{message}"):
            load_model(path, QuestionsConfig)
