"""政府信息公开 (government information disclosure) column for Wagtail sites."""

__version__ = "0.1.0"
