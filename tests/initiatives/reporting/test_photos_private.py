"""Issue 10, finding 3: report photos in a private storage under random names, served only
by the permission-checked view, cleaned (no EXIF, type from the decoded image, a pixel
cap), with a thumbnail; photos stored before move there; no file outlives a failed save."""

import io
import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from initiatives.models import ReportPhoto, ReportStatus
from initiatives.reporting.services import workflow as svc
from initiatives.reporting.services.photos import photo_make_private
from portal.errors import WorkflowError

pytestmark = pytest.mark.django_db

GPS_IFD = 0x8825


def jpeg_with_gps(size=(1200, 900)) -> bytes:
    """A phone photo: EXIF with the camera, an orientation and a GPS position."""
    image = Image.new("RGB", size, (200, 60, 60))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to show upright
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (36.0, 48.0, 0.0), 3: "E", 4: (118.0, 3.0, 0.0)})
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif.tobytes())
    return buffer.getvalue()


def png_bytes(size=(40, 30), mode="RGB") -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def draft(report_initiative, make_report):
    return make_report(report_initiative)


def save_photo(report, by, content: bytes, name="IMG_0001.jpg", caption="现场"):
    svc.report_save(
        report=report,
        by=by,
        narrative="附照片",
        values={},
        new_photos=[(SimpleUploadedFile(name, content, "image/jpeg"), caption)],
    )
    return report.photos.get()


def test_a_photo_is_stored_privately_under_a_random_name(draft, official):
    photo = save_photo(draft, official, jpeg_with_gps(), name="和平街道现场.jpg")
    assert re.fullmatch(rf"reports/{draft.pk}/[\w-]{{32}}\.jpg", photo.image.name)
    assert re.fullmatch(rf"reports/{draft.pk}/[\w-]{{32}}\.jpg", photo.thumbnail.name)
    assert "和平" not in photo.image.name
    assert storages["private"].exists(photo.image.name)
    assert not storages["default"].exists(photo.image.name)
    with pytest.raises(ValueError):
        photo.image.url  # noqa: B018 - no URL serves the private storage


def test_exif_and_gps_are_stripped_and_the_photo_turned_upright(draft, official):
    photo = save_photo(draft, official, jpeg_with_gps((1200, 900)))
    data = storages["private"].open(photo.image.name).read()
    assert b"Exif" not in data and b"PhoneMaker" not in data
    with Image.open(io.BytesIO(data)) as kept:
        assert kept.format == "JPEG"
        assert not kept.getexif()
        assert kept.size == (900, 1200)  # the orientation applied, then dropped


def test_a_thumbnail_is_kept_for_lists(draft, official):
    photo = save_photo(draft, official, jpeg_with_gps((1200, 900)))
    with Image.open(storages["private"].open(photo.thumbnail.name)) as thumb:
        assert thumb.format == "JPEG" and max(thumb.size) <= 480
        assert not thumb.getexif()


def test_content_type_comes_from_the_decoded_image(client, draft, official):
    photo = save_photo(draft, official, png_bytes(), name="looks-like.jpg")
    assert photo.content_type == "image/png" and photo.image.name.endswith(".png")
    client.force_login(official)
    response = client.get(reverse("initiatives:report_photo", args=[draft.pk, photo.pk]))
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    thumb = client.get(reverse("initiatives:report_photo_thumbnail", args=[draft.pk, photo.pk]))
    assert thumb.status_code == 200 and thumb["Content-Type"] == "image/jpeg"


@pytest.mark.parametrize(
    ("size", "message"),
    [
        ((12000, 12000), "有 144 百万像素（12000×12000），超过 40 百万像素的上限"),
        ((8000, 5001), "有 40 百万像素（8000×5001），超过 40 百万像素的上限"),
    ],
)
def test_too_many_pixels_are_refused_with_a_clear_message(draft, official, size, message):
    big = png_bytes(size, mode="1")  # a few KB on disk, many megapixels decoded
    with pytest.raises(WorkflowError) as exc:
        save_photo(draft, official, big, name="huge.png")
    assert message in str(exc.value)
    assert not ReportPhoto.objects.exists()


