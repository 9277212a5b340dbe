"""Tests of async-patterns, grouped by the package concern they exercise."""
