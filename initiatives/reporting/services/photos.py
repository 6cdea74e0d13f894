"""Evidence photos of a report: what the form and the workflow accept, and what is kept.

A photo is decoded by Pillow (its type is the decoded format, never the file name),
refused above ``PHOTO_MAX_PIXELS``, re-encoded without its metadata (phones write GPS
positions into EXIF) and kept with a thumbnail for lists, both in the private storage
under random names (``models.report_photo_path``)."""

import io
import logging
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.core.files.storage import storages
from django.db import transaction
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

logger = logging.getLogger(__name__)

PHOTO_MAX_BYTES = 10 * 1024 * 1024
PHOTO_MAX_COUNT = 12
# 40 megapixels: more than any phone's photo (a 48 MP sensor bins to 12 MP by default);
# decoding one costs about 120 MB of memory, a 144 MP image over 400 MB.
PHOTO_MAX_PIXELS = 40_000_000
PHOTO_FORMATS = {"JPEG", "PNG", "GIF", "WEBP"}
THUMBNAIL_BOX = (480, 480)
_EXTENSIONS = {"JPEG": ".jpg", "PNG": ".png", "GIF": ".gif", "WEBP": ".webp"}


def validate_photo(upload) -> None:
    """Images only, at most 10 MB and 40 megapixels, and really an image: Pillow must read
    it (a PDF renamed .jpg is refused). Raises ValidationError with a message for the user."""
    name = getattr(upload, "name", "") or _("照片")
    size = getattr(upload, "size", None) or 0
    if size > PHOTO_MAX_BYTES:
        raise ValidationError(
            _("照片“%(name)s”有 %(size).1f MB，超过 10 MB 的上限，请压缩后再上传。")
            % {"name": name, "size": size / 1024 / 1024},
            code="photo_too_large",
        )
    not_an_image = ValidationError(
        _("“%(name)s”不是可识别的图片（仅支持 JPG、PNG、GIF、WEBP），请重新选择。")
        % {"name": name},
        code="photo_not_image",
    )
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            kind = image.format
            width, height = image.size
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise not_an_image
    finally:
        upload.seek(0)
    if kind not in PHOTO_FORMATS:
        raise not_an_image
    if width * height > PHOTO_MAX_PIXELS:
        raise ValidationError(
            _(
                "照片“%(name)s”有 %(mp).0f 百万像素（%(w)d×%(h)d），超过 %(max)d 百万像素的上限，"
                "请缩小后再上传。"
            )
            % {
                "name": name,
                "mp": width * height / 1_000_000,
                "w": width,
                "h": height,
                "max": PHOTO_MAX_PIXELS // 1_000_000,
            },
            code="photo_too_many_pixels",
        )


@dataclass(frozen=True)
class CleanPhoto:
    """A photo as it is kept: re-encoded without metadata, its thumbnail, its type."""

    image: ContentFile
    thumbnail: ContentFile
    content_type: str


def photo_clean(upload) -> CleanPhoto:
    """Validate ``upload`` and re-encode it: no EXIF, XMP or text chunks (only the colour
    profile stays), turned upright as EXIF said; the thumbnail a JPEG within 480 px."""
    validate_photo(upload)
    upload.seek(0)
    with Image.open(upload) as image:
        kind = image.format
        icc = image.info.get("icc_profile")
        out = io.BytesIO()
        if getattr(image, "is_animated", False):
            # Every frame stays; Pillow writes no metadata it is not handed.
            image.save(out, format=kind, save_all=True, duration=image.info.get("duration"))
            first = image.copy()
        else:
            upright = ImageOps.exif_transpose(image)
            params = {"icc_profile": icc} if icc else {}
            if kind == "JPEG":
                params.update(quality=90, optimize=True)
            elif kind == "WEBP":
                params.update(quality=90)
            upright.save(out, format=kind, **params)
            first = upright
        thumbnail = _thumbnail(first)
    extension = _EXTENSIONS[kind]
    return CleanPhoto(
        image=ContentFile(out.getvalue(), name=f"photo{extension}"),
        thumbnail=ContentFile(thumbnail, name="thumbnail.jpg"),
        content_type=Image.MIME[kind],
    )


def _thumbnail(image: Image.Image) -> bytes:
    image = image.copy()
    image.thumbnail(THUMBNAIL_BOX)
    if image.mode in ("RGBA", "LA", "P"):
        image = image.convert("RGBA")
        flat = Image.new("RGB", image.size, "white")
        flat.paste(image, mask=image.getchannel("A"))
        image = flat
    elif image.mode != "RGB":
        image = image.convert("RGB")
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=80, optimize=True)
    return out.getvalue()


def photo_store(photo, cleaned: CleanPhoto) -> None:
    """Write ``cleaned``'s files into ``photo`` (not saved). Inside
    ``photo_files_removed_on_failure`` the files go again if the block fails."""
    photo.image.save(cleaned.image.name, cleaned.image, save=False)
    photo.thumbnail.save(cleaned.thumbnail.name, cleaned.thumbnail, save=False)
    photo.content_type = cleaned.content_type
    written = _WRITTEN.get()
    if written is not None:
        written.extend(
            (photo.image.storage, name) for name in (photo.image.name, photo.thumbnail.name)
        )


_WRITTEN: ContextVar[list | None] = ContextVar("photo_files_written", default=None)


@contextmanager
def photo_files_removed_on_failure():
    """Files that ``photo_store`` writes inside the block are deleted if the block raises:
    the transaction that would have kept their rows rolls back (a submission refused as
    incomplete, a stale form), and no file may stay behind without its row."""
    written: list = []
    token = _WRITTEN.set(written)
    try:
        yield
    except BaseException:
        for storage, name in written:
            try:
                storage.delete(name)
            except OSError:
                logger.exception("could not delete orphan photo file %r", name)
        raise
    finally:
        _WRITTEN.reset(token)


def photo_make_private(photo) -> bool:
    """Move a photo stored before the private storage (``reports/<id>/<its own name>`` in
    the public default storage) into the private storage: cleaned, under a random name,
    with a thumbnail; the public file is deleted once the move commits. A file Pillow can
    no longer accept is moved as it is. False when there was nothing to move."""
    old_name = photo.image.name
    public = storages["default"]
    if not old_name or not public.exists(old_name):
        logger.warning("report photo %s: no file %r to move", photo.pk, old_name)
        return False
    with public.open(old_name, "rb") as handle:
        upload = File(io.BytesIO(handle.read()), name=old_name.rsplit("/", 1)[-1])
    try:
        cleaned = photo_clean(upload)
    except ValidationError as exc:
        logger.warning("report photo %s moved uncleaned: %s", photo.pk, exc.messages[0])
        upload.seek(0)
        photo.image.save(upload.name, upload, save=False)
        photo.content_type = "application/octet-stream"
    else:
        photo.image.save(cleaned.image.name, cleaned.image, save=False)
        photo.thumbnail.save(cleaned.thumbnail.name, cleaned.thumbnail, save=False)
        photo.content_type = cleaned.content_type
    photo.save(update_fields=["image", "thumbnail", "content_type"])
    transaction.on_commit(lambda: public.delete(old_name))
    return True
