"""Issue 10: one command pair backs up and restores the database and every uploaded file
(public and private); restored into an empty database, row counts and checksums match."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.management import call_command

from portal.backup import row_counts, stored_files

pytestmark = pytest.mark.django_db(transaction=True)


def _empty_everything():
    call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
    for alias in ("default", "private"):
        storage = storages[alias]
        for key in list(stored_files()):
            if key.startswith(f"{alias}/"):
                storage.delete(key.split("/", 1)[1])


def test_backup_and_restore_round_trip(tmp_path, report_initiative, make_report, official):
    from initiatives.models import ReportPhoto
    from portal.notifications.services import notification_create

    report = make_report(report_initiative, status="submitted")
    ReportPhoto.objects.create(
        report=report, image=ContentFile(b"GIF89a-private", name="p.gif"), content_type="image/gif"
    )
    storages["default"].save("articles/1/公开照片.png", ContentFile(b"\x89PNG-public"))
    notification_create(recipient=official, key="k", title="和平街道的通知", body="内容")
    rows, files = row_counts(), stored_files()
    assert rows["initiatives.ProgressReport"] == 1 and rows["portal.Notification"] == 1
    assert any(key.startswith("private/reports/") for key in files)

    archive = tmp_path / "portal.tar.gz"
    call_command("backup_portal", str(archive), stdout=io.StringIO())
    _empty_everything()
    assert sum(row_counts().values()) == 0 and stored_files() == {}

    out = io.StringIO()
    call_command("restore_portal", str(archive), stdout=out)
    assert "counts and checksums match" in out.getvalue()
    assert row_counts() == rows
    assert stored_files() == files
    from initiatives.models import ProgressReport

    restored = ProgressReport.objects.get()
    assert restored.initiative.title == "花开和平" and restored.photos.count() == 1


def test_a_file_that_is_no_backup_is_refused(tmp_path):
    import tarfile

    from django.core.management.base import CommandError

    bogus = tmp_path / "x.tar.gz"
    with tarfile.open(bogus, "w:gz"):
        pass
    with pytest.raises(CommandError, match="not a portal backup"):
        call_command("restore_portal", str(bogus))