def test_the_form_refuses_too_many_pixels_on_its_field(client, draft, official):
    from tests.initiatives.reporting.test_views import form_data

    client.force_login(official)
    data = form_data(draft)
    data.update({"photos-TOTAL_FORMS": "1", "photos-INITIAL_FORMS": "0"})
    data["photos-0-image"] = SimpleUploadedFile("huge.png", png_bytes((12000, 12000), "1"))
    response = client.post(reverse("initiatives:report_edit", args=[draft.pk]), data, follow=True)
    assert "超过 40 百万像素的上限" in response.content.decode()
    assert not ReportPhoto.objects.exists()


def test_nginx_sends_the_file_after_the_check_when_configured(client, settings, draft, official):
    settings.PRIVATE_MEDIA_X_ACCEL = "/private-media/"
    photo = save_photo(draft, official, png_bytes())
    url = reverse("initiatives:report_photo", args=[draft.pk, photo.pk])
    client.force_login(official)
    response = client.get(url)
    assert response["X-Accel-Redirect"] == f"/private-media/{photo.image.name}"
    assert response["Content-Type"] == "image/png" and response.content == b""
    client.logout()
    assert "X-Accel-Redirect" not in client.get(url)


def test_admin_links_the_photo_through_the_checked_view(client, draft, official, reviewer):
    photo = save_photo(draft, official, png_bytes())
    svc.report_submit(report=draft, by=official)
    client.force_login(reviewer)
    response = client.get(reverse("admin:initiatives_progressreport_change", args=[draft.pk]))
    html = response.content.decode()
    assert reverse("initiatives:report_photo", args=[draft.pk, photo.pk]) in html
    assert reverse("initiatives:report_photo_thumbnail", args=[draft.pk, photo.pk]) in html
    assert photo.image.name not in html and "/media/" not in html


def test_a_failed_submission_leaves_no_file_behind(draft, official):
    """An incomplete report is refused on submit after its photo was written: the row
    rolls back, and so does the file."""
    private = storages["private"]
    folder = f"reports/{draft.pk}"
    before = set(private.listdir(folder)[1]) if private.exists(folder) else set()
    with pytest.raises(WorkflowError):
        svc.report_save_and_submit(
            report=draft,
            by=official,
            narrative="",
            values={},
            new_photos=[(SimpleUploadedFile("a.png", png_bytes(), "image/png"), "")],
        )
    after = set(private.listdir(folder)[1]) if private.exists(folder) else set()
    assert after == before
    assert not ReportPhoto.objects.exists()


def test_deleting_a_photo_deletes_both_files(draft, official, django_capture_on_commit_callbacks):
    photo = save_photo(draft, official, png_bytes())
    names = [photo.image.name, photo.thumbnail.name]
    with django_capture_on_commit_callbacks(execute=True):
        svc.report_save(
            report=draft, by=official, narrative="x", values={}, delete_photos=[photo.pk]
        )
    assert not any(storages["private"].exists(name) for name in names)


def test_a_photo_stored_publicly_before_moves_into_the_private_storage(
    report_initiative, make_report, django_capture_on_commit_callbacks, client, official
):
    """What the data migration 0005_harden_private_photos does to every older photo."""
    report = make_report(report_initiative, status=ReportStatus.SUBMITTED)
    old_name = f"reports/{report.pk}/site.jpg"
    storages["default"].save(old_name, ContentFile(jpeg_with_gps((640, 480))))
    photo = ReportPhoto.objects.create(report=report, image=old_name, caption="旧照片")
    with django_capture_on_commit_callbacks(execute=True):
        assert photo_make_private(photo) is True
    photo.refresh_from_db()
    assert not storages["default"].exists(old_name)
    assert photo.image.name != old_name and "site" not in photo.image.name
    assert photo.content_type == "image/jpeg" and photo.thumbnail.name
    data = storages["private"].open(photo.image.name).read()
    assert b"Exif" not in data
    client.force_login(official)
    response = client.get(reverse("initiatives:report_photo", args=[report.pk, photo.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    # A second run finds nothing left to move.
    assert photo_make_private(photo) is False
