"""Reference data: loading what ships in caseflow/data, choice lists, organisations."""
