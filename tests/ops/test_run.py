"""Run identity: dated in the configured time zone; run dates are folder names, never paths."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from pipelines.ops.run import checked_date, new_run


def test_the_run_date_is_the_local_date_in_the_configured_zone():
    two_am_new_york = datetime(2026, 3, 10, 6, 0, tzinfo=UTC)
    late_evening_new_york = datetime(2026, 3, 10, 2, 30, tzinfo=UTC)

    assert new_run("r", two_am_new_york, "America/New_York", "%Y-%m-%d").run_date == "2026-03-10"
    assert new_run("r", late_evening_new_york, "America/New_York", "%Y-%m-%d").run_date == (
        "2026-03-09"
    )
    assert (
        new_run("r", two_am_new_york, "UTC", "%Y-%m-%d").started_at == "2026-03-10T06:00:00+00:00"
    )


@pytest.mark.parametrize("value", ["../etc", "2026-3-1", "2026-02-30", "", "2026-01-01/x"])
def test_a_run_date_that_is_not_a_plain_date_is_refused(value):
    with pytest.raises(ValueError, match="run date"):
        checked_date(value, "%Y-%m-%d")


def test_a_plain_date_is_kept():
    assert checked_date("2026-01-31", "%Y-%m-%d") == "2026-01-31"
