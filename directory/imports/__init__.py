"""Import of organisations and people from CSV and XLSX, and export."""
