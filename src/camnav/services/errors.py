"""What a use case can refuse, without HTTP codes: the API maps these to problem details."""

from __future__ import annotations


class ServiceError(Exception):
    """A use case refused the request; `field` names the input at fault when there is one."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class NotFound(ServiceError):
    """The resource does not exist, or the actor may not know that it does."""


class Forbidden(ServiceError):
    """The actor is signed in but may not do this; the attempt is audited."""


class Unauthenticated(ServiceError):
    """No valid session or token, or a wrong username or password."""


class InvalidRequest(ServiceError):
    """The request is well-formed but its content is wrong (an unknown plan, a bad date...)."""


class Conflict(ServiceError):
    """The request clashes with stored state (a claim id taken, a duplicate in flight)."""


class IdempotencyMismatch(ServiceError):
    """An Idempotency-Key reused for a different request."""


class IdempotencyInFlight(ServiceError):
    """The first request with this Idempotency-Key is still being processed."""


class PayloadTooLarge(ServiceError):
    """An uploaded file is larger than the limit."""


class UnsupportedMediaType(ServiceError):
    """An uploaded file's content is not of a type accepted (checked by content, not by name)."""


class Busy(ServiceError):
    """The database stayed busy with other writes for too long; the client should retry."""
