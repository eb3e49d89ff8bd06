"""A small OpenID Provider for unit tests: discovery, JWKS, token, introspection and
userinfo over real HTTP on a loopback thread, signing with jwcrypto.

A fake inside unit tests only; the integration tests run an independent certified
provider (tests/oidc_provider). Tests drive the browser half themselves: they read the
authorization request the relying party sent, and answer with a code of their choosing.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse

from jwcrypto.jwk import JWK, JWKSet
from jwcrypto.jwt import JWT


def rsa_key(kid: str) -> JWK:
    return JWK.generate(kty="RSA", size=2048, kid=kid, use="sig", alg="RS256")


@dataclass
class Grant:
    claims: dict[str, Any]
    code_challenge: str
    client_id: str
    redirect_uri: str
    sign: Callable[[dict[str, Any]], str] | None = None


@dataclass
class LoopbackProvider:
    port: int = 0
    key: JWK = field(default_factory=lambda: rsa_key("key-1"))
    published: list[JWK] = field(default_factory=list)
    grants: dict[str, Grant] = field(default_factory=dict)
    # token -> introspection answer
    access_tokens: dict[str, dict[str, Any]] = field(default_factory=dict)
    hits: Counter[str] = field(default_factory=Counter)
    token_requests: list[dict[str, Any]] = field(default_factory=list)
    userinfo_subjects: dict[str, str] = field(default_factory=dict)
    # sub -> claims served by userinfo only (not put in the ID token)
    profiles: dict[str, dict[str, Any]] = field(default_factory=dict)
    # when set, userinfo answers as this subject (a provider mixing people up)
    userinfo_sub_override: str = ""

    @property
    def issuer(self) -> str:
        return f"http://127.0.0.1:{self.port}/oidc"

    def reset(self) -> None:
        self.key = rsa_key("key-1")
        self.published = [self.key]
        self.grants.clear()
        self.access_tokens.clear()
        self.hits.clear()
        self.token_requests.clear()
        self.userinfo_subjects.clear()
        self.profiles.clear()
        self.userinfo_sub_override = ""

    def jwks(self) -> dict[str, Any]:
        keys = JWKSet()
        for key in self.published:
            keys.add(key)
        return json.loads(keys.export(private_keys=False))

    def sign(self, claims: dict[str, Any], *, key: JWK | None = None, alg: str = "RS256") -> str:
        key = key or self.key
        token = JWT(header={"alg": alg, "kid": key.get("kid"), "typ": "JWT"}, claims=claims)
        token.make_signed_token(key)
        return token.serialize()

    def id_claims(
        self, *, client_id: str, nonce: str, sub: str = "person-1", **extra: Any
    ) -> dict[str, Any]:
        now = int(time.time())
        claims: dict[str, Any] = {
            "iss": self.issuer,
            "sub": sub,
            "aud": client_id,
            "nonce": nonce,
            "iat": now,
            "exp": now + 300,
            "sid": f"sid-{sub}",
        }
        claims.update(extra)
        return {k: v for k, v in claims.items() if v is not None}

    def logout_claims(self, *, client_id: str, **extra: Any) -> dict[str, Any]:
        claims: dict[str, Any] = {
            "iss": self.issuer,
            "aud": client_id,
            "iat": int(time.time()),
            "jti": uuid.uuid4().hex,
            "events": {"http://schemas.openid.net/event/backchannel-logout": {}},
            "sid": "sid-person-1",
        }
        claims.update(extra)
        return {k: v for k, v in claims.items() if v is not None}

    def grant(
        self,
        authorize_url: str,
        *,
        claims: dict[str, Any],
        sign: Callable[[dict[str, Any]], str] | None = None,
    ) -> tuple[str, str]:
        """Answer an authorization request with a code for these ID token claims
        (the nonce filled in from the request); returns (code, state)."""
        params = {k: v[0] for k, v in parse_qs(urlparse(authorize_url).query).items()}
        code = secrets.token_urlsafe(16)
        merged = dict(claims)
        if not merged.get("nonce"):
            merged["nonce"] = params["nonce"]
        self.grants[code] = Grant(
            claims=merged,
            code_challenge=params["code_challenge"],
            client_id=params["client_id"],
            redirect_uri=params["redirect_uri"],
            sign=sign,
        )
        return code, params["state"]

    def start(self) -> None:
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def _json(self, status: int, body: Any) -> None:
                raw = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

            def _form(self) -> dict[str, str]:
                length = int(self.headers.get("Content-Length", "0"))
                data = parse_qs(self.rfile.read(length).decode())
                return {k: v[0] for k, v in data.items()}

            def _basic(self) -> tuple[str, str]:
                header = self.headers.get("Authorization", "")
                if not header.startswith("Basic "):
                    return "", ""
                user, _sep, secret = base64.b64decode(header[6:]).decode().partition(":")
                return user, secret

            def do_GET(self) -> None:
                path = urlparse(self.path).path
                provider.hits[path] += 1
                if path == "/oidc/.well-known/openid-configuration":
                    base = provider.issuer
                    self._json(
                        200,
                        {
                            "issuer": base,
                            "authorization_endpoint": base + "/authorize/",
                            "token_endpoint": base + "/token/",
                            "jwks_uri": base + "/jwks/",
                            "end_session_endpoint": base + "/logout/",
                            "introspection_endpoint": base + "/introspect/",
                            "userinfo_endpoint": base + "/userinfo/",
                            "token_endpoint_auth_methods_supported": ["client_secret_basic"],
                        },
                    )
                elif path == "/oidc/jwks/":
                    self._json(200, provider.jwks())
                elif path == "/oidc/userinfo/":
                    token = self.headers.get("Authorization", "")[7:]
                    sub = provider.userinfo_subjects.get(token)
                    profile = provider.profiles.get(sub or "", {})
                    answered_sub = provider.userinfo_sub_override or sub
                    self._json(200 if sub else 401, {**profile, "sub": answered_sub} if sub else {})
                else:
                    self._json(404, {})

            def do_POST(self) -> None:
                path = urlparse(self.path).path
                provider.hits[path] += 1
                form = self._form()
                client_id, secret = self._basic()
                if path == "/oidc/token/":
                    provider.token_requests.append(
                        {**form, "client_id": client_id, "secret": secret}
                    )
                    grant = provider.grants.pop(form.get("code", ""), None)
                    verifier = form.get("code_verifier", "")
                    challenge = (
                        base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
                        .rstrip(b"=")
                        .decode()
                    )
                    if (
                        grant is None
                        or grant.client_id != client_id
                        or grant.code_challenge != challenge
                        or grant.redirect_uri != form.get("redirect_uri")
                    ):
                        self._json(400, {"error": "invalid_grant"})
                        return
                    claims = {k: v for k, v in grant.claims.items() if v is not None}
                    sign = grant.sign or provider.sign
                    access_token = secrets.token_urlsafe(16)
                    provider.userinfo_subjects[access_token] = str(claims.get("sub", ""))
                    self._json(
                        200,
                        {
                            "access_token": access_token,
                            "token_type": "Bearer",
                            "id_token": sign(claims),
                        },
                    )
                elif path == "/oidc/introspect/":
                    answer = provider.access_tokens.get(form.get("token", ""), {"active": False})
                    self._json(200, answer if client_id else {"active": False})
                else:
                    self._json(404, {})

        server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.port = server.server_address[1]
        threading.Thread(target=server.serve_forever, daemon=True).start()
