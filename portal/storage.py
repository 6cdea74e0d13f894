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
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.encoding import filepath_to_uri
from django.utils.functional import LazyObject, empty
from storages.backends.s3 import S3Storage
from storages.utils import clean_name


class NoURLStorageMixin:
    def url(self, name):
        raise ValueError(f"{name!r} is a private file: serve it through a permission-checked view")


class PrivateFileSystemStorage(NoURLStorageMixin, FileSystemStorage):
    """A folder no web server serves (``PRIVATE_MEDIA_ROOT``)."""


class PrivateInMemoryStorage(NoURLStorageMixin, InMemoryStorage):
    """The test suite's private storage."""


class _PrivateStorage(LazyObject):
    """``STORAGES["private"]``, looked up again whenever ``STORAGES`` changes (as
    ``default_storage`` is): a file field holds this one object for the life of the
    process, so a switch of backend (tests, an S3 bucket) must reach it."""

    def _setup(self):
        self._wrapped = storages["private"]


_private = _PrivateStorage()


@receiver(setting_changed)
def _private_storage_changed(*, setting, **kwargs):
    if setting == "STORAGES":
        _private._wrapped = empty


def private_storage():
    """The private storage (a callable, so that migrations name this function and
    settings may switch the backend, e.g. to django-storages' S3)."""
    return _private


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
