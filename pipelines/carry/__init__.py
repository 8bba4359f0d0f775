"""Recruiters' work carried across runs: earlier workbooks, matching, decisions log, changes."""
