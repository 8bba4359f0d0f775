"""Synthetic medical-coder candidates for tests, samples and benchmarks (never real people)."""

from pipelines.synthetic.generator import COLUMNS, DEFAULT_SEED, NULLABLE, generate_candidates
from pipelines.synthetic.profile import Profile, load_profile

__all__ = ["COLUMNS", "DEFAULT_SEED", "NULLABLE", "Profile", "generate_candidates", "load_profile"]
