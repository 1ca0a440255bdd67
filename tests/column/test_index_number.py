"""索引号: assigned once per item, unique per agency, never reused, never changed."""

from __future__ import annotations

import datetime
import os
import threading
import time

import pytest
from django.db import IntegrityError, connections, transaction

from wagtail_govdisclosure.models import NoticePage
from wagtail_govdisclosure.models.notices import IndexNumberCounter, next_serial

from .conftest import JIAOTIJU_USCC, KEJIJU_USCC, publish


def test_number_is_code_year_serial(make_notice) -> None:
    first = make_notice(written_date=datetime.date(2023, 5, 4))
    second = make_notice(written_date=datetime.date(2023, 6, 1))
    assert first.index_number == f"{KEJIJU_USCC}/2023-00001"
    assert second.index_number == f"{KEJIJU_USCC}/2023-00002"


def test_serials_restart_each_year_and_per_agency(make_notice, other_column, categories) -> None:
    from wagtail_govdisclosure.models import NoticeIndexPage

    make_notice(written_date=datetime.date(2023, 5, 4))
    next_year = make_notice(written_date=datetime.date(2024, 1, 2))
    other_index = other_column.add_child(instance=NoticeIndexPage(title="通知公告", slug="tzgg"))
    other = make_notice(index=other_index, written_date=datetime.date(2023, 5, 4))
    assert next_year.index_number == f"{KEJIJU_USCC}/2024-00001"
    assert other.index_number == f"{JIAOTIJU_USCC}/2023-00001"


def test_year_falls_back_to_release_date(make_notice) -> None:
    notice = make_notice(release_date=datetime.date(2022, 3, 1))
    assert notice.index_number.endswith("/2022-00001")


def test_format_is_configurable(settings, make_notice) -> None:
    settings.WAGTAIL_GOVDISCLOSURE_INDEX_NUMBER_FORMAT = "{uscc}-{year}-{serial:06d}"
    notice = make_notice(written_date=datetime.date(2023, 5, 4))
    assert notice.index_number == f"{KEJIJU_USCC}-2023-000001"


def test_a_deleted_items_number_is_not_reused(make_notice) -> None:
    first = make_notice(written_date=datetime.date(2023, 5, 4), live=False)
    assert first.index_number.endswith("-00001")
    first.delete()
    second = make_notice(written_date=datetime.date(2023, 5, 4))
    assert second.index_number.endswith("-00002")


def test_number_survives_revisions_publishing_and_reverting(make_notice) -> None:
    notice = make_notice(written_date=datetime.date(2023, 5, 4))
    number = notice.index_number
    first_revision = notice.get_latest_revision()

    # An edit that tries to change the number (e.g. a crafted form or revision) changes nothing.
    draft = notice.get_latest_revision_as_object()
    draft.index_number = "X/1999-99999"
    draft.written_date = datetime.date(2020, 1, 1)
    draft.save_revision().publish()
    notice.refresh_from_db()
    assert notice.index_number == number

    # Revisions stored without the number (or with another) cannot take it away.
    first_revision.content["index_number"] = ""
    first_revision.save(update_fields=["content"])
    first_revision.publish()
    notice.refresh_from_db()
    assert notice.index_number == number
    assert IndexNumberCounter.objects.get(agency_code=KEJIJU_USCC, year=2023).last_serial == 1


def test_a_copy_gets_its_own_number(make_notice, notice_index) -> None:
    notice = make_notice(written_date=datetime.date(2023, 5, 4))
    copy = notice.copy(update_attrs={"slug": "copy", "title": "副本"}, keep_live=False)
    copy = NoticePage.objects.get(pk=copy.pk)
    assert copy.index_number and copy.index_number != notice.index_number
    assert copy.index_number.endswith("/2023-00002")


def test_an_alias_mirrors_the_number_without_taking_a_serial(make_notice, other_column) -> None:
    from wagtail_govdisclosure.models import NoticeIndexPage

    notice = make_notice(written_date=datetime.date(2023, 5, 4))
    elsewhere = publish(other_column.add_child(instance=NoticeIndexPage(title="转载", slug="zz")))
    alias = NoticePage.objects.get(pk=notice.create_alias(parent=elsewhere, update_slug="alias").pk)
    assert alias.index_number == notice.index_number
    assert alias.index_serial is None
    # Republishing the original updates the alias; the number still holds once.
    publish(notice)
    assert NoticePage.objects.filter(index_serial__isnull=False).count() == 1


def test_the_database_refuses_a_duplicate_serial(make_notice) -> None:
    notice = make_notice(written_date=datetime.date(2023, 5, 4))
    other = make_notice(written_date=datetime.date(2023, 5, 5))
    with pytest.raises(IntegrityError), transaction.atomic():
        NoticePage.objects.filter(pk=other.pk).update(
            index_serial=notice.index_serial, index_number=notice.index_number
        )


# Skipped before the database is set up: a transactional test that starts and then skips
# still flushes the database, and the content types made again afterwards get new ids that
# the serialized-rollback tests running later on the same worker cannot restore over.
@pytest.mark.postgres
@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="needs PostgreSQL row locks (DATABASE_URL=postgres://...)",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("counter_exists", [False, True])
def test_concurrent_transactions_get_different_serials(counter_exists: bool) -> None:
    """Two transactions on separate connections take serials at the same moment."""
    if counter_exists:
        IndexNumberCounter.objects.create(agency_code=KEJIJU_USCC, year=2023, last_serial=7)
    start = threading.Barrier(2)
    results: list[int] = []
    errors: list[BaseException] = []

    def take() -> None:
        try:
            start.wait()
            with transaction.atomic():
                results.append(next_serial(KEJIJU_USCC, 2023))
                # Hold the lock a moment: the other transaction must wait, not read the old value.
                time.sleep(0.3)
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=take) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors
    base = 7 if counter_exists else 0
    assert sorted(results) == [base + 1, base + 2]
    assert (
        IndexNumberCounter.objects.get(agency_code=KEJIJU_USCC, year=2023).last_serial == base + 2
    )
