"""The offline JSON-LD loader: bundled contexts only, checked against the manifest."""

from __future__ import annotations

import hashlib
import json

import pytest

from learnwork.core.errors import InvalidInput
from learnwork.credentials import jsonld

OB3_CONTEXTS = ["https://www.w3.org/ns/credentials/v2",
                "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"]


def test_every_bundled_file_matches_the_manifest_hash():
    manifest = json.loads((jsonld.CONTEXTS_DIR / "manifest.json").read_text())
    for filename, entry in manifest["files"].items():
        raw = (jsonld.CONTEXTS_DIR / filename).read_bytes()
        assert hashlib.sha256(raw).hexdigest() == entry["sha256"], filename
        assert len(raw) == entry["bytes"], filename
    # Every URL points at a file that is there.
    assert set(manifest["urls"].values()) <= set(manifest["files"])


def test_loader_serves_bundled_contexts_by_exact_url():
    remote = jsonld.load_document("https://www.w3.org/ns/credentials/v2")
    assert remote["documentUrl"] == "https://www.w3.org/ns/credentials/v2"
    assert "@context" in remote["document"]


@pytest.mark.parametrize("url", [
    "https://evil.example/context.json",
    "https://www.w3.org/ns/credentials/v2/",  # no trailing-slash aliases
    "HTTPS://www.w3.org/ns/credentials/v2",
    "file:///etc/passwd",
])
def test_loader_refuses_every_other_url(url):
    with pytest.raises(jsonld.ContextNotBundled) as caught:
        jsonld.load_document(url)
    assert "does not know" in caught.value.detail


def test_loader_hands_out_copies(monkeypatch):
    first = jsonld.load_document("https://w3id.org/security/multikey/v1")["document"]
    first["@context"] = "spoiled"
    again = jsonld.load_document("https://w3id.org/security/multikey/v1")["document"]
    assert again["@context"] != "spoiled"


def test_a_tampered_bundled_file_is_refused(tmp_path, monkeypatch):
    manifest = json.loads((jsonld.CONTEXTS_DIR / "manifest.json").read_text())
    (tmp_path / "manifest.json").write_text(json.dumps(manifest))
    for filename in manifest["files"]:
        (tmp_path / filename).write_bytes((jsonld.CONTEXTS_DIR / filename).read_bytes())
    (tmp_path / "did-v1.jsonld").write_text('{"@context": {"id": "@id"}}')
    monkeypatch.setattr(jsonld, "CONTEXTS_DIR", tmp_path)
    jsonld._manifest.cache_clear()
    jsonld._bundled_document.cache_clear()
    try:
        with pytest.raises(jsonld.ContextTampered):
            jsonld.load_document("https://www.w3.org/ns/did/v1")
    finally:
        jsonld._manifest.cache_clear()
        jsonld._bundled_document.cache_clear()


def test_canonize_an_open_badge_3_credential_offline():
    nquads = jsonld.canonize({
        "@context": OB3_CONTEXTS,
        "id": "urn:uuid:0c7a1f3e-4a57-4a4b-9d1c-3a0f4c4b2f10",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": "https://learn.example/credentials/issuer", "type": ["Profile"],
                   "name": "Learnwork"},
        "validFrom": "2026-01-01T00:00:00Z",
        "credentialSubject": {"type": ["AchievementSubject"], "achievement": {
            "id": "https://learn.example/a/1", "type": ["Achievement"], "name": "SQL",
            "criteria": {"narrative": "Finished the course."}}},
    })
    assert "<https://purl.imsglobal.org/spec/vc/ob/vocab.html#Achievement>" in nquads
    assert '"SQL"' in nquads
    assert nquads.endswith(" .\n")


def test_canonize_names_the_unknown_context():
    with pytest.raises(jsonld.ContextNotBundled) as caught:
        jsonld.canonize({"@context": ["https://www.w3.org/ns/credentials/v2",
                                      "https://contexts.example/custom.json"], "id": "urn:x"})
    assert "https://contexts.example/custom.json" in caught.value.detail


def test_canonize_refuses_a_property_no_context_defines():
    # VC 1.1 has no @vocab, so "grade" would silently fall out of the signed form.
    with pytest.raises(jsonld.JsonLdFailure) as caught:
        jsonld.canonize({"@context": ["https://www.w3.org/2018/credentials/v1"],
                         "id": "urn:x", "type": ["VerifiableCredential"], "grade": "A"})
    assert "grade" in caught.value.detail


def test_invalid_json_ld_is_a_clear_error():
    with pytest.raises(jsonld.JsonLdFailure) as caught:
        jsonld.canonize({"@context": ["https://www.w3.org/ns/credentials/v2"], "@id": 5})
    assert "not valid JSON-LD" in caught.value.detail


def test_canonize_refuses_deep_documents_before_recursing():
    deep: dict = {"@context": OB3_CONTEXTS, "id": "urn:x"}
    node = deep
    for _ in range(jsonld.MAX_JSON_DEPTH + 5):
        node["credentialSubject"] = {}
        node = node["credentialSubject"]
    with pytest.raises(InvalidInput):
        jsonld.canonize(deep)


def test_canonize_handles_the_deepest_document_it_accepts():
    # An inline context (no URL to load) that maps every property.
    deep: dict = {"@context": {"@vocab": "urn:test#"}, "name": "top"}
    node = deep
    for level in range(jsonld.MAX_JSON_DEPTH - 1):
        node["next"] = {"name": f"level {level}"}
        node = node["next"]
    assert f'"level {jsonld.MAX_JSON_DEPTH - 2}"' in jsonld.canonize(deep)
