"""The LRS's HTTP plumbing: version negotiation, the 1.0.3 alternate request syntax, Basic
authentication, errors as JSON with the version header, and HEAD wherever GET is.

Every LRS view is wrapped by `lrs_view`, which hands it an `XapiRequest` (the effective
method, parameters, headers and body, whichever syntax carried them) and turns a DomainError
into its status with `{"error": code, "detail": text}`.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import wraps
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from learnwork.core.errors import DomainError
from learnwork.xapi.canonical import dumps
from learnwork.xapi.errors import (
    BadRequest,
    PayloadTooLarge,
    Unauthenticated,
    VersionUnsupported,
)

if TYPE_CHECKING:
    from learnwork.providers.auth import LrsPrincipal

logger = logging.getLogger("learnwork.xapi")

V103 = "1.0.3"
V200 = "2.0.0"
SUPPORTED = [V103, V200]
_V10 = re.compile(r"^1\.0(?:\.\d+)?$")
_V20 = re.compile(r"^2\.0(?:\.\d+)?$")
# Headers the alternate request syntax carries as form fields (1.0.3, Communication 1.3).
_FORM_HEADERS = {
    "authorization": "authorization", "x-experience-api-version": "x-experience-api-version",
    "content-type": "content-type", "content-length": "content-length",
    "if-match": "if-match", "if-none-match": "if-none-match",
}
_METHODS = ("GET", "HEAD", "PUT", "POST", "DELETE")
REALM = 'Basic realm="Learnwork LRS", charset="UTF-8"'


@dataclass
class XapiRequest:
    method: str
    params: dict[str, str]
    headers: dict[str, str]
    body: bytes
    version: str
    principal: LrsPrincipal | None = None
    django: HttpRequest | None = field(default=None, repr=False)

    @property
    def who(self) -> LrsPrincipal:
        """The authenticated principal (lrs_view authenticates before any handler runs)."""
        if self.principal is None:
            raise Unauthenticated()
        return self.principal

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "")

    @property
    def media_type(self) -> str:
        return self.content_type.split(";")[0].strip().lower()


def negotiate(header: str | None) -> str:
    """The version a request speaks: 1.0.x is served as 1.0.3, 2.0 and 2.0.x as 2.0.0."""
    if header is None:
        raise VersionUnsupported(_("The header X-Experience-API-Version is required on every "
                                   "request except to /about (send 2.0.0 or 1.0.3)."))
    value = header.strip()
    if _V20.match(value):
        return V200
    if _V10.match(value):
        return V103
    raise VersionUnsupported(_('This LRS speaks xAPI 1.0.3 and 2.0.0; "%(value)s" is neither.')
                             % {"value": value[:20]})


def respond(status: int = 200, body: Any = None, *, version: str = V200,
            content_type: str = "application/json", raw: bytes | str | None = None,
            headers: dict[str, str] | None = None) -> HttpResponse:
    if raw is None:
        raw = b"" if body is None else dumps(body)
    response = HttpResponse(raw, status=status,
                            content_type=content_type if (raw or body is not None) else None)
    if not raw and body is None:
        del response["Content-Type"]
    response["X-Experience-API-Version"] = version
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def error_response(exc: DomainError, version: str) -> HttpResponse:
    response = respond(exc.status, {"error": exc.code, "detail": exc.detail}, version=version)
    if exc.status == 401:
        response["WWW-Authenticate"] = REALM
    return response


def _params(request: HttpRequest) -> dict[str, str]:
    params: dict[str, str] = {}
    for name, values in request.GET.lists():
        if len(values) > 1:
            raise BadRequest(_("The parameter %(name)s is sent more than once.") % {"name": name})
        params[name] = values[0]
    return params


def _headers(request: HttpRequest) -> dict[str, str]:
    return {name.lower(): value for name, value in request.headers.items()}


def build(request: HttpRequest) -> XapiRequest:
    params = _params(request)
    headers = _headers(request)
    try:
        body = request.body
    except RequestDataTooBig as exc:
        raise PayloadTooLarge(_("The request is larger than this LRS accepts.")) from exc
    method = request.method or "GET"
    if "method" in params:
        return _alternate(request, params, headers, body)
    version = negotiate(headers.get("x-experience-api-version"))
    return XapiRequest(method, params, headers, body, version, django=request)


def _alternate(request: HttpRequest, params: dict[str, str], headers: dict[str, str],
               body: bytes) -> XapiRequest:
    """The 1.0.3 alternate request syntax: POST ?method=X with the parameters, headers and
    content as form fields. Gone in 2.0, where `method` is an unknown parameter."""
    spoken = headers.get("x-experience-api-version")
    if spoken is not None and negotiate(spoken) == V200:
        raise BadRequest(_("xAPI 2.0 has no alternate request syntax: send a %(method)s "
                           "request instead of ?method=.") % {"method": params["method"][:10]})
    if request.method != "POST":
        raise BadRequest(_("The alternate request syntax is a POST with ?method=."))
    if set(params) != {"method"}:
        raise BadRequest(_("With the alternate request syntax the query string holds only "
                           "method; send the other parameters as form fields."))
    method = params["method"]
    if method not in _METHODS:
        raise BadRequest(_("method must be GET, HEAD, PUT, POST or DELETE."))
    if headers.get("content-type", "").split(";")[0].strip().lower() != \
            "application/x-www-form-urlencoded":
        raise BadRequest(_("The alternate request syntax sends its fields as "
                           "application/x-www-form-urlencoded."))
    try:
        fields = parse_qsl(body.decode("utf-8"), keep_blank_values=True, strict_parsing=bool(body))
    except (UnicodeDecodeError, ValueError) as exc:
        raise BadRequest(_("The form fields could not be read.")) from exc
    new_params: dict[str, str] = {}
    new_headers = {k: v for k, v in headers.items() if k not in _FORM_HEADERS}
    content = b""
    for name, value in fields:
        lowered = name.lower()
        if lowered in _FORM_HEADERS:
            new_headers[_FORM_HEADERS[lowered]] = value
        elif name == "content":
            content = value.encode("utf-8")
        elif name in new_params:
            raise BadRequest(_("The field %(name)s is sent more than once.") % {"name": name})
        else:
            new_params[name] = value
    if "content-type" not in new_headers and content:
        new_headers["content-type"] = "application/json"
    if method in ("PUT", "POST") and not content:
        raise BadRequest(_('A PUT or POST in the alternate request syntax sends its body in '
                           'the form field "content".'))
    version = negotiate(new_headers.get("x-experience-api-version"))
    if version != V103:
        raise BadRequest(_("The alternate request syntax exists only in xAPI 1.0.3."))
    return XapiRequest(method, new_params, new_headers, content, version, django=request)


def authenticate(xreq: XapiRequest) -> LrsPrincipal:
    from learnwork.providers.auth import authenticate_basic

    principal = authenticate_basic(xreq.headers.get("authorization"))
    if principal is None:
        raise Unauthenticated(_("Send the LRS key and secret of a course provider with HTTP "
                                "Basic authentication."))
    return principal


def lrs_view(handlers: dict[str, Callable[..., HttpResponse]], *,
             anonymous: bool = False) -> Callable[..., HttpResponse]:
    """A view dispatching by the effective method; HEAD runs GET and drops the body."""
    allowed = sorted({*handlers, *(["HEAD"] if "GET" in handlers else [])})

    @csrf_exempt
    @wraps(next(iter(handlers.values())))
    def view(request: HttpRequest, **kwargs: Any) -> HttpResponse:
        version = V200
        try:
            if anonymous:
                xreq = XapiRequest(request.method or "GET", _params(request), _headers(request),
                                   b"", _lenient(request), django=request)
            else:
                xreq = build(request)
            version = xreq.version
            head = xreq.method == "HEAD"
            handler = handlers.get("GET" if head else xreq.method)
            if handler is None:
                response = respond(405, {"error": "method_not_allowed", "detail": _(
                    "This resource answers %(methods)s.") % {"methods": ", ".join(allowed)}},
                    version=version, headers={"Allow": ", ".join(allowed)})
                return response
            if not anonymous:
                xreq.principal = authenticate(xreq)
            response = handler(xreq, **kwargs)
        except DomainError as exc:
            return error_response(exc, version)
        if head:
            length = len(response.content)
            response.content = b""
            response["Content-Length"] = str(length)
        return response

    return view


def _lenient(request: HttpRequest) -> str:
    """About answers whatever version is asked (or none): in that version when known."""
    try:
        return negotiate(request.headers.get("X-Experience-API-Version") or V200)
    except VersionUnsupported:
        return V200
