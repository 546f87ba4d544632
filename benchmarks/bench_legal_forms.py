"""``python -m benchmarks legal_forms``: ``python -m benchmarks rule_evidence --family legal-form``."""

from __future__ import annotations

from benchmarks import bench_rule_evidence


def main(argv: list[str] | None = None) -> int:
    return bench_rule_evidence.main(["--family", "legal-form", *(argv or [])])
