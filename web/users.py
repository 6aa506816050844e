"""Users: argon2 password hashes, sign-in, and `ensure_user` for the demo and tests."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from web.models import Role, User

_HASHER = PasswordHasher()


def ensure_table(db: Engine) -> None:
    """Create the users table when missing."""
    User.metadata.create_all(db)


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def normal_email(email: str) -> str:
    return email.strip().lower()


def ensure_user(
    session: Session, business_id: int, email: str, password: str, role: str | Role
) -> User:
    """Create the user, or reset an existing one's business, password and role. Flushes only."""
    email = normal_email(email)
    user = session.exec(select(User).where(User.email == email)).first()
    if user is None:
        user = User(business_id=business_id, email=email, password_hash="")
    user.business_id, user.role, user.active = business_id, Role(role), True
    user.password_hash = hash_password(password)
    session.add(user)
    session.flush()
    return user


def authenticate(session: Session, email: str, password: str) -> User | None:
    user = session.exec(select(User).where(User.email == normal_email(email))).first()
    if user is None or not user.active:
        _HASHER.hash(password)  # the same work either way: no user enumeration by timing
        return None
    return user if verify_password(user.password_hash, password) else None
