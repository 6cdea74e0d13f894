"""Evidence photos of a report: what the form and the workflow accept."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

PHOTO_MAX_BYTES = 10 * 1024 * 1024
PHOTO_MAX_COUNT = 12
PHOTO_FORMATS = {"JPEG", "PNG", "GIF", "WEBP"}


def validate_photo(upload) -> None:
    """Images only, at most 10 MB, and really an image: Pillow must read it (a PDF renamed
    .jpg is refused). Raises ValidationError with a message for the user."""
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
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise not_an_image
    finally:
        upload.seek(0)
    if kind not in PHOTO_FORMATS:
        raise not_an_image
