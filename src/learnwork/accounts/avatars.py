"""Avatar images: checked, cropped square, resized and re-encoded (pure, no database)."""

from __future__ import annotations

import io
import warnings

from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from learnwork.core.errors import InvalidInput, PayloadTooLarge

MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000  # refuse decompression bombs before decoding them
SIZE = 256
ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}


def process_avatar(data: bytes) -> bytes:
    """Return a 256x256 WebP of the uploaded image, or raise a clear error.

    Re-encoding drops metadata (location in EXIF) and anything that is not pixels.
    """
    if len(data) > MAX_BYTES:
        raise PayloadTooLarge(_("The image is larger than 5 MB. Choose a smaller one."))
    if not data:
        raise InvalidInput(_("The file is empty."), field="avatar")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                fmt = probe.format
                width, height = probe.size
                if fmt not in ACCEPTED_FORMATS:
                    raise InvalidInput(
                        _("Upload a JPEG, PNG, WebP or GIF image."), field="avatar"
                    )
                if width * height > MAX_PIXELS:
                    raise InvalidInput(_("The image has too many pixels."), field="avatar")
                probe.seek(0)
                image = probe.convert("RGBA") if probe.mode in ("P", "LA", "RGBA") \
                    else probe.convert("RGB")
    except (UnidentifiedImageError, Image.DecompressionBombError,
            Image.DecompressionBombWarning, OSError, SyntaxError, ValueError) as exc:
        if isinstance(exc, InvalidInput):
            raise
        raise InvalidInput(
            _("That file is not an image we can read. Upload a JPEG, PNG, WebP or GIF."),
            field="avatar",
        ) from exc
    image = ImageOps.exif_transpose(image) or image
    image = ImageOps.fit(image, (SIZE, SIZE), method=Image.Resampling.LANCZOS)
    out = io.BytesIO()
    image.save(out, format="WEBP", quality=85)
    return out.getvalue()
