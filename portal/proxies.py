"""The reader's address behind the reverse proxy.

Behind nginx every request comes from nginx's address: django-axes, which counts failed
logins per username and address, would count everyone's failures against that one address
(one reader's mistakes locking the name for all). nginx passes on the address it saw in
``X-Forwarded-For`` (overwriting whatever the client sent); that header is believed only
from the proxies named in ``TRUSTED_PROXIES``, so a client speaking to a web host directly
cannot choose its own address."""

from django.conf import settings


def client_ip(request) -> str:
    remote = request.META.get("REMOTE_ADDR", "")
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if forwarded and remote in settings.TRUSTED_PROXIES:
        # The last entry is the one our proxy wrote; earlier ones are the client's claims.
        return forwarded.split(",")[-1].strip() or remote
    return remote
