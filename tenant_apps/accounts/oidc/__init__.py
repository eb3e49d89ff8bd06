"""The relying party: each organisation (the hub included) logs people in at one issuer.

Configuration is per request (the organisation's own client from tenants/oidc_clients.py,
the issuer's discovery document), never mozilla-django-oidc's global settings; we use that
library's PKCE and multi-tab state helpers and close its known gaps (aud, iss, exp, JWKS
caching) here.
"""
