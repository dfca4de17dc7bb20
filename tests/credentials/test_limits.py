"""Limits on input: JSON size and depth, file kinds by their bytes, image bombs (pure)."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from PIL import Image

from learnwork.core.errors import PayloadTooLarge
from learnwork.credentials import limits
from learnwork.credentials.badge_errors import UnreadableInput

from .badge_server import png_bytes


def bomb_png(width: int = 100_000, height: int = 100_000) -> bytes:
    """A tiny PNG that claims 10 billion pixels: decoding it would need tens of GB."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(
            ">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    rows = zlib.compress(b"\0" * 1024 * 1024, 9)  # a fraction of the first rows
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows)
            + chunk(b"IEND", b""))


def test_json_parses_within_limits():
    assert limits.parse_json(b'{"a": [1, {"b": "c"}]}') == {"a": [1, {"b": "c"}]}
    assert limits.parse_json("\ufeff[]".encode()) == []


def test_json_nested_ten_thousand_deep_is_refused_before_parsing():
    with pytest.raises(UnreadableInput, match="nested more than 64 levels deep"):
        limits.parse_json("[" * 10_000 + "]" * 10_000)
    with pytest.raises(UnreadableInput, match="nested more than 64 levels deep"):
        limits.parse_json('{"a":' * 10_000 + "1" + "}" * 10_000)


def test_brackets_inside_strings_do_not_count_as_depth():
    text = '{"x": "' + "[" * 1000 + '\\"[[["}'
    assert limits.parse_json(text) == {"x": "[" * 1000 + '"[[['}
    assert not limits.depth_exceeds('["\\\\", [[]]]', 3)
    assert limits.depth_exceeds('["\\\\", [[[]]]]', 3)


def test_json_over_the_size_limit_is_too_large():
    with pytest.raises(PayloadTooLarge, match="larger than 512 KB"):
        limits.parse_json(b" " * (512 * 1024 + 1))


def test_invalid_json_says_where():
    with pytest.raises(UnreadableInput, match=r"not valid JSON: Expecting .* line 1, column 9"):
        limits.parse_json('{"a": 1,}')


def test_nan_and_giant_numbers_are_refused():
    with pytest.raises(UnreadableInput, match="NaN is not allowed"):
        limits.parse_json('{"a": NaN}')
    with pytest.raises(UnreadableInput, match="not valid JSON"):
        limits.parse_json("[" + "9" * 5000 + "]")


def test_text_that_is_not_utf8_is_refused():
    with pytest.raises(UnreadableInput, match="not UTF-8 text"):
        limits.parse_json(b'{"a": "\xff\xfe"}')


@pytest.mark.parametrize(("data", "kind"), [
    (png_bytes(), "png"),
    (b"\xff\xd8\xff\xe0rest", "jpeg"),
    (b"GIF89a....", "gif"),
    (b"RIFF\0\0\0\0WEBPVP8 ", "webp"),
    (b"%PDF-1.7", "pdf"),
    (b"PK\x03\x04", "zip"),
    (b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>', "svg"),
    (b'  {"a": 1}', "json"),
    (b"eyJhbGciOiJSUzI1NiJ9.e30.c2ln", "jwt"),
    (b"hello", None),
    (b"<html><body>not an svg</body></html>", None),
])
def test_sniff_goes_by_the_first_bytes(data, kind):
    assert limits.sniff(data) == kind


def test_badge_png_reencodes_and_shrinks():
    out = limits.badge_png(png_bytes((1200, 900)))
    with Image.open(io.BytesIO(out)) as image:
        assert image.format == "PNG"
        assert max(image.size) == 512


def test_badge_png_refuses_a_decompression_bomb_without_decoding_it():
    with pytest.raises(UnreadableInput, match="claims far too many pixels"):
        limits.badge_png(bomb_png())
    # Below Pillow's own bomb limit, but above ours: refused before a pixel is decoded.
    with pytest.raises(UnreadableInput, match="claims 6000×6000 pixels, too many"):
        limits.badge_png(bomb_png(6000, 6000))


def test_badge_png_refuses_what_is_not_an_image():
    with pytest.raises(UnreadableInput, match="could not be read as an image"):
        limits.badge_png(b"\x89PNG\r\n\x1a\n" + b"garbage" * 10)
    with pytest.raises(UnreadableInput, match="could not be read as an image"):
        limits.badge_png(b"<svg xmlns='http://www.w3.org/2000/svg'/>")


def test_badge_png_refuses_a_huge_file():
    with pytest.raises(PayloadTooLarge, match="larger than 2 MB"):
        limits.badge_png(b"\0" * (2 * 1024 * 1024 + 1))


def test_jws_parts_are_parsed_within_limits():
    header, payload = limits.jws_parts("eyJhbGciOiJSUzI1NiJ9.eyJhIjoxfQ.c2ln")
    assert header == {"alg": "RS256"} and payload == {"a": 1}
    with pytest.raises(UnreadableInput, match="three parts"):
        limits.jws_parts("a.b")
    with pytest.raises(UnreadableInput, match="not base64url|not valid JSON"):
        limits.jws_parts("!!!.e30.c2ln")
