"""Start the test provider: `python -m klimop.accounts.tests.oidc_provider.serve MAP CLIENT_ID CLIENT_SECRET`.

Makes an RS256 key and a fresh database in MAP, registers the portal as a client, prints the port and serves.
"""

import os
import sys
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa


class Server(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class StilleHandler(WSGIRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 (the standard library's name)
        pass


def main(map_: str, client_id: str, client_secret: str) -> None:
    sleutel = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = sleutel.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    with open(os.path.join(map_, "sleutel.pem"), "wb") as bestand:
        bestand.write(pem)
    os.environ["AANBIEDER_MAP"] = map_
    os.environ["DJANGO_SETTINGS_MODULE"] = "klimop.accounts.tests.oidc_provider.settings"
    import django

    django.setup()
    from django.core.management import call_command
    from django.core.wsgi import get_wsgi_application
    from oauth2_provider.models import Application

    call_command("migrate", verbosity=0)
    Application.objects.create(
        name="KlimOp portaal",
        client_id=client_id,
        client_secret=client_secret,
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris="http://testserver/oidc/callback/ http://localhost/oidc/callback/",
        post_logout_redirect_uris="http://testserver/ http://localhost/",
        algorithm=Application.RS256_ALGORITHM,
        skip_authorization=True,
    )
    server = make_server("127.0.0.1", 0, get_wsgi_application(), server_class=Server, handler_class=StilleHandler)
    print(server.server_port, flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main(*sys.argv[1:4])
