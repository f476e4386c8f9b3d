"""Bulk import of catalog entities from CSV, XLSX and JSON files, with a per-row report."""
