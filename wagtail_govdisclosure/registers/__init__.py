"""Registers of disclosure applications and review/litigation cases (optional sub-app).

Add ``"wagtail_govdisclosure.registers"`` to ``INSTALLED_APPS`` (after
``"wagtail_govdisclosure"``) for an office that logs each application (依申请公开登记)
and each 行政复议/行政诉讼 case as it happens: the registers compute tables 三 and 四 of
the annual report, import and export the registers as spreadsheets, and export a
report's tables. The registers hold personal data; a portal that does not keep them
leaves the app out and has no such table. See ``docs/registers.md``.
"""
