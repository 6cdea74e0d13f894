"""Object storage (S3: MinIO, Ceph, a government cloud's object store) for uploads.

Two buckets, named in ``STORAGES`` from the environment (``portal.settings.storage``):
``default`` holds what pages link to (article photos), served by the reverse proxy under
``MEDIA_URL`` from the bucket; ``private`` is a bucket no URL serves: its files reach a
reader only through a permission-checked view of the portal, or as a signed URL that
expires within minutes."""

from django.utils.encoding import filepath_to_uri
from storages.backends.s3 import S3Storage
from storages.utils import clean_name


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
