"""Private file storage: report photos live where no URL serves them (a folder outside
MEDIA_ROOT here, a private bucket on S3 later) and leave only through a view that checks
the reader's permission. ``url()`` refuses, so that no template or admin widget can link a
private file by mistake."""

from django.core.files.storage import FileSystemStorage, InMemoryStorage, storages


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
