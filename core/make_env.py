"""Print a .env for running the embedded default on this machine, with a fresh secret key."""

import secrets

print(
    "\n".join(
        [
            "DEBUG=0",
            f"SECRET_KEY={secrets.token_urlsafe(64)}",
            "ALLOWED_HOSTS=127.0.0.1,localhost",
            "# Plain HTTP on this machine; behind HTTPS set these three to 1 / 31536000.",
            "SECURE_SSL_REDIRECT=0",
            "SECURE_COOKIES=0",
            "SECURE_HSTS_SECONDS=0",
        ]
    )
)
