"""Fairness: adverse-impact audit of protected attributes, its sheet, run records, pooling."""

from pipelines.fairness.audit import audit_counts, audit_table, pool_counts, rates_and_ratios
from pipelines.fairness.outputs import (
    fairness_sheet_writer,
    has_protected,
    result_audit,
    write_result_audit,
)
from pipelines.fairness.pooled import write_pooled_workbook
from pipelines.fairness.record import (
    audit_table_path,
    run_record,
    run_record_path,
    write_audit_counts,
    write_run_record,
)
from pipelines.fairness.sheet import write_fairness_sheet

__all__ = [
    "audit_counts",
    "audit_table",
    "audit_table_path",
    "fairness_sheet_writer",
    "has_protected",
    "pool_counts",
    "rates_and_ratios",
    "result_audit",
    "run_record",
    "run_record_path",
    "write_audit_counts",
    "write_fairness_sheet",
    "write_pooled_workbook",
    "write_result_audit",
    "write_run_record",
]
