"""Admin views of the disclosure column: the report status board and its exports."""
