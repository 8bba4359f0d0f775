"""Benchmark harness: synthetic exports, per-stage timings and peak memory, a pandas baseline."""
