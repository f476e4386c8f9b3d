"""Export of catalog entities to CSV (UTF-8 with BOM, for Excel) and XLSX; exports import back unchanged."""
