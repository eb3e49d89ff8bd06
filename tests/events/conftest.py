from tests.discussions.conftest import english, public_cast

__all__ = ["english", "public_cast"]
