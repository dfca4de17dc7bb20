"""Baking badges into PNG and SVG images and reading them back out (pure)."""

from __future__ import annotations

import io
import json
import struct
import zlib

import pytest
from defusedxml import ElementTree as SafeET
from PIL import Image

from learnwork.credentials import baking
from learnwork.credentials.badge_errors import NotABadge, UnreadableInput

from .badge_server import png_bytes

SVG = (b'<?xml version="1.0" encoding="UTF-8"?>\n<!-- a <svg> in a comment -->\n'
       b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" width="10">'
       b'<circle cx="5" cy="5" r="4" fill="teal"/></svg>')
CREDENTIAL = {"@context": ["https://www.w3.org/ns/credentials/v2"], "id": "urn:uuid:1",
              "type": ["VerifiableCredential", "OpenBadgeCredential"],
              "name": "Tricky ]]> name & <tags> — ünïcode"}
JWT = "eyJhbGciOiJFZERTQSJ9.eyJ2YyI6e319.c2lnbmF0dXJl"


def _chunk(kind: bytes, body: bytes) -> bytes:
    return (struct.pack(">I", len(body)) + kind + body
            + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF))


def _with_chunk(png: bytes, chunk: bytes) -> bytes:
    return png[:33] + chunk + png[33:]  # right after the 8-byte signature and 25-byte IHDR


def test_png_round_trip_open_badges_2():
    assertion = {"id": "https://issuer.example/a/1", "recipient": {"identity": "ana@x.org"}}
    baked = baking.bake_png(png_bytes(), assertion)
    assert json.loads(baking.unbake_png(baked)) == assertion
    with Image.open(io.BytesIO(baked)) as image:  # still a valid image
        image.load()
        assert image.size == (64, 64)
        assert json.loads(image.info["openbadges"]) == assertion


def test_png_round_trip_open_badges_3_with_the_spec_keyword():
    baked = baking.bake_png(png_bytes(), CREDENTIAL, keyword=baking.OB3_KEYWORD)
    assert json.loads(baking.unbake_png(baked)) == CREDENTIAL
    with Image.open(io.BytesIO(baked)) as image:
        assert "openbadgecredential" in image.info


def test_baking_again_replaces_the_old_chunk():
    once = baking.bake_png(png_bytes(), "https://issuer.example/a/1")
    twice = baking.bake_png(once, "https://issuer.example/a/2")
    assert baking.unbake_png(twice) == "https://issuer.example/a/2"
    assert twice.count(b"openbadges") == 1


def test_legacy_text_chunk_and_compressed_itxt_are_read():
    legacy = _with_chunk(png_bytes(), _chunk(b"tEXt", b"openbadges\0https://old.example/a.json"))
    assert baking.unbake_png(legacy) == "https://old.example/a.json"
    body = b"openbadges\0\x01\x00\0\0" + zlib.compress(json.dumps(CREDENTIAL).encode())
    compressed = _with_chunk(png_bytes(), _chunk(b"iTXt", body))
    assert json.loads(baking.unbake_png(compressed)) == CREDENTIAL


def test_compressed_text_bomb_is_refused():
    bomb = zlib.compress(b" " * (20 * 1024 * 1024), 9)
    body = b"openbadges\0\x01\x00\0\0" + bomb
    with pytest.raises(UnreadableInput, match="too large to be a badge"):
        baking.unbake_png(_with_chunk(png_bytes(), _chunk(b"iTXt", body)))


def test_png_without_a_badge_says_so():
    with pytest.raises(NotABadge, match="no Open Badge baked into it"):
        baking.unbake_png(png_bytes())


def test_broken_pngs_are_refused_clearly():
    with pytest.raises(UnreadableInput, match="not a PNG"):
        baking.unbake_png(b"GIF89a")
    with pytest.raises(UnreadableInput, match="cut short"):
        baking.unbake_png(png_bytes()[:40])
    lying = b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 2**31) + b"IHDR" + b"\0" * 20
    with pytest.raises(UnreadableInput, match="cut short"):
        baking.unbake_png(lying)


def test_svg_round_trip_with_json_in_cdata():
    baked = baking.bake_svg(SVG, CREDENTIAL)
    assert json.loads(baking.unbake_svg(baked)) == CREDENTIAL
    root = SafeET.fromstring(baked)
    first = root[0]
    assert first.tag == "{https://purl.imsglobal.org/ob/v3p0}credential"
    assert first.get("verify") is None
    assert b"<![CDATA[" in baked
    assert baked.count(b"<circle") == 1  # the picture itself is untouched


def test_svg_round_trip_with_a_jwt_in_verify():
    baked = baking.bake_svg(SVG, JWT)
    assert baking.unbake_svg(baked) == JWT
    assert f'<openbadges:credential verify="{JWT}"></openbadges:credential>'.encode() in baked


def test_svg_baking_replaces_an_old_credential_and_self_closing_svgs_work():
    once = baking.bake_svg(SVG, CREDENTIAL)
    twice = baking.bake_svg(once, JWT)
    assert baking.unbake_svg(twice) == JWT
    assert twice.count(b"openbadges:credential") == 2  # one open and one close tag
    assert twice.count(b"xmlns:openbadges") == 1
    empty = baking.bake_svg(b'<svg xmlns="http://www.w3.org/2000/svg"/>', CREDENTIAL)
    assert json.loads(baking.unbake_svg(empty)) == CREDENTIAL


def test_open_badges_2_svg_assertions_are_read():
    url = "https://issuer.example/assertions/1"
    hosted = (f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="http://openbadges.org">'
              f'<openbadges:assertion verify="{url}"><![CDATA[{{"id": "{url}"}}]]>'
              f'</openbadges:assertion></svg>').encode()
    assert json.loads(baking.unbake_svg(hosted)) == {"id": url}
    bare = hosted.replace(f'<![CDATA[{{"id": "{url}"}}]]>'.encode(), b"")
    assert baking.unbake_svg(bare) == url
    signed = (f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="http://openbadges.org">'
              f'<openbadges:assertion verify="{JWT}"/></svg>').encode()
    assert baking.unbake_svg(signed) == JWT


def test_svg_without_a_badge_says_so():
    with pytest.raises(NotABadge, match="no Open Badge baked into it"):
        baking.unbake_svg(SVG)


@pytest.mark.parametrize("hostile", [
    b'<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    b'<svg xmlns="http://www.w3.org/2000/svg">&b;</svg>',
    b'<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    b'<svg xmlns="http://www.w3.org/2000/svg">&x;</svg>',
])
def test_svg_entities_are_refused(hostile):
    with pytest.raises(UnreadableInput, match="entities or external references"):
        baking.unbake_svg(hostile)


def test_not_an_svg_is_refused():
    with pytest.raises(UnreadableInput, match="not a well-formed SVG"):
        baking.unbake_svg(b"<svg><unclosed></svg>")
    with pytest.raises(UnreadableInput, match="XML, but not an SVG"):
        baking.unbake_svg(b"<html xmlns='http://www.w3.org/1999/xhtml'/>")


def test_deeply_nested_svg_does_not_crash():
    deep = (b'<svg xmlns="http://www.w3.org/2000/svg">' + b"<g>" * 50_000 + b"</g>" * 50_000
            + b"</svg>")
    with pytest.raises(NotABadge):
        baking.unbake_svg(deep)
