"""``govdisclosure_load_topics``: the standard 主题分类 vocabulary as subject categories.

Adds each category of :mod:`wagtail_govdisclosure.topics` that the portal does not have
(same theme and subject). Existing categories, edited or not, are left as they are, so
running it again changes nothing.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.translation import gettext as _

from wagtail_govdisclosure.models import NoticeCategory
from wagtail_govdisclosure.topics import standard_topics


class Command(BaseCommand):
    help = "Add the standard 主题分类 subject categories that are missing. Idempotent."

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        existing = set(NoticeCategory.objects.values_list("theme", "name"))
        taken_slugs = set(NoticeCategory.objects.values_list("slug", flat=True))
        created = []
        for topic in standard_topics():
            if (topic.theme, topic.name) in existing:
                continue
            slug = topic.slug
            suffix = 2
            while slug in taken_slugs:  # a portal's own category already uses the address
                slug = f"{topic.slug}-{suffix}"
                suffix += 1
            created.append(
                NoticeCategory(
                    theme=topic.theme, name=topic.name, slug=slug, sort_order=topic.sort_order
                )
            )
            taken_slugs.add(slug)
        NoticeCategory.objects.bulk_create(created)
        self.stdout.write(
            _("Subject categories: %(created)d added, %(kept)d already there.")
            % {"created": len(created), "kept": len(standard_topics()) - len(created)}
        )
