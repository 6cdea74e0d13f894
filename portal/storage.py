"""File storages.

Private files (report photos) live where no URL serves them (a folder outside MEDIA_ROOT on
the local disk, a private bucket on S3) and leave only through a view that checks the
reader's permission. On the local disk ``url()`` refuses, so that no template or admin
widget can link a private file by mistake; on S3 the view may hand out a signed URL that
expires within minutes.

Object storage (S3: MinIO, Ceph, a government cloud's object store) for uploads: two
buckets, named in ``STORAGES`` from the environment (``portal.settings.storage``):
``default`` holds what pages link to (article photos), served by the reverse proxy under
``MEDIA_URL`` from the bucket; ``private`` is a bucket no URL serves."""

from django.core.files.storage import FileSystemStorage, InMemoryStorage, storages
from django.utils.encoding import filepath_to_uri
from storages.backends.s3 import S3Storage
from storages.utils import clean_name


class NoURLStorageMixin:
    def url(self, name):
        raise ValueError(f"{name!r} is a private file: serve it through a permission-checked view")


class PrivateFileSystemStorage(NoURLStorageMixin, FileSystemStorage):
    """A folder no web server serves (``PRIVATE_MEDIA_ROOT``)."""


class PrivateInMemoryStorage(NoURLStorageMixin, InMemoryStorage):
    """The test suite's private storage."""


def private_storage():
    """``STORAGES["private"]``, resolved when used (a callable, so that migrations name
    this function and settings may switch the backend, e.g. to django-storages' S3)."""
    return storages["private"]


class MediaS3Storage(S3Storage):
    """The media bucket, linked under the portal's own address: ``url()`` answers
    ``url_path`` + the key (``/media/...``, which nginx proxies to the bucket) instead of
    the object store's address, which readers on an intranet may not reach."""

    def __init__(self, *, url_path: str = "/media/", **kwargs):
        self.url_path = url_path
        super().__init__(**kwargs)

    def url(self, name, parameters=None, expire=None, http_method=None):
        if not self.url_path:
            return super().url(name, parameters=parameters, expire=expire, http_method=http_method)
        return self.url_path + filepath_to_uri(self._normalize_name(clean_name(name)))
