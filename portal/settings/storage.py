"""``STORAGES`` from the environment: the local disk by default, S3 buckets when named.

- ``S3_MEDIA_BUCKET`` (with ``S3_ENDPOINT_URL``, ``S3_ACCESS_KEY_ID``,
  ``S3_SECRET_ACCESS_KEY``, optional ``S3_REGION``): uploads pages link to go to that
  bucket, linked as ``MEDIA_URL`` + key (the reverse proxy serves ``MEDIA_URL`` from it).
- ``S3_PRIVATE_BUCKET``: private files, in a bucket no URL serves; the portal streams
  them after a permission check, or hands out a signed URL valid ``S3_SIGNED_URL_SECONDS``
  (300 by default). Defaults to the media bucket's credentials and endpoint.

Without ``S3_MEDIA_BUCKET`` (the embedded default) files stay on the local disk:
``MEDIA_ROOT`` and ``PRIVATE_MEDIA_ROOT``."""

from pathlib import Path

import environ


def storages_from_env(
    env: environ.Env, *, media_root: Path, private_root: Path, media_url: str
) -> dict:
    staticfiles = {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}
    bucket = env("S3_MEDIA_BUCKET", default="")
    if not bucket:
        return {
            "default": {
                "BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": str(media_root), "base_url": media_url},
            },
            "private": {
                "BACKEND": "portal.storage.PrivateFileSystemStorage",
                "OPTIONS": {"location": str(private_root), "base_url": None},
            },
            "staticfiles": staticfiles,
        }
    connection = {
        "endpoint_url": env("S3_ENDPOINT_URL", default="") or None,
        "access_key": env("S3_ACCESS_KEY_ID", default="") or None,
        "secret_key": env("S3_SECRET_ACCESS_KEY", default="") or None,
        "region_name": env("S3_REGION", default="us-east-1"),
        # MinIO and moto want path-style addresses (http://host:9000/bucket/key).
        "addressing_style": env("S3_ADDRESSING_STYLE", default="path"),
        "signature_version": "s3v4",
        # Same name twice never overwrites: the second file gets a suffix.
        "file_overwrite": False,
    }
    return {
        "default": {
            "BACKEND": "portal.storage.MediaS3Storage",
            "OPTIONS": {
                **connection,
                "bucket_name": bucket,
                "url_path": media_url,
                "querystring_auth": False,
                "default_acl": None,
            },
        },
        "private": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                **connection,
                "bucket_name": env("S3_PRIVATE_BUCKET", default=f"{bucket}-private"),
                "querystring_auth": True,
                "querystring_expire": env.int("S3_SIGNED_URL_SECONDS", default=300),
                "default_acl": "private",
            },
        },
        "staticfiles": staticfiles,
    }
