"""The S3 storages of ``portal.settings.storage`` against moto's server (the stand-in for
MinIO): uploads and private files go to their buckets, pages link media under the portal's
own address, private files only through the permission-checked view or a signed URL."""

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import environ
import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from initiatives.reporting.services import workflow as svc
from portal.settings.storage import storages_from_env
from tests.initiatives.reporting.test_views import png_bytes

MOTO = Path(sys.executable).with_name("moto_server")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def s3_endpoint():
    if not MOTO.exists():
        pytest.skip("moto_server is not installed (pip install 'moto[server]')")
    port = _free_port()
    server = subprocess.Popen(
        [str(MOTO), "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                urllib.request.urlopen(endpoint + "/moto-api/", timeout=1)
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    pytest.fail("moto_server did not start")
                time.sleep(0.2)
        yield endpoint
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture
def s3_storages(s3_endpoint, monkeypatch, tmp_path):
    """STORAGES as production builds them from the environment, with both buckets made."""
    import boto3

    for name, value in {
        "S3_ENDPOINT_URL": s3_endpoint,
        "S3_ACCESS_KEY_ID": "portal-test",
        "S3_SECRET_ACCESS_KEY": "portal-test-secret",
        "S3_MEDIA_BUCKET": "portal-media",
        "S3_PRIVATE_BUCKET": "portal-private",
        "S3_SIGNED_URL_SECONDS": "120",
    }.items():
        monkeypatch.setenv(name, value)
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        aws_access_key_id="portal-test",
        aws_secret_access_key="portal-test-secret",
        region_name="us-east-1",
    )
    for bucket in ("portal-media", "portal-private"):
        client.create_bucket(Bucket=bucket)
    config = storages_from_env(
        environ.Env(), media_root=tmp_path, private_root=tmp_path, media_url="/media/"
    )
    config["staticfiles"] = settings.STORAGES["staticfiles"]  # the suite's, no manifest
    with override_settings(STORAGES=config):
        yield client
    for bucket in ("portal-media", "portal-private"):
        for item in client.list_objects_v2(Bucket=bucket).get("Contents", []):
            client.delete_object(Bucket=bucket, Key=item["Key"])
        client.delete_bucket(Bucket=bucket)


def test_without_a_bucket_files_stay_on_the_local_disk(monkeypatch, tmp_path):
    monkeypatch.delenv("S3_MEDIA_BUCKET", raising=False)
    config = storages_from_env(
        environ.Env(), media_root=tmp_path / "m", private_root=tmp_path / "p", media_url="/media/"
    )
    assert config["default"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert config["private"]["OPTIONS"] == {"location": str(tmp_path / "p"), "base_url": None}


def test_uploads_go_to_the_media_bucket_and_are_linked_under_the_portal(s3_storages):
    name = default_storage.save("articles/和平街道/现场.png", ContentFile(png_bytes()))
    assert name == "articles/和平街道/现场.png"
    stored = s3_storages.get_object(Bucket="portal-media", Key=name)["Body"].read()
    assert stored == png_bytes()
    # Linked under the portal's own address (nginx proxies /media/ to the bucket).
    assert default_storage.url(name) == (
        "/media/articles/%E5%92%8C%E5%B9%B3%E8%A1%97%E9%81%93/%E7%8E%B0%E5%9C%BA.png"
    )
    # The same name again never overwrites the first file.
    second = default_storage.save(name, ContentFile(b"other"))
    assert second != name and default_storage.open(name).read() == png_bytes()
    default_storage.delete(name)
    assert not default_storage.exists(name)


def test_private_files_get_only_short_lived_signed_urls(s3_storages):
    private = storages["private"]
    name = private.save("reports/证据.png", ContentFile(png_bytes()))
    assert s3_storages.list_objects_v2(Bucket="portal-media").get("KeyCount") == 0
    url = private.url(name)
    query = parse_qs(urlsplit(url).query)
    assert query["X-Amz-Expires"] == ["120"] and "X-Amz-Signature" in query
    with urllib.request.urlopen(url, timeout=5) as response:
        assert response.read() == png_bytes()


@pytest.mark.django_db
def test_a_report_photo_in_the_bucket_is_served_by_the_permission_checked_view(
    s3_storages, client, official, other_official, report_initiative, make_report
):
    report = make_report(report_initiative)
    svc.report_save(
        report=report,
        by=official,
        narrative="x",
        values={},
        new_photos=[(SimpleUploadedFile("现场.png", png_bytes(), "image/png"), "现场")],
    )
    photo = report.photos.get()
    keys = [
        item["Key"]
        for bucket in ("portal-media", "portal-private")
        for item in s3_storages.list_objects_v2(Bucket=bucket).get("Contents", [])
    ]
    # The photo and its thumbnail, both in the private bucket; nothing in the media bucket.
    assert sorted(keys) == sorted([photo.image.name, photo.thumbnail.name])
    assert s3_storages.list_objects_v2(Bucket="portal-media").get("Contents", []) == []
    url = reverse("initiatives:report_photo", args=[report.pk, photo.pk])
    client.force_login(official)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content) == png_bytes()
    client.force_login(other_official)
    assert client.get(url).status_code == 404
