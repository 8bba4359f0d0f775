"""The run entry points: screen one export, publish its outputs, record its outcome."""
