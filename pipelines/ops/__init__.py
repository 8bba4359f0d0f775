"""Prefect-free operations for the nightly inbox run: sweep, plan, lock, manifest, history."""
