"""Funder reporting: indicator sets declared as data, computed with pandas, exported to CSV/XLSX."""
